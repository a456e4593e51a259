# Elman: `make demo`, `make test` and `make bench` on a fresh machine of this project's kind (Debian, as root or
# with sudo, with Swift and Python 3). Each target first installs what it needs; set-up steps leave stamp files,
# so running a target again is quick.
#
#   make demo    the seed's job end to end through the worker: its "Epoch: N loss X" lines and out/sine_wave.png
#   make test    swift test, the same under the thread and address sanitizers, then pytest: the client, the
#                protocol examples against Protocol/, the notebooks
#   make bench   the engine, the general networks' training step, the wire, the seed job from Python and issue
#                14's backtest, beside numpy and PyTorch (when importable)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
STAMPS := .build/stamps
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
SYSTEM_PACKAGES := libzmq3-dev libopenblas-dev python3-dev pkg-config
# The own kernels (SIMD8<Float> blocks) are compiled for the machine that builds them, since `make` always builds
# locally: on a CPU with AVX2, FMA and the rest of Haswell's set (BMI1/2, MOVBE, F16C, LZCNT) every `swift build` and
# `swift test` below gets -target-cpu haswell (ymm registers: one instruction per block instead of two SSE halves),
# so the tests test the code that runs; elsewhere the default x86-64 (SSE2) build. Swift does not contract a·b + c
# into FMA on its own, so both builds compute the same bits. (x86-64-v3 is not a CPU name this swift accepts.)
HASWELL_FEATURES := avx2 fma bmi1 bmi2 movbe f16c abm
HASWELL_FOUND := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | tr ' ' '\n' | \
  grep -cxE '$(subst $() ,|,$(HASWELL_FEATURES))')
# `make SWIFT_FLAGS=` builds for the default x86-64 instead.
SWIFT_FLAGS ?= $(if $(filter $(words $(HASWELL_FEATURES)),$(HASWELL_FOUND)),-Xswiftc -target-cpu -Xswiftc haswell)
# The Python that runs tools/reference/bench_reference.py and bench_big_networks.py: one where torch imports adds
# PyTorch's numbers.
REFERENCE_PYTHON ?= $(VENV)/bin/python

# The tests that run again under the thread sanitizer and under the address sanitizer with its leak check: the
# threads, sockets and files live in these. Each sanitizer builds in its own scratch folder, so the release build is
# untouched; about 3 minutes each on 2 cores. Any report fails the run: TSan exits 66 (its reports go to
# .build-tsan/report.<pid> and are printed again at the end, so a CI log's tail shows them), ASan and LeakSanitizer
# exit non-zero (halt_on_error, detect_leaks). XCTest is off there: the tests are all swift-testing, and XCTest's empty
# run leaks two objects of its own at exit.
SANITIZED_TESTS := ElmanCoreTests|ElmanWorkerTests|ZeroMQTests

export ELMAN_WORKER := $(CURDIR)/.build/release/elman-worker

.PHONY: help build venv demo test bench

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

# Checked again whenever this file changes (the list may have grown).
$(STAMPS)/system-packages: Makefile
	dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES); }
	mkdir -p $(@D) && touch $@

# SwiftPM rebuilds only what changed, so this always asks it.
build: $(STAMPS)/system-packages
	swift build -c release $(SWIFT_FLAGS)

venv: $(VENV)/installed

$(VENV)/installed: Python/pyproject.toml Python/elman/__init__.py | $(STAMPS)/system-packages
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e 'Python[notebook,test]'
	touch $@

demo: build venv
	$(VENV)/bin/python -m elman.demo --out out/sine_wave.png

test: build venv
	swift test $(SWIFT_FLAGS)
	rm -f .build-tsan/report.*
	TSAN_OPTIONS=log_path=$(CURDIR)/.build-tsan/report \
	  swift test $(SWIFT_FLAGS) --sanitize=thread \
	    --scratch-path .build-tsan --disable-xctest --filter '$(SANITIZED_TESTS)' || \
	  { for report in .build-tsan/report.*; do [ ! -e "$$report" ] || cat "$$report"; done; exit 1; }
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
	  swift test $(SWIFT_FLAGS) --sanitize=address \
	    --scratch-path .build-asan --disable-xctest --filter '$(SANITIZED_TESTS)'
	$(VENV)/bin/python -m pytest Tests/python -q

bench: build venv
	mkdir -p out
	{ .build/release/elman-bench engine; \
	  .build/release/elman-bench networks; \
	  $(REFERENCE_PYTHON) tools/reference/bench_big_networks.py .build/release/elman-bench; \
	  .build/release/elman-bench wire; \
	  .build/release/elman-bench backtest; \
	  .build/release/elman-bench sweep; \
	  $(REFERENCE_PYTHON) tools/reference/bench_reference.py; \
	  $(REFERENCE_PYTHON) tools/reference/torch_backtest.py; \
	  $(VENV)/bin/python -m elman.bench; } | tee out/bench.txt
	@$(VENV)/bin/python tools/bench_summary.py out/bench.txt
