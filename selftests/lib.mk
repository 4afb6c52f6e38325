# SPDX-License-Identifier: GPL-2.0
#
# What every userspace selftest suite's Makefile shares: the kselftest
# harness and the flags.  A suite sets TESTS (program names, one .c each)
# before including this, and is built with make -C <suite> O=<outdir>.
# A program built with more sources names them as prerequisites of
# $(OUT)/<program> after the include; one that needs a library adds it to
# LDLIBS (and CFLAGS) for $(OUT)/<program>.

SRC := $(abspath $(dir $(firstword $(MAKEFILE_LIST))))
REPO := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
O ?= $(REPO)/build/selftests/$(notdir $(SRC))
OUT := $(abspath $(O))

# The harness comes from Debian's linux-source-6.12, extracted once.
KSELFTEST_DIR := $(shell $(REPO)/scripts/linux-source.sh \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest.h)/tools/testing/selftests

# kselftest_harness.h trips -Wclobbered and -Wunused-parameter itself.
CFLAGS := -Wall -Wextra -Werror -Wno-clobbered -Wno-unused-parameter -O2 \
	  -D_GNU_SOURCE -I$(KSELFTEST_DIR) -I$(REPO)/include/uapi \
	  -I$(REPO)/selftests
MAKEOVERRIDES :=

.PHONY: all clean
all: $(addprefix $(OUT)/,$(TESTS))

$(OUT)/%: $(SRC)/%.c $(wildcard $(SRC)/*.h $(REPO)/selftests/*.h) \
	  $(REPO)/include/uapi/linux/pathstats.h
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS) -lpthread

clean:
	rm -rf $(OUT)
