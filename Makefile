# Accueil — build, run and test. See README.md.
# Every target installs missing Debian packages first (board/deps.sh).

BOARD ?= pc
# Each board builds in its own folder: build (pc), build-rpi4, build-rpi3.
BUILD ?= build$(if $(filter pc,$(BOARD)),,-$(BOARD))
CC ?= cc
HOSTCC ?= cc
SAN ?=

include board/$(BOARD)/board.mk

# Lazy (=) on purpose: pkg-config must run after board/deps.sh has installed the .pc files.
PKG_LIBS = sdl2 SDL2_ttf SDL2_image libcurl libcjson sqlite3 espeak-ng libqrencode libsystemd \
           libgpiod alsa
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKG_LIBS) libmicrohttpd)
PKG_LDLIBS = $(shell $(PKG_CONFIG) --libs $(PKG_LIBS))
# The kiosk does not link these: the module that needs one loads it with dlopen when first
# used (firmware/services/net.c: libcurl; ui/render_sdl.c: SDL2_image), so they cost nothing
# before the first frame.
KIOSK_DLOPENED = libcurl SDL2_image
KIOSK_LDLIBS = $(shell $(PKG_CONFIG) --libs $(filter-out $(KIOSK_DLOPENED),$(PKG_LIBS))) \
               $(TLS_LDLIBS) -lm -lpthread -ldl
MHD_LDLIBS = $(shell $(PKG_CONFIG) --libs libmicrohttpd gnutls)
PKG_CONFIG ?= pkg-config
TLS_LDLIBS = -lmbedtls -lmbedx509 -lmbedcrypto

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wundef -Wwrite-strings
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) $(CFLAGS) \
             -I. -I$(BUILD)/gen $(BOARD_CFLAGS) $(PKG_CFLAGS) -MMD -MP
ifneq ($(SAN),)
ALL_CFLAGS += -fsanitize=$(SAN) -fno-omit-frame-pointer
SAN_LDFLAGS = -fsanitize=$(SAN)
endif
LDLIBS_ALL = $(PKG_LDLIBS) $(TLS_LDLIBS) -lm -lpthread -ldl
DEPS_STAMP = $(BUILD)/.deps-ok

# Sources are found by folder: adding a module needs no Makefile edit.
LIB_SRCS = $(filter-out firmware/main.c,$(wildcard firmware/*.c firmware/core/*.c firmware/core/flows/*.c \
             firmware/services/*.c ui/*.c ui/screens/*.c voices/*.c)) $(BUILD)/gen/strings_data.c
CENTRAL_SRCS = $(filter-out central/main.c,$(wildcard central/*.c))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
INTEG_SRCS = $(wildcard tests/integration/test_*.c)
BENCH_SRCS = $(wildcard tests/bench/bench_*.c)
SUPPORT_SRCS = $(wildcard tests/support/*.c)
TOOL_SRCS = $(filter-out tools/embed.c,$(wildcard tools/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(patsubst $(BUILD)/%,%,$(1)))
LIB_OBJS = $(call obj,$(LIB_SRCS))
CENTRAL_OBJS = $(call obj,$(CENTRAL_SRCS))
SUPPORT_OBJS = $(call obj,$(SUPPORT_SRCS))
TOOL_BINS = $(patsubst tools/%.c,$(BUILD)/tools/%,$(TOOL_SRCS))
TEST_LIBS = $(BUILD)/libtestsupport.a $(BUILD)/libcentral.a $(BUILD)/libaccueil.a
TEST_BINS = $(patsubst tests/%.c,$(BUILD)/tests/%,$(UNIT_SRCS) $(INTEG_SRCS))
BENCH_BINS = $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
KIOSK = $(BUILD)/accueil
CENTRAL = $(BUILD)/accueil-central

.PHONY: all run test check demo bench clean deps fuzz refimages format
all: $(KIOSK) $(CENTRAL) $(TOOL_BINS)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): board/deps.sh
	@mkdir -p $(BUILD)
	@board/deps.sh $(BOARD)
	@touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=c11 -O2 -Wall -Wextra -Werror $< -o $@

$(BUILD)/gen/strings_data.c: assets/strings/fr.po assets/strings/en.po $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed strings_fr_po assets/strings/fr.po strings_en_po assets/strings/en.po > $@.tmp
	mv $@.tmp $@

# Only the version module learns the board and the commit (--version, the self-test).
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
GIT_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
$(BUILD)/obj/firmware/version.o: ALL_CFLAGS += -DACCUEIL_BOARD_NAME='"$(BOARD)"' \
	-DACCUEIL_COMMIT='"$(GIT_COMMIT)"' -DACCUEIL_SOURCE_EPOCH=$(GIT_EPOCH)LL
$(BUILD)/obj/firmware/version.o: $(wildcard .git/logs/HEAD)

$(BUILD)/libaccueil.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libcentral.a: $(CENTRAL_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libtestsupport.a: $(SUPPORT_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(KIOSK): $(BUILD)/obj/firmware/main.o $(BUILD)/libaccueil.a
	$(CC) $(SAN_LDFLAGS) $^ $(KIOSK_LDLIBS) -o $@

$(CENTRAL): $(BUILD)/obj/central/main.o $(BUILD)/libcentral.a $(BUILD)/libaccueil.a
	$(CC) $(SAN_LDFLAGS) $^ $(MHD_LDLIBS) $(LDLIBS_ALL) -o $@

# Tests and tools link test support, the central and the kiosk library.
$(BUILD)/tests/%: tests/%.c $(TEST_LIBS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MF $@.d $< $(SAN_LDFLAGS) $(TEST_LIBS) $(MHD_LDLIBS) $(LDLIBS_ALL) -lcmocka -o $@

$(BUILD)/tools/%: tools/%.c $(TEST_LIBS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MF $@.d $< $(SAN_LDFLAGS) $(TEST_LIBS) $(MHD_LDLIBS) $(LDLIBS_ALL) -o $@

$(BUILD)/bench/%: tests/bench/%.c $(TEST_LIBS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MF $@.d $< $(TEST_LIBS) $(MHD_LDLIBS) $(LDLIBS_ALL) -o $@

run: all
	@tools/run.sh $(BUILD)

test: all $(TEST_BINS) $(BENCH_BINS)
	@$(TEST_ENV) tests/run.sh $(BUILD)

demo: all
	@tools/demo.sh $(BUILD) out/demo

bench: all $(BENCH_BINS)
	@tests/bench/run.sh $(BUILD)

refimages: all
	@tests/ui/refimages.sh $(BUILD) --update

check: | $(DEPS_STAMP)
	@tools/check.sh

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) out

# Optional fragments (fuzzing, cross builds) kept next to what they build.
-include $(wildcard tests/fuzz/*.mk board/*/extra.mk)
-include $(shell find $(BUILD) \( -path $(BUILD)/sysroot -o -path $(BUILD)/image \) -prune -o -name '*.d' -type f -print 2>/dev/null)
