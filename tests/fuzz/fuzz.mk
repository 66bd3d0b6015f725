# tests/fuzz/fuzz.mk -- the libFuzzer targets of every parser of outside
# input, built with clang, ASan and UBSan, out of tree and without
# configure (the parsers need no more of config.h than written below).
#
#   make -f tests/fuzz/fuzz.mk [OUT=_build-fuzz] [-j2]
#
# (not named Makefile: .gitignore drops those, as autotools output)
#
# tests/fuzz/build.sh and tests/fuzz/run call this.  AFL++ can drive the
# same harnesses: make ... CC=afl-clang-fast (its libFuzzer-compatible
# driver takes -fsanitize=fuzzer).
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
OUT ?= $(TOP)/_build-fuzz
CC = clang

HARNESSES = fuzz_request fuzz_params fuzz_cookie fuzz_multipart \
	fuzz_csv fuzz_orgxml fuzz_import fuzz_conf fuzz_competences fuzz_template

# The parsers and what they call; the linker takes what each harness needs.
COMMON = base/util base/conf base/dbhosts base/log base/realip base/sha256 base/validate http/request http/params http/multipart \
	xml/i18n xml/page import/csv import/decode import/mapping import/parse import/orgxml import/xml_shape import/xsd_cache import/xml_safe rules/org rules/plan pages/form \
	import/competences store/competence_mem \
	import/template import/template_check import/template_write store/template_model

PKGS = libxml-2.0 libxslt libexslt nettle fcgi
PKG_CFLAGS := $(shell pkg-config --cflags libxml-2.0 libxslt libexslt nettle 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs libxml-2.0 libxslt libexslt nettle 2>/dev/null)

SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
CFLAGS = -g -O1 -std=c11 -pthread $(SAN) -Wall -Wextra -Wno-unused-parameter
CPPFLAGS = -I$(TOP)/fcgi -I$(OUT)/include $(PKG_CFLAGS) \
	-DPKGDATADIR=\"/usr/local/share/gesprek\" -DSYSCONFDIR=\"/usr/local/etc\"
LIBS = $(PKG_LIBS) -lfcgi -lm -pthread

OBJS = $(addprefix $(OUT)/obj/,$(addsuffix .o,$(COMMON)))

all: $(addprefix $(OUT)/,$(HARNESSES))

# What configure would have put in config.h for these files.
$(OUT)/include/config.h: $(lastword $(MAKEFILE_LIST))
	@mkdir -p $(@D)
	printf '#define _GNU_SOURCE 1\n#define PACKAGE_NAME "gesprek"\n#define PACKAGE_VERSION "fuzz"\n' > $@

# What Makefile.am generates for the programs (xml/page.c puts it in every
# page): no git describe here, the harnesses never print it.
$(OUT)/include/gesprek_version.h: $(lastword $(MAKEFILE_LIST))
	@mkdir -p $(@D)
	printf '#define GESPREK_VERSION "fuzz"\n' > $@

GENERATED = $(OUT)/include/config.h $(OUT)/include/gesprek_version.h

$(OUT)/obj/%.o: $(TOP)/fcgi/%.c $(GENERATED)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(OUT)/libfuzzparsers.a: $(OBJS)
	rm -f $@
	ar rcs $@ $^

$(OUT)/%.o: $(TOP)/tests/fuzz/%.c $(GENERATED)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(OUT)/fuzz_%: $(OUT)/fuzz_%.o $(OUT)/libfuzzparsers.a
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(OUT)/libfuzzparsers.a $(LIBS)

.PRECIOUS: $(OUT)/%.o $(OUT)/obj/%.o
.PHONY: all

-include $(OBJS:.o=.d) $(addprefix $(OUT)/,$(addsuffix .d,$(HARNESSES)))
