# PartnerHub. `make run` and `make test` are all a fresh machine with Go needs.
GO      ?= go
TAGS    := sqlite_fts5
# the browser, crash, load and benchmark tests are built only under the tag slow: make test and
# make bench run them, a plain go test -tags sqlite_fts5 ./... (an editor's) leaves them out
TESTTAGS := $(TAGS),slow
BIN     := bin/partnerhub
BENCHDB ?= data/bench/partnerhub-orders.db
# the PostgreSQL bench world's cluster, kept between runs (make bench-pg)
PGBENCH ?= data/bench/pg
# where make bench keeps its benchmark lines, for the table of both backends
BENCHOUT = $(abspath $(dir $(BENCHDB)))
export CGO_ENABLED := 1
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: run build test test-pg generate lint bench bench-pg seed check browser

run: build
	./$(BIN) serve --demo

build:
	$(GO) build -tags $(TAGS) -o $(BIN) ./web

# The whole suite, browser tests included: Chromium is installed from Debian when missing and we
# are root; otherwise the browser tests skip loudly (or fail when PARTNERHUB_REQUIRE_BROWSER=1).
test: browser
	$(GO) test -tags $(TESTTAGS) -race -count=1 -timeout 30m ./...
	@$(MAKE) --no-print-directory test-pg

# The store, models, API (./handlers/api/), console (./handlers/), delivery and seed tests again on
# PostgreSQL: a throwaway cluster (.ci/postgres.sh: Debian's postgresql, run by an unprivileged user
# on a free port of 127.0.0.1, removed afterwards), each test in a database of its own (made from a
# template database of the demo world: models/fixture_test.go, internal/testfixture/demo). Where
# PostgreSQL cannot start, the run is skipped loudly; with PARTNERHUB_REQUIRE_PG=1 (.ci/run) it
# fails instead. Not under -race and not under the tag slow: the SQLite run above has both (the
# browser tests stay on SQLite files whatever the environment, newBrowserApp). Of ./web/ the copy
# to PostgreSQL, the large seed by COPY and two servers on one database; its other tests use
# SQLite files.
test-pg:
	@dir=$$(mktemp -d /tmp/partnerhub-pg.XXXXXX); \
	if ! dsn=$$(bash .ci/postgres.sh start $$dir | tail -1); then \
	  bash .ci/postgres.sh stop $$dir >/dev/null 2>&1; rm -rf $$dir; \
	  if [ "$${PARTNERHUB_REQUIRE_PG:-}" = 1 ]; then echo "test-pg: PostgreSQL could not start (PARTNERHUB_REQUIRE_PG=1)"; exit 1; fi; \
	  echo "*** SKIPPED: the tests on PostgreSQL: PostgreSQL could not start here (see .ci/postgres.sh) ***"; exit 0; \
	fi; \
	trap 'bash .ci/postgres.sh stop '$$dir EXIT; \
	echo "store, models, API, console, delivery and seed tests on PostgreSQL ($$dsn)"; \
	PARTNERHUB_TEST_PG=$$dsn $(GO) test -tags $(TAGS) -count=1 -timeout 20m ./store/ ./models/ ./handlers/... ./delivery/ ./seed/ && \
	PARTNERHUB_TEST_PG=$$dsn $(GO) test -tags $(TAGS) -count=1 -timeout 10m -run 'TestCopy|TestSeedPostgres|TestTwoServers' ./web/

browser:
	@bash .ci/chromium.sh

generate:
	$(GO) tool templ generate

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TESTTAGS) ./...

