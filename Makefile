# cshub build, run and test entry points. See README.md.
#   make          build build/cshub
#   make run      install what is missing, build, create a demo database, serve
#   make test     the whole test suite (unit, API, browser)
#   make asan     the same suite under AddressSanitizer + UBSan, then a valgrind leak check
#   make bench    benchmarks

BUILD    ?= build
SAN      ?=
OPT      ?= -O2
PKGS     := libmicrohttpd jansson sqlite3 libsodium liboath libqrencode pangocairo cairo-pdf fontconfig xlsxwriter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CC       ?= cc
CFLAGS   := -std=c17 -g $(OPT) -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla -Wformat=2 -D_GNU_SOURCE -fstack-protector-strong \
            -Isrc -I$(BUILD)/gen $(SAN)
LDFLAGS  := $(SAN)
LDLIBS    = $(PKG_LIBS) -lpthread -lm

SRCS      := $(sort $(wildcard src/*/*.c))
OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/migrations.o
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SETUP_OK  := $(BUILD)/.setup-ok

DEMO_DB  ?= var/demo.db
# make run listens where CSHUB_LISTEN says (as cshub serve does), else on 8080.
LISTEN   ?= $(or $(CSHUB_LISTEN),127.0.0.1:8080)

.PHONY: all run test asan asan-suite bench clean setup web-assets unit-tests
all: $(BUILD)/cshub web-assets

# Installs Debian and npm packages only when scripts/setup --check finds something missing.
# Everything that compiles waits for it (an order-only prerequisite on
# $(SETUP_OK)), so that `make -j2 run` on a fresh machine installs first.
setup:
	@scripts/setup --check || scripts/setup
	@mkdir -p $(dir $(SETUP_OK)) && touch $(SETUP_OK)
$(SETUP_OK): setup

$(BUILD)/cshub: $(BUILD)/obj/main.o $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h) | $(BUILD)/gen/migrations.c $(SETUP_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed-sql
	@mkdir -p $(dir $@)
	scripts/embed-sql $(MIGRATIONS) > $@

$(BUILD)/obj/gen/migrations.o: $(BUILD)/gen/migrations.c | $(SETUP_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJS) $(wildcard src/*/*.h) | $(SETUP_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(OBJS) $(LDFLAGS) $(LDLIBS) -lcmocka

unit-tests: $(UNIT_BINS)

# The browser client is assembled into build/web (the served folder) from
# web/ and GOV.UK Frontend in node_modules: no CDN.
WEB_SOURCES := $(shell find web -type f 2>/dev/null)
web-assets: build/web/index.html build/web/source/cshub-source.tar.gz
build/web/index.html: $(WEB_SOURCES) scripts/build-web package-lock.json | $(SETUP_OK)
	scripts/build-web build/web

# The server's own source, offered to everyone who uses it (AGPL section 13):
# made again when a file git tracks (or git's index) changes, and after
# build-web (which empties build/web first).
SOURCE_FILES := $(wildcard $(shell git ls-files 2>/dev/null) .git/index)
build/web/source/cshub-source.tar.gz: $(SOURCE_FILES) scripts/source-archive build/web/index.html
	scripts/source-archive $@

run: setup all
	@mkdir -p $(dir $(DEMO_DB))
	@test -f $(DEMO_DB) || $(BUILD)/cshub demo --db $(DEMO_DB)
	$(BUILD)/cshub serve --db $(DEMO_DB) --listen $(LISTEN) --web build/web

test: setup all unit-tests
	CSHUB_BIN=$(BUILD)/cshub CSHUB_UNIT_DIR=$(BUILD)/tests tests/run

asan:
	$(MAKE) BUILD=build/asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test
	$(MAKE) all
	tests/leak-check build/cshub

$(BUILD)/bench/%: bench/%.c bench/bench_common.h $(OBJS) $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(OBJS) $(LDFLAGS) $(LDLIBS)

# The SQL profiler is loaded into cshub serve (LD_PRELOAD) by the outcome benchmark.
$(BUILD)/bench/sql_profile.so: bench/sql_profile.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -g -O2 -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl

bench: setup all $(BUILD)/bench/network_bench $(BUILD)/bench/matching_bench $(BUILD)/bench/http_timer \
       $(BUILD)/bench/outcomes_data $(BUILD)/bench/outcomes_timer $(BUILD)/bench/sql_profile.so
	@scripts/setup --check --bench || scripts/setup --bench
	BUILD=$(BUILD) bench/run

clean:
	rm -rf build

# ---- Fuzzing (issue 12): libFuzzer harnesses in fuzz/, see docs/testing.md ----
#   make fuzz   build every fuzz/fuzz_*.c with clang and libFuzzer into build/fuzz and run each for
#               FUZZ_SECONDS (default 60) from fuzz/corpus/NAME plus what earlier runs found (kept in
#               build/fuzz/corpus/NAME); a crash is reported and its input left in
#               build/fuzz/crashes/NAME/, to be moved into fuzz/regressions/NAME/ once fixed.
#   make test   (and make asan) also builds each harness with fuzz/replay_main.c instead of libFuzzer
#               and tests/run replays fuzz/corpus/NAME and fuzz/regressions/NAME through it.
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_NAMES   := $(sort $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c)))
FUZZ_HEADERS := $(wildcard fuzz/*.h) $(wildcard src/*/*.h)
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c17 -g -O1 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
               -Wvla -Wformat=2 -Wno-format-nonliteral -D_GNU_SOURCE -Isrc -Ifuzz -I$(BUILD)/gen $(FUZZ_SAN)
