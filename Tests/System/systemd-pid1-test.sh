#!/usr/bin/env bash
# `make test-systemd`: the shipped unit under a real systemd, booted as PID 1 in private pid, mount, uts and ipc
# namespaces (boot.sh, following ../shared/docs/systemd-pid1.md). Installs the project as `make install` does,
# starts the unit as shipped (plus only the drop-in that the masked sysinit.target requires), feeds it real tasks
# and bad files, and checks: active with STATUS=; the journal's events through rotations, each line once; reload
# applies a changed key before `systemctl reload` returns and fails when the file is refused; the watchdog through
# an idle period of 3 x WatchdogSec (with a short test interval); stop within TimeoutStopSec, mid-round;
# `systemd-analyze security` <= 1.0. It leaves the machine as it found it: canaries in /tmp and /var/tmp,
# fs.file-max restored, its cgroups removed, every process it started gone.
#   usage: Tests/System/systemd-pid1-test.sh     (root; after `make build`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ "$(id -u)" -eq 0 ] || { echo "systemd-pid1-test: needs root (namespaces, mounts)" >&2; exit 2; }
for tool in unshare nsenter findmnt /lib/systemd/systemd systemd-analyze python3; do
  command -v "$tool" >/dev/null || { echo "systemd-pid1-test: missing $tool; run ./scripts/setup.sh --test" >&2; exit 2; }
done
[ -x "$root/.build/release/activetune" ] || { echo "systemd-pid1-test: run \`make build\` first" >&2; exit 2; }

work="$root/.build/systemd-test"
rm -rf "$work" && mkdir -p "$work"
failures=0
say() { printf '[%5.1fs] %s\n' "$SECONDS" "$*"; }
check() {  # check DESCRIPTION COMMAND...: runs the command, records a failure if it fails
  local what=$1; shift
  if "$@"; then say "ok   $what"; else say "FAIL $what"; failures=$((failures + 1)); fi
}

# ---- host state, to find it unchanged afterwards -------------------------------------------------------------
canary_tmp=$(mktemp /tmp/activetune-canary.XXXXXX)
canary_var=$(mktemp /var/tmp/activetune-canary.XXXXXX)
echo "canary $$" | tee "$canary_tmp" > "$canary_var"
file_max=$(cat /proc/sys/fs/file-max)
ls -A /run > "$work/run.before"
cgroups() { find /sys/fs/cgroup -mindepth 1 \( -type d -o -type l \) 2>/dev/null | sort; }
cgroups > "$work/cgroups.before"

unshare_pid=""
pid1=""
namespace=""
teardown() {
  local status=$?
  set +e
  if [ -n "$pid1" ] && [ "$failures" -gt 0 -o "$status" -ne 0 ]; then
    inside systemctl status activetune --no-pager > "$work/status.txt" 2>&1
    inside journalctl --no-pager > "$work/journal.txt" 2>&1
  fi
  if [ -n "$unshare_pid" ]; then
    # SIGKILL to the namespace's PID 1 ends every process in it; unshare --kill-child covers unshare's death.
    [ -n "$pid1" ] && kill -KILL "$pid1" 2>/dev/null
    kill -KILL "$unshare_pid" 2>/dev/null
    wait "$unshare_pid" 2>/dev/null
  fi
  local left=0
  if [ -n "$namespace" ]; then
    for _ in $(seq 50); do
      left=0
      for ns in /proc/[0-9]*/ns/pid; do [ "$(readlink "$ns" 2>/dev/null)" = "$namespace" ] && left=$((left + 1)); done
      [ "$left" -eq 0 ] && break
      sleep 0.1
    done
  fi
  echo "$file_max" > /proc/sys/fs/file-max
  # The cgroups systemd made in the kernel's hierarchies, deepest first; a cgroup whose last process just died
  # can refuse rmdir (EBUSY) for a moment, so try again briefly.
  for _ in $(seq 30); do
    cgroups > "$work/cgroups.after"
    comm -13 "$work/cgroups.before" "$work/cgroups.after" > "$work/cgroups.new"
    [ -s "$work/cgroups.new" ] || break
    sort -r "$work/cgroups.new" | while read -r dir; do rmdir "$dir" 2>/dev/null; done
    sleep 0.1
  done
  cgroups > "$work/cgroups.final"

  local host_ok=1
  [ "$left" -eq 0 ] || { say "FAIL $left process(es) of the namespace still run"; host_ok=0; }
  grep -qx "canary $$" "$canary_tmp" 2>/dev/null || { say "FAIL the canary in /tmp is gone"; host_ok=0; }
  grep -qx "canary $$" "$canary_var" 2>/dev/null || { say "FAIL the canary in /var/tmp is gone"; host_ok=0; }
  ls -A /run | cmp -s - "$work/run.before" || { say "FAIL the host's /run changed: $(ls -A /run | comm -3 - "$work/run.before" | tr '\n' ' ')"; host_ok=0; }
  [ "$(cat /proc/sys/fs/file-max)" = "$file_max" ] || { say "FAIL fs.file-max not restored"; host_ok=0; }
  cmp -s "$work/cgroups.before" "$work/cgroups.final" || { say "FAIL cgroups left: $(comm -13 "$work/cgroups.before" "$work/cgroups.final" | tr '\n' ' ')"; host_ok=0; }
  rm -f "$canary_tmp" "$canary_var"
  if [ "$host_ok" -eq 1 ]; then say "ok   the host is as it was (canaries, fs.file-max, cgroups, processes)"; else failures=$((failures + 1)); fi
  if [ "$status" -ne 0 ] && [ "$failures" -eq 0 ]; then failures=1; fi
  if [ "$failures" -eq 0 ]; then say "systemd-pid1-test: passed"; exit 0; fi
  say "systemd-pid1-test: $failures failure(s); see $work: console.log (systemd's console), journal.txt, status.txt"
  exit 1
}
trap teardown EXIT
trap 'exit 130' INT TERM HUP