# Benchmarks on a seeded world of a million customers, a million enterprises, five million coupons, ten million orders
# and ten million transfers (built once into $(BENCHDB)). Timings are reported, never asserted by tests.
bench: build
	@if [ ! -f $(BENCHDB) ]; then mkdir -p $$(dirname $(BENCHDB)) && ./$(BIN) seed --db $(BENCHDB) --customers 1000000 --enterprises 1000000 --coupons 5000000 --transfers 10000000 --orders 10000000; fi
	@pgdir=$$(mktemp -d /tmp/partnerhub-pgdur.XXXXXX); \
	pg=$$(PARTNERHUB_PG_DURABLE=1 bash .ci/postgres.sh start $$pgdir | tail -1) || { pg=; echo "*** no PostgreSQL: the allocations on it are not measured ***"; }; \
	trap 'bash .ci/postgres.sh stop '$$pgdir' >/dev/null 2>&1' EXIT; \
	PARTNERHUB_BENCH_DB=$(abspath $(BENCHDB)) PARTNERHUB_BIN=$(abspath $(BIN)) PARTNERHUB_BENCH_PG=$$pg \
	  $(GO) test -tags $(TESTTAGS) -count=1 -timeout 60m -run 'TestQueryPlans|TestCouponQueryPlans|TestCatalogQueryPlans|TestTradeQueryPlans|TestBillQueryPlans|TestBillAPIQueryPlans|TestAPILoad|TestPageLoad|TestAllocationThroughput|TestExpirySweepThroughput|TestResourceSweepThroughput|TestUsageRatingThroughput|TestUsageRatingAtScale' -v -bench . -benchmem -benchtime 2s \
	  ./handlers/... ./models ./seed | grep -E '^(Benchmark|ok|FAIL|PASS|--- )|load_test|load_pages_test|^ +\| |sweep_test|resource_sweep|usage_rating|full scan|sorts (customers|coupons)' \
	  | tee $(BENCHOUT)/bench-sqlite.txt
	@$(MAKE) --no-print-directory bench-pg

# The customers page, the enterprise lookup and the dashboard on PostgreSQL, at a million customers
# and a million directory entries (no ledger, coupons or orders), beside SQLite's figures of the
# run above. The cluster lives in $(PGBENCH) (.ci/postgres.sh up/down: made and seeded by COPY once,
# started for the run and stopped after it); where PostgreSQL cannot start, skipped loudly.
bench-pg: build
	@dir=$(abspath $(PGBENCH)); mkdir -p $$(dirname $$dir); \
	if ! dsn=$$(PARTNERHUB_PG_SHARED_BUFFERS=512MB bash .ci/postgres.sh up $$dir | tail -1); then \
	  echo "*** SKIPPED: the PostgreSQL benchmarks: PostgreSQL could not start here (see .ci/postgres.sh) ***"; exit 0; \
	fi; \
	trap 'bash .ci/postgres.sh down '$$dir EXIT; \
	if [ ! -f $$dir/seeded ]; then \
	  ./$(BIN) seed --db "$$dsn" --customers 1000000 --enterprises 1000000 && touch $$dir/seeded || \
	  { echo "bench-pg: the seed failed; remove $$dir and run again"; exit 1; }; \
	fi; \
	PARTNERHUB_BENCH_DB=$$dsn $(GO) test -tags $(TESTTAGS) -count=1 -timeout 30m -run '^TestQueryPlans$$' \
	  -bench 'BenchmarkCustomersPage|BenchmarkEnterpriseSearch|BenchmarkDashboard' -benchmem -benchtime 2s ./handlers/ \
	  | grep -E '^(Benchmark|ok|FAIL|PASS|--- )|full scan|sorts customers' | tee $(BENCHOUT)/bench-pg.txt; \
	echo; bash .ci/benchtable.sh $(BENCHOUT)/bench-sqlite.txt $(BENCHOUT)/bench-pg.txt \
	  | grep -E '^\| ?(benchmark|---|CustomersPage|EnterpriseSearch|Dashboard)'

seed: build
	./$(BIN) seed --db $(BENCHDB) --customers 1000000 --enterprises 1000000 --coupons 5000000 --transfers 10000000 --orders 10000000

check: build
	./$(BIN) check
