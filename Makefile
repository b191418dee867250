# banshi - build, check, demo and install.  GNU make, pkg-config.
#
#   make            build banshid, banshictl and banshi into build/
#   make check      sanitizer build (ASan + UBSan) into build/san, all tests
#   make demo       install what is missing, demo data, daemon and client
#   make install    PREFIX, DESTDIR and the GNU directory variables

VERSION		 = 0.1.0

PREFIX		?= /usr/local
prefix		?= $(PREFIX)
exec_prefix	?= $(prefix)
bindir		?= $(exec_prefix)/bin
sbindir		?= $(exec_prefix)/sbin
datarootdir	?= $(prefix)/share
datadir		?= $(datarootdir)
localedir	?= $(datarootdir)/locale
mandir		?= $(datarootdir)/man
sysconfdir	?= $(prefix)/etc
localstatedir	?= $(prefix)/var
DESTDIR		?=

CC		?= cc
PKG_CONFIG	?= pkg-config
PROTOC_C	?= protoc-c
BUILD		?= build
SANITIZE	?=

SERVER_PKGS	 = libevent_openssl libevent libevent_pthreads openssl sqlite3 libfyaml \
		   libsodium libprotobuf-c inih
CLIENT_PKGS	 = ncursesw libevent_openssl libevent openssl libprotobuf-c inih \
		   libsodium
CTL_PKGS	 = openssl libprotobuf-c
TEST_PKGS	 = cmocka

WARN		 = -Wall -Wextra -Wshadow -Wpointer-arith -Wmissing-prototypes \
		   -Wstrict-prototypes -Wformat=2 -Wno-unused-parameter
CFLAGS		?= -O2 -g
ifneq ($(SANITIZE),)
CFLAGS		+= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=undefined
LDFLAGS		+= -fsanitize=address,undefined
endif
CPPFLAGS	+= -D_GNU_SOURCE -DBANSHI_VERSION='"$(VERSION)"' \
		   -DLOCALEDIR='"$(localedir)"' \
		   -DSYSCONFDIR='"$(sysconfdir)"' \
		   -I$(BUILD)/gen -Icommon
ALL_CFLAGS	 = $(CPPFLAGS) $(WARN) $(CFLAGS) -std=c11

pc_cflags	 = $(shell $(PKG_CONFIG) --cflags $(1))
pc_libs		 = $(shell $(PKG_CONFIG) --libs $(1))

GEN		 = $(BUILD)/gen/schema.pb-c.c $(BUILD)/gen/schema.pb-c.h

COMMON_SRCS	 = common/frame.c common/text.c common/log.c common/xmalloc.c \
		   common/tls.c common/wire.c common/ids.c common/filetype.c
