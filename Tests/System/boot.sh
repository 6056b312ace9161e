#!/usr/bin/env bash
# PID 1 of the namespaces `systemd-pid1-test.sh` makes: makes every place systemd may write private, then execs
# systemd. Follows ../shared/docs/systemd-pid1.md; read it before changing anything here. An unprotected boot runs
# `systemd-tmpfiles --boot --remove`, which once wiped the machine's /tmp.
#   usage: boot.sh WORK_DIR     (WORK_DIR: a host directory for the console log)
set -euo pipefail
work=$1

# Nothing mounted below may propagate to the host; refuse to go on otherwise. Until /run is a tmpfs of its own,
# every mount is -n: libmount would otherwise create /run/mount/utab on the host's /run.
mount -n --make-rprivate /
if findmnt -rno TARGET,PROPAGATION | awk '$2 ~ /shared/ { found = 1 } END { exit !found }'; then
  echo "boot.sh: a mount is still shared after --make-rprivate; refusing to boot systemd" >&2
  findmnt -o TARGET,PROPAGATION >&2
  exit 1
fi

mount -n -t tmpfs -o mode=0755 tmpfs /run
mount -t proc proc /proc   # this namespace's PIDs
# systemd remounts /sys/fs/cgroup read-write and adds its hierarchies' directories and symlinks there; on the host's
# tmpfs they would stay behind (read-only again). A tmpfs of its own keeps them private; the cgroups it makes inside
# the kernel's hierarchies are real and the test removes them afterwards.
mount -t tmpfs -o mode=0755 tmpfs /sys/fs/cgroup
# Installs (make install, sysusers, tmpfiles) land in overlays whose upper layers live in /run.
for dir in etc usr var; do
  mkdir -p "/run/overlay/$dir/upper" "/run/overlay/$dir/work"
  mount -t overlay overlay -o "lowerdir=/$dir,upperdir=/run/overlay/$dir/upper,workdir=/run/overlay/$dir/work" "/$dir"
done
for dir in /tmp /var/tmp; do mount -t tmpfs -o mode=1777 tmpfs "$dir"; done
for dir in /var/log/journal /var/lib/systemd /dev/shm; do mkdir -p "$dir"; mount -t tmpfs -o mode=0755 tmpfs "$dir"; done

# Every unit that touches host state (or needs hardware) is masked.
mkdir -p /run/systemd/system
masked=(
  sysinit.target basic.target
  systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service
  systemd-tmpfiles-clean.service systemd-tmpfiles-clean.timer systemd-sysctl.service
  systemd-udevd.service systemd-udev-trigger.service systemd-udevd-control.socket systemd-udevd-kernel.socket
  systemd-journald-dev-log.socket systemd-journald-audit.socket systemd-journal-flush.service
  systemd-timesyncd.service systemd-update-utmp.service systemd-random-seed.service systemd-remount-fs.service
  systemd-modules-load.service systemd-binfmt.service systemd-pstore.service systemd-repart.service
  systemd-firstboot.service systemd-machine-id-commit.service systemd-sysusers.service
  systemd-pcrphase.service systemd-pcrphase-initrd.service systemd-pcrphase-sysinit.service
  proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount sys-fs-fuse-connections.mount
  sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount dev-hugepages.mount dev-mqueue.mount
  kmod-static-nodes.service systemd-hwdb-update.service systemd-journal-catalog-update.service ldconfig.service
  systemd-update-done.service timers.target fstrim.service fstrim.timer e2scrub_reap.service e2scrub_all.service
  systemd-fsck-root.service systemd-growfs-root.service systemd-quotacheck.service getty.target
)
for unit in "${masked[@]}"; do ln -sf /dev/null "/run/systemd/system/$unit"; done
cat > /run/systemd/system/activetune-test.target <<'UNIT'
[Unit]
Description=activetune systemd test (journald and what the test starts)
Wants=systemd-journald.service
After=systemd-journald.service
UNIT

# systemd writes its console output here instead of the machine's console.
: > "$work/console.log"
mount --bind "$work/console.log" /dev/console
export container=activetune-test
exec /lib/systemd/systemd --system --unit=activetune-test.target
