# libFuzzer targets (clang), included by the top Makefile.
#   make fuzz                 builds every tests/fuzz/fuzz_*.c and runs each for FUZZ_TIME s
#   make fuzz-build           builds them only (tests/fuzz/test_fuzz.sh runs each for ~5 s)
#   make fuzz FUZZ_TIME=600   longer runs
# Each fuzzer links against clang builds (ASan + UBSan + fuzzer coverage) of every source of
# firmware/ (not firmware/main.c; ui/ and voices/ hold no parsers) and of central/ (not
# central/main.c), archived, so a fuzzer pulls in only the objects it needs and a new fuzzer
# needs no edit here. A library file clang cannot compile is left out with a message (a fuzzer
# that needs it then fails to link, the others go on). A fuzzer whose own #include "…" files
# do not exist yet is skipped with a message (work in progress elsewhere), not failed.
# Seeds are read from tests/fuzz/corpus/<name>/ (committed); what libFuzzer finds goes to
# $(BUILD)/fuzz/corpus/<name>/, crashes to $(BUILD)/fuzz/artifacts/.

FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_DIR = $(BUILD)/fuzz
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRCS))
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# Library code gets the project's warnings without -Werror: clang may warn where gcc did not,
# and that belongs to `make check`, not to the fuzzing.
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -g -O1 $(FUZZ_SAN) \
              $(filter-out -Werror,$(WARN)) -Wno-unused-command-line-argument \
              -I. -I$(BUILD)/gen $(BOARD_CFLAGS) $(PKG_CFLAGS) -MMD -MP

fuzz_obj = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(patsubst $(BUILD)/%,%,$(1)))
FUZZ_LIB_SRCS = $(filter-out firmware/main.c,$(wildcard firmware/*.c firmware/*/*.c)) \
                $(BUILD)/gen/strings_data.c
FUZZ_LIB_OBJS = $(call fuzz_obj,$(FUZZ_LIB_SRCS))
FUZZ_CENTRAL_OBJS = $(call fuzz_obj,$(CENTRAL_SRCS))

# The local headers a fuzzer includes that do not exist (yet).
fuzz_missing = $(strip $(foreach h,$(shell sed -n 's/^[[:space:]]*\#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' tests/fuzz/$(1).c),$(if $(wildcard $(h)),,$(h))))
FUZZ_READY = $(foreach n,$(FUZZ_NAMES),$(if $(call fuzz_missing,$(n)),,$(n)))
FUZZ_SKIPPED = $(filter-out $(FUZZ_READY),$(FUZZ_NAMES))

.PHONY: fuzz fuzz-build fuzz-list
fuzz-list:
	@echo $(FUZZ_READY)

fuzz-build: $(patsubst %,$(FUZZ_DIR)/%,$(FUZZ_READY))
	@$(foreach n,$(FUZZ_SKIPPED),echo "fuzz: skipping $(n): missing $(call fuzz_missing,$(n))";)
	@true

fuzz: fuzz-build
	@set -e; for n in $(FUZZ_READY); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$n $(FUZZ_DIR)/artifacts tests/fuzz/corpus/$$n; \
		echo "fuzz: $$n for $(FUZZ_TIME) s"; \
		$(FUZZ_DIR)/$$n -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=$(FUZZ_DIR)/artifacts/$$n- -print_final_stats=1 \
			$(FUZZ_DIR)/corpus/$$n tests/fuzz/corpus/$$n; \
	done

$(FUZZ_DIR)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@ 2>$@.log || { \
		echo "fuzz: $< does not build with $(FUZZ_CC), left out:"; sed -n 1,5p $@.log; \
		echo 'typedef int fuzz_left_out;' | $(FUZZ_CC) -x c -c - -o $@; }

$(FUZZ_DIR)/obj/gen/%.o: $(BUILD)/gen/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_DIR)/libaccueil.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/libcentral.a: $(FUZZ_CENTRAL_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# The fuzzer's own file is held to the project's full warnings.
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libcentral.a $(FUZZ_DIR)/libaccueil.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARN) -fsanitize=fuzzer -MF $@.d $< \
		$(FUZZ_DIR)/libcentral.a $(FUZZ_DIR)/libaccueil.a $(MHD_LDLIBS) $(LDLIBS_ALL) -o $@
