# aid-api. `make` builds build/aid-api and build/aid.db; `make test` runs
# every test; see `make help`.

BUILD    ?= build
CC       ?= cc
PKGS     := libmicrohttpd jansson sqlite3 zlib
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wwrite-strings -Wformat=2 -Wpointer-arith -Wcast-qual -Wvla \
            -Werror
# CFLAGS and LDFLAGS are the user's (make CFLAGS=-O0 keeps everything
# else); what the build needs is in REQ_CFLAGS and REQ_LDFLAGS, always
# given first.
CFLAGS   ?= -O2 -g
REQ_CFLAGS := -std=c11 $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -pthread $(shell pkg-config --cflags $(PKGS))
REQ_LDFLAGS :=
LDLIBS   := $(shell pkg-config --libs $(PKGS)) -pthread
ifdef SANITIZE
REQ_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
            -fno-sanitize-recover=all
REQ_LDFLAGS += -fsanitize=$(SANITIZE)
endif
ALL_CFLAGS = $(REQ_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(REQ_LDFLAGS) $(LDFLAGS)

SERVER   := $(wildcard server/*.c)
HANDLERS := $(filter-out handlers/main.c,$(wildcard handlers/*.c))
STORE    := db/store.c db/load.c db/relations.c db/scan.c db/select.c db/text.c db/about.c db/zip.c
LIB_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(SERVER) $(HANDLERS) $(STORE)) \
            $(BUILD)/obj/gen/openapi.o $(BUILD)/obj/gen/web.o
WEB      := $(sort $(wildcard web/*))
DATA     := db/schema.sql $(sort $(wildcard db/data/*.sql)) db/derive.sql \
            db/annotate.sql db/package.sql
# The data's date: when the files the database is made of last changed
# (the newest commit of them), so that two builds of one commit are the
# same bytes. Without git (a container build), pass SOURCE_DATE_EPOCH.
DATA_FILES := $(DATA) db/source
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct -- $(DATA_FILES) \
                       2>/dev/null)
TESTS    := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
TEST_BIN := $(addprefix $(BUILD)/tests/,$(TESTS))
# What the test programs share (tests/harness*.c), linked into each.
HARNESS  := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/harness*.c))
TEST_LIB := $(shell pkg-config --libs cmocka libcurl)

.PHONY: check-flags data-files source-date-epoch FORCE all test sanitize sanitize-gcc sanitize-clang valgrind coverage mutations format format-check clean help
all: $(BUILD)/aid-api $(BUILD)/aid.db

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The OpenAPI document, embedded as bytes (served by handlers/openapi.c).
$(BUILD)/gen/openapi.c: handlers/openapi.json
	@mkdir -p $(dir $@)
	{ echo '#include <stddef.h>'; \
	  echo 'extern const unsigned char openapi_json[];'; \
	  echo 'extern const size_t openapi_json_len;'; \
	  echo 'const unsigned char openapi_json[] = {'; \
	  od -An -v -tx1 $< | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t openapi_json_len = sizeof(openapi_json);'; } > $@

$(BUILD)/obj/gen/openapi.o: $(BUILD)/gen/openapi.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The page's files (web/), embedded as bytes (served by handlers/page.c).
$(BUILD)/gen/web.c: $(WEB) scripts/embed-web.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-web.sh $@ $(WEB)

$(BUILD)/obj/gen/web.o: $(BUILD)/gen/web.c handlers/web.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I. -c -o $@ $<

$(BUILD)/libaid.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/aid-api: $(BUILD)/obj/handlers/main.o $(BUILD)/libaid.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/aid-mkdb: $(BUILD)/obj/db/mkdb.o $(BUILD)/obj/db/text.o \
    $(BUILD)/obj/db/version.o $(BUILD)/obj/db/package.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

# The data's date, rewritten only when it changes, so that a commit that
# changes the date alone rebuilds the store.
$(BUILD)/data-date: FORCE
	@mkdir -p $(dir $@)
	@echo '$(SOURCE_DATE_EPOCH)' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

# The store, from the readable files under db/ (schema, data, derived,
# annotations, the data package), dated by SOURCE_DATE_EPOCH.
$(BUILD)/aid.db: $(BUILD)/aid-mkdb $(DATA) $(wildcard db/source/*) \
    $(BUILD)/data-date
	SOURCE_DATE_EPOCH='$(SOURCE_DATE_EPOCH)' $(BUILD)/aid-mkdb $@ $(DATA)

# A test program may wrap functions at link time: WRAP_<program> names
# them, and its calls of each F (the library's too) reach __wrap_F, which
# reaches F as __real_F. The chaos test counts and fails allocations so
# (tests/harness_chaos.c) ...
WRAP_test_chaos := malloc calloc realloc free strdup strndup fopen \
            pthread_create deflateInit2_ MHD_create_response_from_buffer \
            MHD_create_response_from_buffer_with_free_callback_cls \
            MHD_create_response_from_iovec MHD_add_response_header \
            json_loadb
WRAP_test_chaos_daemon := $(WRAP_test_chaos)
# ... and marks the calls an operation made of others nests
WRAP_test_chaos_startup := $(WRAP_test_chaos) store_open dataset_load \
            about_load view_open openapi_open cites_open service_open
# The allocations of a body the cache keeps, failed in turn (test_body).
WRAP_test_body := malloc calloc realloc free
comma := ,
# The fuzz target of a request's head, run on its seed corpus in the suite.
$(BUILD)/tests/test_corpus: $(BUILD)/obj/tests/fuzz/fuzz_request.o \
    $(BUILD)/obj/tests/fuzz/check.o

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(HARNESS) \
    $(BUILD)/libaid.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) $(foreach f,$(WRAP_$*),-Wl$(comma)--wrap=$(f)) \
	  -o $@ $^ $(TEST_LIB) $(LDLIBS)

# Every test program, run from the top of the checkout, TEST_JOBS at a
# time (tests/run.sh); each prints its cmocka summary. AID_BIN lets the
# start-up tests run the real binary, AID_MKDB and AID_DATA the build
# tests the store's build.
TEST_JOBS ?= 1
test: all $(BUILD)/aid-mkdb $(TEST_BIN)
	@AID_DB=$(BUILD)/aid.db AID_BIN=$(BUILD)/aid-api \
	  AID_MKDB=$(BUILD)/aid-mkdb AID_DATA='$(DATA)' \
	  TEST_WRAP='$(TEST_WRAP)' sh tests/run.sh $(TEST_JOBS) $(TEST_BIN)

# The whole suite built with the sanitizers of two compilers: gcc's
# address and undefined, then clang's, which also check float casts and
# every integer overflow and truncation (a hash that wraps on purpose is
# marked WRAPS, db/wraps.h), under clang's warnings.
CLANG_SANITIZE := address,undefined,float-cast-overflow,integer
sanitize: # one after the other, even under -j: each runs the whole suite
	$(MAKE) sanitize-gcc
	$(MAKE) sanitize-clang
sanitize-gcc:
	$(MAKE) BUILD=build/sanitize CC=gcc SANITIZE=address,undefined test
sanitize-clang:
	$(MAKE) BUILD=build/sanitize-clang CC=clang SANITIZE=$(CLANG_SANITIZE) \
	  test

# The whole suite under valgrind's memcheck: any leak or error fails. The
# chaos tests fail at most 50 allocation points of each operation there,
# spread over all of them (tests/harness_chaos.h). Two programs at a time:
# valgrind runs each on one core.
valgrind: all $(TEST_BIN)
	$(MAKE) test TEST_JOBS=2 \
	  TEST_WRAP="AID_CHAOS_RUNS=50 valgrind -q --leak-check=full \
	  --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	  --error-exitcode=99 --trace-children=no"

# Line and branch coverage of server/, handlers/ and db/: the whole suite
# built with gcc's --coverage in build/coverage (at -O0, so that what is
# counted is the source's lines and branches), then a table per file and
# the total (scripts/coverage.sh, gcovr), failing under COVERAGE_LINES %
# of the lines or COVERAGE_BRANCHES % of the branches.
COVERAGE_LINES    := 95
COVERAGE_BRANCHES := 90
COVERAGE_CFLAGS   := -O0 -g --coverage
coverage:
	@find build/coverage -name '*.gcda' -delete 2>/dev/null || true
	$(MAKE) BUILD=build/coverage CC=gcc CFLAGS='$(COVERAGE_CFLAGS)' \
	  LDFLAGS=--coverage test
	bash scripts/coverage.sh build/coverage $(COVERAGE_LINES) \
	  $(COVERAGE_BRANCHES)

# Each data test fails on a database, article or list mutated to break
# what it guards (the script names the test programs it runs).
mutations: all $(TEST_BIN)
	sh tests/data/test_data-mutations.sh $(BUILD)

# The files the store is built from, in order (scripts that build another
# store from them and one more file).
data-files:
	@echo $(DATA)

# The data's date, for a build that has no git (podman build: the
# Dockerfile's --build-arg SOURCE_DATE_EPOCH).
source-date-epoch:
	@echo '$(SOURCE_DATE_EPOCH)'

# make CFLAGS=... keeps the standard, the warnings as errors and -pthread.
check-flags:
	@cmd=$$($(MAKE) -s -n -B CFLAGS=-O0 LDFLAGS= BUILD=$(BUILD)/flags \
	  $(BUILD)/flags/obj/server/main.o); \
	for f in -std=c11 -Werror -Wall -pthread -O0; do \
	  case " $$cmd " in *" $$f "*) ;; \
	  *) echo "check-flags: make CFLAGS=-O0 compiles without $$f"; exit 1;; esac; \
	done; echo "check-flags: make CFLAGS=-O0 keeps -std=c11, the warnings, -Werror and -pthread"

format:
	clang-format -i server/*.[ch] handlers/*.[ch] db/*.[ch] tests/*.[ch] \
	  tests/hostile/*.c

format-check:
	clang-format --dry-run -Werror server/*.[ch] handlers/*.[ch] \
	  db/*.[ch] tests/*.[ch] tests/hostile/*.c

clean:
	rm -rf build

help:
	@echo "make               build build/aid-api and build/aid.db"
	@echo "make test          run every test (unit, HTTP, data, start-up)"
	@echo "make sanitize      the same under gcc's and clang's sanitizers"
	@echo "make valgrind      the same under valgrind memcheck"
	@echo "make coverage      the same with gcc's --coverage: lines and branches, with floors"
	@echo "make mutations     show each data test failing on a mutated copy"
	@echo "make fuzz SECONDS=N  run each libFuzzer target (tests/fuzz/) N seconds"
	@echo "make format-check  check the C formatting with clang-format"
	@echo "make clean         remove build/"

# Programs beside the suite, each with its own fragment: the fuzzers
# (tests/fuzz/, make fuzz) and the hostile client (tests/hostile/).
-include tests/fuzz/fuzz.mk tests/hostile/hostile.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
