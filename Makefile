# activetune: the two commands of the README, plus install.
#   make run   set up, build (release), create the default model if needed, run the daemon on ./spool
#   make test  set up, build, run the whole test suite (what CI runs)
#   make test-systemd  the unit under a real systemd as PID 1, in namespaces (root)
SWIFT      ?= swift
PREFIX     ?= /usr/local
RELEASE    := -c release
BIN        := .build/release/activetune
SPOOL      ?= ./spool
STATE      ?= ./state

.PHONY: run test test-systemd setup build install clean

setup:
	./scripts/setup.sh

build: setup
	$(SWIFT) build $(RELEASE)

run: build
	./scripts/run-local.sh "$(BIN)" "$(SPOOL)" "$(STATE)"

# Release mode: the model-heavy tests run 10-100x slower in a debug build.
# -enable-testing keeps `@testable import` working in release.
# One build of everything, tests included, then the tests without building again: `swift test` building on its own
# plans differently from `swift build` and compiled the whole package a second time on every run.
# The suite's result stands, and then no process it started may be left running (checked either way).
test:
	./scripts/setup.sh --test
	$(SWIFT) build $(RELEASE) -Xswiftc -enable-testing --build-tests
	status=0; $(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --skip-build || status=$$?; \
		./scripts/check-test-leftovers.sh || status=1; exit $$status

# The shipped unit under a real systemd booted as PID 1 in private namespaces (needs root; Tests/System/). Not part
# of `make test`: it mounts over /sys/fs/cgroup and boots an init, so it runs where someone chose to run it.
test-systemd: build
	./Tests/System/systemd-pid1-test.sh

install: build
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/activetune
	install -D -m 0644 systemd/activetune.service $(DESTDIR)/etc/systemd/system/activetune.service
	install -D -m 0644 systemd/activetune.sysusers $(DESTDIR)/usr/lib/sysusers.d/activetune.conf
	install -D -m 0644 systemd/activetune.tmpfiles $(DESTDIR)/usr/lib/tmpfiles.d/activetune.conf
	# The external trainer for training.backend = "command" (README: When one machine is not enough).
	install -D -m 0755 contrib/train_hf.py $(DESTDIR)$(PREFIX)/share/activetune/contrib/train_hf.py
	# The first model (model.base in activetune.toml), fetched and checked by scripts/setup.sh.
	install -D -m 0644 .cache/models/SmolLM2-135M-Instruct.Q4_1.gguf \
		$(DESTDIR)$(PREFIX)/share/activetune/SmolLM2-135M-Instruct.Q4_1.gguf
	# The unit passes --config, which must exist; an operator's edited file is never overwritten. The installed file
	# names the installed model as model.base, so the daemon's first model is SmolLM2.
	[ -e $(DESTDIR)/etc/activetune/activetune.toml ] || { \
		install -d $(DESTDIR)/etc/activetune && \
		sed 's|^# base = ""|base = "$(PREFIX)/share/activetune/SmolLM2-135M-Instruct.Q4_1.gguf"|' systemd/activetune.toml \
			> $(DESTDIR)/etc/activetune/activetune.toml && chmod 0644 $(DESTDIR)/etc/activetune/activetune.toml; }

clean:
	rm -rf .build
