# scimd — common tasks. `make run` and `make test` are all a new machine needs.
SWIFT ?= swift
HOST ?= 127.0.0.1
PORT ?= 8080
DATABASE ?= ./data/scimd.sqlite
FUZZ_SECONDS ?= 60
# `make run TLS=1`: HTTPS with a self-signed certificate made in $(TLS_DIR) if missing.
TLS ?=
TLS_DIR ?= ./data/tls

.PHONY: help setup build release run test unit-test conformance conformance-postgres console-test console-screenshots fuzz bench bench-postgres bench-large profile format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

setup: ## Install missing system packages (libsqlite3-dev, pkg-config, python3 venv, curl, sqlite3)
	@scripts/setup.sh

build: setup ## Debug build
	$(SWIFT) build

release: setup ## Release build: .build/release/scimd and .build/release/scimctl
	$(SWIFT) build -c release --product scimd
	$(SWIFT) build -c release --product scimctl

run: release ## Build and serve on $(DATABASE), printing the SCIM base URL and a token (TLS=1: HTTPS)
	@$(if $(TLS),scripts/tls-dev-cert.sh $(TLS_DIR),true)
	@HOST=$(HOST) PORT=$(PORT) DATABASE=$(DATABASE) \
	  $(if $(TLS),SCIMD_TLS_CERT=$(TLS_DIR)/cert.pem SCIMD_TLS_KEY=$(TLS_DIR)/key.pem) scripts/run.sh

# The suites that run against PostgreSQL (the store contract suites run against both stores).
POSTGRES_TESTS ?= ContractTests|TwoInstanceTests|MigrateToPostgresTests|PostgresOutageTests|PostgresConnectionFailureTests

unit-test: setup ## Swift tests; then the PostgreSQL ones on a throw-away cluster (skipped, and said so, without initdb)
	$(SWIFT) test --disable-xctest
	@# A second run, so the cluster's load stays out of the timing-sensitive tests of the first.
	scripts/with-postgres.sh $(SWIFT) test --disable-xctest --skip-build --filter '$(POSTGRES_TESTS)'


conformance: release ## Conformance checkers against a fresh release server
	scripts/conformance/check-server.sh .build/release

conformance-postgres: release ## The same checkers against a scimd on a throw-away PostgreSQL cluster (skipped without initdb)
	CONFORMANCE_ON_POSTGRES=1 scripts/with-postgres.sh scripts/conformance/check-server.sh .build/release

# The console in headless Chromium (scripts/console/browser-test.py; docs/console.md).
console-test: release ## The console in a real browser: sign in, failures, remedy, diagnose, mapping preview, sign out
	$$(scripts/console/setup-browser.sh | tail -n 1) scripts/console/browser-test.py --bin .build/release

console-screenshots: release ## Every console page at desktop and phone widths, written to docs/console/
	$$(scripts/console/setup-browser.sh | tail -n 1) scripts/console/browser-test.py --bin .build/release --screenshots docs/console

test: unit-test conformance conformance-postgres console-test ## Everything CI checks

fuzz: setup ## libFuzzer targets in Fuzz/, FUZZ_SECONDS (60) each; fails on a finding
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) scripts/fuzz.sh

bench: release ## Load benchmark; writes docs/performance.md
	scripts/bench.sh

bench-postgres: release ## The 10,000-user scale on PostgreSQL, one and two instances, beside SQLite; writes docs/performance-postgres.md
	BENCH_MAX_USERS=10000 BENCH_SCENARIOS="postgres-1 postgres-2" BENCH_OUTPUT=docs/performance-postgres.md scripts/bench.sh

bench-large: release ## 1,000,000 users through /Bulk, then lookups; writes docs/performance-large.md
	BENCH_MAX_USERS=1000 BENCH_SCENARIOS=large BENCH_OUTPUT=docs/performance-large.md scripts/bench.sh

# valgrind 3.19 cannot read the DWARF 5 swiftc and clang emit by default; its own build dir keeps .build/release as it is.
PROFILE_BUILD = -c release --scratch-path .build-callgrind -Xswiftc -g -Xswiftc -debug-info-format=dwarf \
  -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4
profile: setup ## Instructions per request (create, PATCH, GET, filter) under callgrind; PROFILE_ARGS="--requests 200"
	$(SWIFT) build $(PROFILE_BUILD) --product scimd
	$(SWIFT) build $(PROFILE_BUILD) --product scimctl
	scripts/profile-requests.py --bin .build-callgrind/release $(PROFILE_ARGS)

clean: ## Remove build products (keeps ./data)
	rm -rf .build .build-tools .build-fuzz .build-callgrind
