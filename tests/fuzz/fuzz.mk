# The fuzzers (tests/fuzz/), included by the Makefile. libFuzzer targets
# built by clang 14 with its sanitizers into build/fuzz/, the library
# objects too (a make of their own there, as sanitize-clang does):
#   fuzz_request  one request's head through the server, no socket
#   fuzz_socket   raw bytes to the real daemon over loopback TCP
# `make fuzz SECONDS=N` runs each for N seconds (default 60) on a copy of
# its seed corpus (tests/fuzz/corpus/<name>/, copied to
# build/fuzz/corpus/<name>/) with tests/fuzz/http.dict, prints libFuzzer's
# final statistics, and fails on any crash, leak, sanitizer report,
# timeout or out-of-memory (what libFuzzer found is kept as
# build/fuzz/artifacts/<name>-*; the whole log is build/fuzz/<name>.log).
# FUZZ_FLAGS passes more flags to libFuzzer (-runs=N, -jobs=N, ...).

FUZZ_BUILD    := build/fuzz
FUZZ_SANITIZE := fuzzer,address,undefined,float-cast-overflow,integer
FUZZ_TARGETS  := request socket
SECONDS       ?= 60
FUZZ_FLAGS    ?=
# Inputs as long as the longest seed: a target over 8 KiB (414), a header
# block over 8 KiB (431); the socket's reach libmicrohttpd's 128 KiB of
# connection memory (its own 414 and 431).
FUZZ_MAX_LEN_request := 20000
FUZZ_MAX_LEN_socket  := 24000
FUZZ_OBJ      = $(BUILD)/obj/tests/fuzz/check.o \
    $(BUILD)/obj/tests/harness_gzip.o $(BUILD)/libaid.a

.PHONY: fuzz fuzz-build fuzz-targets

# Meant for BUILD=$(FUZZ_BUILD), CC=clang, SANITIZE=$(FUZZ_SANITIZE).
fuzz-targets: $(addprefix $(BUILD)/fuzz_,$(FUZZ_TARGETS))

$(BUILD)/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang SANITIZE=$(FUZZ_SANITIZE) \
	  fuzz-targets

# Each target in turn; its exit status, and any sanitizer report in its
# log (one from a daemon thread too), decide.
fuzz: $(BUILD)/aid.db fuzz-build
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  corpus=$(FUZZ_BUILD)/corpus/$$t log=$(FUZZ_BUILD)/$$t.log; \
	  rm -rf $$corpus; mkdir -p $$corpus $(FUZZ_BUILD)/artifacts; \
	  cp tests/fuzz/corpus/$$t/* $$corpus/; \
	  echo "== fuzz_$$t: $(SECONDS) s on $$(ls $$corpus | wc -l) seeds"; \
	  AID_DB=$(BUILD)/aid.db $(FUZZ_BUILD)/fuzz_$$t \
	    -max_total_time=$(SECONDS) -timeout=20 -print_final_stats=1 \
	    -max_len=$$(case $$t in request) echo $(FUZZ_MAX_LEN_request);; \
	                 *) echo $(FUZZ_MAX_LEN_socket);; esac) \
	    -dict=tests/fuzz/http.dict \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- $(FUZZ_FLAGS) \
	    $$corpus >$$log 2>&1; rc=$$?; \
	  grep -E '^(stat::|Done |#[0-9]+[[:space:]]+DONE)' $$log; \
	  echo "corpus: $$(ls $$corpus | wc -l) inputs"; \
	  if [ $$rc -ne 0 ] || grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|^SUMMARY: ' $$log; then \
	    echo "fuzz_$$t: FAILED (exit $$rc); the end of $$log:"; \
	    tail -n 60 $$log; fail=1; \
	  else echo "fuzz_$$t: ok"; fi; \
	done; exit $$fail

# The house style covers the fuzzers too.
.PHONY: format-fuzz format-check-fuzz
format: format-fuzz
format-check: format-check-fuzz
format-fuzz:
	clang-format -i tests/fuzz/*.[ch]
format-check-fuzz:
	clang-format --dry-run -Werror tests/fuzz/*.[ch]
