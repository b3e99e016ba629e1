# LeadOS: the two commands (make run, make test) and their helpers. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
LEADOS_SHARED ?= $(abspath ../shared)
export LEADOS_SHARED
JOBS ?= $(shell nproc)

.PHONY: help deps portal build build-debug build-fuzz run test bench fuzz format clean

help:
	@echo "make run    install what is missing, build, run leados serve on the embedded default"
	@echo "make test   install what is missing, build Debug (ASan+UBSan), start throwaway PostgreSQL"
	@echo "            and Redis, run every test with CTest"
	@echo "make build  release binary at build/release/leados and the demo intent model beside it,"
	@echo "            and the client portal in web/dist (served by leados serve at /)"
	@echo "make bench  benchmarks (figures go to docs/benchmarks.md)"
	@echo "make fuzz   random-seeded fuzzing, FUZZ_SECONDS (default 120) per target"

deps:
	@LEADOS_DEPS_QUIET=1 scripts/install-deps.sh
	@scripts/install-web-deps.sh

# The client portal (web/, React + Vite) built into web/dist, which leados serve serves; rebuilt
# only when a source of it is newer than the last build.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/package.json \
               web/package-lock.json web/vite.config.ts web/tsconfig.json
portal: web/dist/index.html
web/dist/index.html: $(WEB_SOURCES) | deps
	cd web && npm run build

build: deps portal
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target leados demo_model

build-debug: deps portal
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

run: build
	scripts/run-demo.sh

test: build-debug build-fuzz
	scripts/test-services.sh scripts/run-tests.sh

# The libFuzzer targets (clang-19); make test runs each for a fixed, seeded number of inputs.
build-fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS) --target fuzz_all

bench: build
	cmake --build --preset release -j $(JOBS)
	scripts/run-bench.sh

# Random-seeded fuzzing, FUZZ_SECONDS (default 120) per target; make test runs the deterministic smoke.
fuzz: build-fuzz
	scripts/fuzz-long.sh

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