# ---- boot ------------------------------------------------------------------------------------------------------
say "booting systemd $(systemd --version | head -n 1 | cut -d' ' -f2) as PID 1 in new namespaces"
unshare --pid --mount --uts --ipc --fork --kill-child=SIGKILL -- "$here/boot.sh" "$work" &
unshare_pid=$!
for _ in $(seq 100); do pid1=$(pgrep -P "$unshare_pid" | head -n 1 || true); [ -n "$pid1" ] && break; sleep 0.05; done
[ -n "$pid1" ] || { say "FAIL no PID 1 appeared"; exit 1; }
namespace=$(readlink "/proc/$pid1/ns/pid")

# Runs a command inside the namespaces, in the checkout.
inside() { nsenter --target "$pid1" --pid --mount --uts --ipc -- env SYSTEMD_PAGER= SYSTEMD_COLORS=0 \
  bash -c 'cd "$0" && exec "$@"' "$root" "$@"; }
for _ in $(seq 200); do
  case $(readlink "/proc/$pid1/exe" 2>/dev/null) in */systemd) inside test -S /run/systemd/private && break ;; esac
  kill -0 "$unshare_pid" 2>/dev/null || { say "FAIL boot.sh ended: $(cat "$work/console.log" 2>/dev/null | tail -n 5)"; exit 1; }
  sleep 0.1
done
inside timeout 60 systemctl is-system-running --wait >/dev/null 2>&1 || true
say "systemd is up: $(inside systemctl is-system-running 2>/dev/null || true)"

# ---- install as `make install` does, then the unit as shipped ------------------------------------------------
inside make --no-print-directory -o build -o setup install >/dev/null
# Only the project's own files, never a global run (which would apply every tmpfiles.d rule, /tmp's included).
inside systemd-sysusers "$root/systemd/activetune.sysusers"
inside systemd-tmpfiles --create "$root/systemd/activetune.tmpfiles"
# The only change to the unit: sysinit.target and basic.target are masked, so the default dependencies, which
# require sysinit.target, are replaced by the rest of them.
inside mkdir -p /run/systemd/system/activetune.service.d
inside tee /run/systemd/system/activetune.service.d/test-sysinit.conf >/dev/null <<'EOF'
[Unit]
DefaultDependencies=no
Conflicts=shutdown.target
Before=shutdown.target
EOF
# Small rounds so that the cycle takes seconds: the configuration, not the unit.
config=/etc/activetune/activetune.toml
write_config() {  # write_config POOL_SIZE [EPOCHS]
  inside tee "$config" >/dev/null <<EOF
[budget]
initial_tasks = 2
pool_size = $1
per_round = 1
[scoring]
instances = 2
perturbations = 2
max_new_tokens = 8
[training]
epochs = ${2:-1}
instances_per_task = 4
batch_size = 4
[checkpoints]
keep = 1
EOF
}
write_config 2
inside systemctl daemon-reload
check "the installed unit is the shipped one" inside cmp -s /etc/systemd/system/activetune.service systemd/activetune.service
started=$SECONDS
check "systemctl start activetune" inside timeout 150 systemctl start activetune
check "active (running) $((SECONDS - started)) s after start" \
  test "$(inside systemctl show -p ActiveState -p SubState --value activetune | tr '\n' ' ')" = "active running "
