# The hostile client (tests/hostile/hostile.c): a program beside the suite,
# run by scripts/check-hostile.sh against a running build/aid-api; its
# checks are timed, so `make test` does not run it. `make hostile` builds it.
HOSTILE_LIB := $(shell pkg-config --libs libcurl) -pthread

.PHONY: hostile
hostile: $(BUILD)/hostile

$(BUILD)/hostile: $(BUILD)/obj/tests/hostile/hostile.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(HOSTILE_LIB)