CLIENTLIB_SRCS	 = common/client.c
SERVER_SRCS	 = $(filter-out server/banshictl.c,$(wildcard server/*.c))
CTL_SRCS	 = server/banshictl.c
TUI_SRCS	 = $(wildcard tui-client/*.c)

obj		 = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
GEN_OBJ		 = $(BUILD)/obj/gen/schema.pb-c.o
COMMON_OBJS	 = $(call obj,$(COMMON_SRCS)) $(GEN_OBJ)
SERVER_OBJS	 = $(call obj,$(SERVER_SRCS))
SERVER_LIB_OBJS	 = $(filter-out $(BUILD)/obj/server/banshid.o,$(SERVER_OBJS))
CTL_OBJS	 = $(call obj,$(CTL_SRCS))
TUI_OBJS	 = $(call obj,$(TUI_SRCS) $(CLIENTLIB_SRCS))
TUI_LIB_OBJS	 = $(filter-out $(BUILD)/obj/tui-client/banshi.o,$(TUI_OBJS))

BINS		 = $(BUILD)/banshid $(BUILD)/banshictl $(BUILD)/banshi

UNIT_SRCS	 = $(wildcard tests/unit/test_*.c)
UNIT_BINS	 = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
E2E_SRCS	 = $(wildcard tests/e2e/e2e_*.c)
E2E_BINS	 = $(patsubst tests/e2e/%.c,$(BUILD)/tests/e2e/%,$(E2E_SRCS))
E2E_LIB		 = $(BUILD)/obj/tests/e2e/harness.o \
		   $(BUILD)/obj/tests/e2e/harness-filing.o \
		   $(BUILD)/obj/tests/e2e/harness-case.o
FUZZ_SRCS	 = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS	 = $(patsubst tests/fuzz/%.c,$(BUILD)/tests/fuzz/%,$(FUZZ_SRCS))
BENCH_SRCS	 = $(wildcard tests/bench/bench_*.c)
BENCH_BINS	 = $(patsubst tests/bench/%.c,$(BUILD)/tests/bench/%,$(BENCH_SRCS))

POS		 = $(wildcard po/*.po)
MOS		 = $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/banshi.mo,$(POS))

.PHONY: all tests check demo install uninstall clean pot bench lint fuzz

all: $(BINS) $(MOS)

$(BUILD)/gen/schema.pb-c.c $(BUILD)/gen/schema.pb-c.h: schema.proto
	@mkdir -p $(BUILD)/gen
	$(PROTOC_C) --c_out=$(BUILD)/gen schema.proto

$(GEN_OBJ): $(BUILD)/gen/schema.pb-c.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pc_cflags,libprotobuf-c) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/obj/common/%.o: common/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pc_cflags,$(SERVER_PKGS)) -MMD -MP -c -o $@ $<

$(BUILD)/obj/server/%.o: server/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pc_cflags,$(SERVER_PKGS)) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tui-client/%.o: tui-client/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pc_cflags,$(CLIENT_PKGS)) -MMD -MP -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iserver -Itui-client -Itests/e2e -Itests/fuzz \
	    $(call pc_cflags,$(SERVER_PKGS) $(CLIENT_PKGS) $(TEST_PKGS)) \
	    -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(BUILD)/banshid: $(SERVER_OBJS) $(COMMON_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

$(BUILD)/banshictl: $(CTL_OBJS) $(COMMON_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(CTL_PKGS))

$(BUILD)/banshi: $(TUI_OBJS) $(COMMON_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(CLIENT_PKGS))

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(SERVER_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS) $(TEST_PKGS)) -lpthread

$(BUILD)/tests/e2e/%: $(BUILD)/obj/tests/e2e/%.o $(E2E_LIB) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

$(BUILD)/tests/bench/%: $(BUILD)/obj/tests/bench/%.o $(E2E_LIB) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

# Fuzz targets: replayed over their corpora by make check; make fuzz runs
# one under libFuzzer (clang), e.g. make fuzz FUZZ=fuzz_frame SECONDS=60.
$(BUILD)/tests/fuzz/%: $(BUILD)/obj/tests/fuzz/%.o $(BUILD)/obj/tests/fuzz/replay.o $(SERVER_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

FUZZ		?= fuzz_frame
SECONDS		?= 60
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang \
	    CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" \
	    LDFLAGS="-fsanitize=fuzzer,address,undefined" \
	    build/fuzz/libfuzzer/$(FUZZ)
	mkdir -p build/fuzz/corpus/$(FUZZ)
	build/fuzz/libfuzzer/$(FUZZ) -max_total_time=$(SECONDS) \
	    build/fuzz/corpus/$(FUZZ) tests/fuzz/corpus/$(FUZZ)

$(BUILD)/libfuzzer/%: $(BUILD)/obj/tests/fuzz/%.o $(SERVER_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

# Benchmarks of server internals link the server's objects as well.
$(BUILD)/tests/bench/bench_search: $(BUILD)/obj/tests/bench/bench_search.o $(SERVER_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

# The queue bench makes its cases with the server's code, then drives a
# real banshid over TLS.
$(BUILD)/tests/bench/bench_queue: $(BUILD)/obj/tests/bench/bench_queue.o $(E2E_LIB) $(SERVER_LIB_OBJS) $(COMMON_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SERVER_PKGS)) -lpthread

$(BUILD)/locale/%/LC_MESSAGES/banshi.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

tests: all $(UNIT_BINS) $(E2E_BINS) $(FUZZ_BINS) $(BENCH_BINS)

# The sanitizer build lives apart from the plain one so both stay warm.
check:
	$(MAKE) BUILD=build/san SANITIZE=1 tests
	BUILD=build/san tests/run

bench:
	$(MAKE) BUILD=build tests
	BUILD=build tests/bench/run

demo:
	scripts/demo.sh

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ --package-name=banshi \
	    --package-version=$(VERSION) -o po/banshi.pot tui-client/*.c

lint:
	mandoc -T lint -W warning man/*.[0-9]
	for f in $(POS); do msgfmt -c -o /dev/null $$f || exit 1; done

install: all
	install -d $(DESTDIR)$(sbindir) $(DESTDIR)$(bindir) \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5 \
	    $(DESTDIR)$(mandir)/man8 $(DESTDIR)$(sysconfdir)/banshi
	install -m 755 $(BUILD)/banshid $(BUILD)/banshictl $(DESTDIR)$(sbindir)
	install -m 755 $(BUILD)/banshi $(DESTDIR)$(bindir)
	install -m 644 man/*.1 $(DESTDIR)$(mandir)/man1
	install -m 644 man/*.5 $(DESTDIR)$(mandir)/man5
	install -m 644 man/*.8 $(DESTDIR)$(mandir)/man8
	install -m 644 etc/banshid.conf $(DESTDIR)$(sysconfdir)/banshi/banshid.conf.sample
	install -m 644 etc/banshi.conf $(DESTDIR)$(sysconfdir)/banshi/banshi.conf.sample
	install -d $(DESTDIR)$(sysconfdir)/banshi/catalog/items
	install -m 644 etc/catalog/*.yaml $(DESTDIR)$(sysconfdir)/banshi/catalog
	install -m 644 etc/catalog/items/*.yaml \
	    $(DESTDIR)$(sysconfdir)/banshi/catalog/items
	install -d $(DESTDIR)$(sysconfdir)/banshi/catalog/registry
	install -m 644 etc/catalog/registry/*.yaml \
	    $(DESTDIR)$(sysconfdir)/banshi/catalog/registry
	for mo in $(MOS); do \
	    l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
	    install -d $(DESTDIR)$(localedir)/$$l/LC_MESSAGES; \
	    install -m 644 $$mo $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/banshi.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(sbindir)/banshid $(DESTDIR)$(sbindir)/banshictl \
	    $(DESTDIR)$(bindir)/banshi
	rm -f $(DESTDIR)$(mandir)/man1/banshi.1 $(DESTDIR)$(mandir)/man5/banshid.conf.5 \
	    $(DESTDIR)$(mandir)/man5/banshi-catalog.5 \
	    $(DESTDIR)$(mandir)/man8/banshid.8 $(DESTDIR)$(mandir)/man8/banshictl.8
	for l in $(patsubst po/%.po,%,$(POS)); do \
	    rm -f $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/banshi.mo; done

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