status_text() { inside systemctl show -p StatusText --value activetune; }
say "STATUS=$(status_text)"
check "STATUS= is set" test -n "$(status_text)"

# ---- tasks and bad files ----------------------------------------------------------------------------------------
submit() {  # submit FILE...: as a producer does, a hidden temporary name, then rename into the spool
  for file in "$@"; do
    name=$(basename "$file")
    inside install -m 0644 "$file" "/var/spool/activetune/.$name.tmp"
    inside mv "/var/spool/activetune/.$name.tmp" "/var/spool/activetune/$name"
  done
}
submit examples/tasks/task1146_country_capital.json examples/tasks/task1147_country_currency.json \
  examples/tasks/task1317_country_calling_code.json examples/tasks/task1318_country_national_dish.json
inside bash -c 'echo "{\"Definition\": [broken" > /var/spool/activetune/broken.json
  mkdir /var/spool/activetune/a-directory.json
  ln -s /etc/passwd /var/spool/activetune/a-symlink.json'

events() { inside journalctl -u activetune "ACTIVETUNE_EVENT=$1" -o cat --no-pager 2>/dev/null | wc -l; }
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || { say "FAIL $what (waited $limit s)"; failures=$((failures + 1)); return 1; }
    sleep 0.5
  done
  say "ok   $what"
}
at_least() { [ "$(events "$1")" -ge "$2" ]; }
wait_for 300 "round 0 and a selection round rotate" at_least rotated 2
check "4 tasks accepted" test "$(events accepted)" -eq 4
check "3 bad files rejected" test "$(events rejected)" -eq 3
check "each bad file has its reason in failed/" inside bash -c \
  'cd /var/spool/activetune/failed && ls broken.json.reason a-directory.json.reason a-symlink.json.reason >/dev/null'
# root made the directory without group write: moving it would rewrite its `..`, which the daemon may not.
check "the directory the daemon may not move stays, reported once" inside bash -c \
  'test -d /var/spool/activetune/a-directory.json && grep -q "stays in the spool" /var/spool/activetune/failed/a-directory.json.reason'
for event in started scored round_started training_progress round_finished committed rotated; do
  check "journal has ACTIVETUNE_EVENT=$event" at_least "$event" 1
done

# ---- stop mid-round, then reload ------------------------------------------------------------------------------
# A long third round (100 epochs, a live key) so that the stop comes mid-training.
write_config 2 100
inside systemctl reload activetune
submit examples/tasks/task1319_country_by_barcode_prefix.json
wait_for 120 "a third round starts" at_least round_started 3
wait_for 60 "it is training" at_least training_progress "$(( $(events training_progress) + 1 ))"
stop_started=$(date +%s.%N)
check "systemctl stop mid-round" inside timeout 100 systemctl stop activetune
stop_seconds=$(python3 -c "print(round($(date +%s.%N) - $stop_started, 2))")
timeout_stop=$(inside systemctl show -p TimeoutStopUSec --value activetune)
check "stopped in $stop_seconds s, within TimeoutStopSec=$timeout_stop" python3 -c "import sys; sys.exit(not $stop_seconds < 90)"
check "the stop was clean (Result=success)" test "$(inside systemctl show -p Result --value activetune)" = success
check "journal has ACTIVETUNE_EVENT=stopping" at_least stopping 1
write_config 2
check "systemctl start again" inside timeout 150 systemctl start activetune
wait_for 300 "the interrupted round is redone and rotates" at_least rotated 3
check "the redone round is reported (ACTIVETUNE_EVENT=recovered)" bash -c \
  "nsenter --target $pid1 --pid --mount --uts --ipc -- journalctl -u activetune ACTIVETUNE_EVENT=recovered -o cat | grep -q 'interrupted round'"

write_config 50
check "systemctl reload with budget.pool_size 2 -> 50" inside timeout 60 systemctl reload activetune
# Read right after `systemctl reload` returned: the new budget must already be what the daemon reports.
status_now=$(status_text)
check "the new budget is in force when reload returns (STATUS=$status_now)" grep -q "budget [0-9]*/50 " <<< "$status_now"
inside sed -i 's/^pool_size = 50$/pool_size = 0/' "$config"
check "a refused file fails systemctl reload" bash -c "! nsenter --target $pid1 --pid --mount --uts --ipc -- systemctl reload activetune 2>/dev/null"
check "the daemon still runs after the refused reload" test "$(inside systemctl is-active activetune)" = active
write_config 50
inside systemctl reload activetune