FUZZ_OBJS    := $(SRCS:src/%.c=$(FUZZ_BUILD)/obj/%.o) $(FUZZ_BUILD)/obj/gen/migrations.o
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/bin/fuzz_%)
REPLAY_DIR   := $(BUILD)/fuzz-replay
REPLAY_BINS  := $(FUZZ_NAMES:%=$(REPLAY_DIR)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-replay
# The project's sources again, compiled by clang with coverage for libFuzzer, into one archive
# so that each harness links only what it uses.
$(FUZZ_BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h) | $(BUILD)/gen/migrations.c $(SETUP_OK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<
$(FUZZ_BUILD)/obj/gen/migrations.o: $(BUILD)/gen/migrations.c | $(SETUP_OK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<
$(FUZZ_BUILD)/libcshub.a: $(FUZZ_OBJS)
	rm -f $@ && ar rcs $@ $^
$(FUZZ_BUILD)/bin/fuzz_%: fuzz/fuzz_%.c $(FUZZ_HEADERS) $(FUZZ_BUILD)/libcshub.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $< $(FUZZ_BUILD)/libcshub.a $(PKG_LIBS) -lpthread -lm

fuzz-build: setup $(FUZZ_BINS)

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run $(FUZZ_NAMES)

# The replay binaries: each harness with fuzz/replay_main.c, built by $(CC) with this build's
# flags (sanitizers under make asan) against the objects of the normal build.
$(REPLAY_DIR)/libcshub.a: $(OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(REPLAY_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/replay_main.c $(FUZZ_HEADERS) $(REPLAY_DIR)/libcshub.a
	$(CC) $(CFLAGS) -Ifuzz $(PKG_CFLAGS) -o $@ $< fuzz/replay_main.c $(REPLAY_DIR)/libcshub.a $(LDFLAGS) $(LDLIBS)

fuzz-replay: $(REPLAY_BINS)
test: fuzz-replay
# ---- end of fuzzing ----

# ---- Crash and power-loss tests (issue 12): tests/crash/, see docs/testing.md ----
# The power-loss test loads this shim into cshub serve with LD_PRELOAD. It is built without the
# sanitizers even under make asan: the test puts the ASan runtime before it in LD_PRELOAD.
$(BUILD)/tests/sync_snapshot.so: tests/crash/sync_snapshot.c | $(SETUP_OK)
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -g -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	  -Wformat=2 -D_GNU_SOURCE -fPIC -shared -o $@ $< -ldl -lpthread
test: $(BUILD)/tests/sync_snapshot.so
# ---- end of crash tests ----