# ---- the journal: each event once, no library duplicates, no libdispatch noise --------------------------------
inside journalctl -u activetune -o json --no-pager > "$work/journal.json"
inside journalctl -u activetune --no-pager > "$work/journal.txt"
check "no journal line about a checkpoint or the active model without an event, none twice" python3 - "$work/journal.json" <<'EOF'
import json, sys, collections
entries = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
bad = [e["MESSAGE"] for e in entries
       if ("checkpoint" in e.get("MESSAGE", "").lower() or "active model" in e.get("MESSAGE", "").lower())
       and "ACTIVETUNE_EVENT" not in e]
seen = collections.Counter((e.get("ACTIVETUNE_EVENT"), e.get("ACTIVETUNE_MODEL"), e.get("_PID"))
                           for e in entries if e.get("ACTIVETUNE_EVENT") in ("committed", "rotated", "pruned"))
twice = [key for key, count in seen.items() if count > 1]
print(f"    {len(entries)} journal entries; unevented: {bad}; logged twice: {twice}")
sys.exit(1 if bad or twice else 0)
EOF
# libdispatch's event thread asks for a higher priority once per process, which the unit refuses; nothing else may.
noise=$(grep -c 'Failed to set thread priority' "$work/journal.txt" || true)
check "libdispatch thread-priority lines: $noise, at most one per daemon start ($(events started))" \
  test "$noise" -le "$(events started)"
check "retention pruned (ACTIVETUNE_EVENT=pruned)" at_least pruned 1

# ---- the watchdog through an idle period, with a short test interval ------------------------------------------
# The one drop-in beyond the sysinit one, for this part only: 3 x 60 s would make the test slow.
inside tee /run/systemd/system/activetune.service.d/test-watchdog.conf >/dev/null <<'EOF'
[Service]
WatchdogSec=4s
EOF
inside systemctl daemon-reload
inside systemctl restart activetune
is_idle() { status_text | grep -q 'idle$'; }
wait_for 120 "idle" is_idle
main_pid=$(inside systemctl show -p MainPID --value activetune)
# systemd stamps WatchdogTimestamp at every WATCHDOG=1: sample it, and wake the loop by a reload just before each
# ping is due, the pattern that stretched the gap to nearly the whole interval.
python3 - "$pid1" <<'EOF' > "$work/watchdog.txt"
import subprocess, sys, time
pid1 = sys.argv[1]
def inside(*args):
    return subprocess.run(["nsenter", "--target", pid1, "--pid", "--mount", "--uts", "--ipc", "--", *args],
                          capture_output=True, text=True).stdout.strip()
stamps, last_reload = [], time.monotonic()
end = time.monotonic() + 13
while time.monotonic() < end:
    value = inside("systemctl", "show", "-p", "WatchdogTimestampMonotonic", "--value", "activetune")
    if value and (not stamps or value != stamps[-1]):
        stamps.append(value)
        last_reload = None
    if last_reload is None and len(stamps) > 1:
        time.sleep(1.8)
        subprocess.Popen(["nsenter", "--target", pid1, "--pid", "--mount", "--uts", "--ipc", "--",
                          "systemctl", "reload", "--no-block", "activetune"])
        last_reload = time.monotonic()
    time.sleep(0.05)
gaps = [(int(b) - int(a)) / 1e6 for a, b in zip(stamps, stamps[1:])]
print(" ".join(f"{g:.2f}" for g in gaps))
EOF
gaps=$(cat "$work/watchdog.txt")
say "    gaps between WATCHDOG=1 over 13 s idle with WatchdogSec=4s: $gaps"
check "at least 5 pings seen" test "$(wc -w <<< "$gaps")" -ge 5
check "no gap over 2.5 s (half the interval is 2 s)" python3 -c "import sys; sys.exit(max(map(float, '$gaps'.split())) > 2.5)"
check "never killed by the watchdog (same MainPID, NRestarts=0)" test \
  "$(inside systemctl show -p MainPID -p NRestarts --value activetune | tr '\n' ' ')" = "$main_pid 0 "
inside rm /run/systemd/system/activetune.service.d/test-watchdog.conf
inside systemctl daemon-reload

# ---- systemd's own security assessment, online -----------------------------------------------------------------
exposure=$(inside systemd-analyze security activetune --no-pager | sed -n 's/.*Overall exposure level for activetune.service: \([0-9.]*\).*/\1/p')
check "systemd-analyze security activetune: $exposure <= 1.0" python3 -c "import sys; sys.exit(not float('$exposure') <= 1.0)"
inside systemctl stop activetune
inside journalctl -u activetune --no-pager > "$work/journal.txt"
