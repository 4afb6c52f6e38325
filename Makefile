# SPDX-License-Identifier: GPL-2.0
#
# pathstats: kernel module, userspace tool, tests, docs.
#
#   make                  module/pathstats.ko for KDIR, and the tools
#   make KERNEL=6.12      the same against a supported Debian kernel's headers
#   make check            unit tests, then the VM suites on every kernel
#   make check KERNELS=6.12   ... on the kernels named only
#   make demo             build, boot a VM with the module, show the tree
#   make lint             checkpatch and sparse, both Debian 12 kernels
#   make install          module (with depmod), tool, man page

# The kernel matrix (scripts/kernel.sh): a debug build of 6.12 (PREEMPT_RT,
# lockdep, KASAN, kmemleak, UBSAN; built on first use, about 18 minutes on
# 2 cores, then cached), Debian 12's two, its PREEMPT_RT one, and Debian
# unstable's newest.  The debug kernel is first: its build and its slow
# run take one of check-vm's two slots while the others share the other.
MATRIX_KERNELS := debug 6.1 6.12 6.12-rt unstable
ALL_KERNELS := $(MATRIX_KERNELS)
KERNELS ?= $(MATRIX_KERNELS)
LINT_KERNELS := 6.1 6.12

ifneq ($(KERNEL),)
KDIR ?= $(shell scripts/kernel.sh headers $(KERNEL))
endif
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(shell scripts/kernel.sh headers 6.12 2>/dev/null))

BUILD := $(CURDIR)/build
V ?= 0

.PHONY: all module tools modules-all check check-unit check-vm demo lint \
	install clean docs deps

all: module tools

module:
	@test -d "$(KDIR)" || { echo "make: no kernel build dir (KDIR=$(KDIR)); run scripts/install-deps.sh or set KERNEL=6.1|6.12" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools: | deps
	$(MAKE) -C tools

# What the targets below need, as Debian packages (root installs them).
deps:
	scripts/install-deps.sh

# One shadow build tree per supported kernel: build/<kernel>/.
define kernel_rules
modules-$(1): | deps
	scripts/kbuild-shadow.sh $(BUILD)/$(1) module
	+scripts/kernel.sh make $(1) M=$(BUILD)/$(1) modules
	$$(MAKE) -C selftests/statsfs \
		KMAKE="$(CURDIR)/scripts/kernel.sh make $(1)" \
		O=$(BUILD)/$(1)/selftests/statsfs \
		PATHSTATS_SYMVERS=$(BUILD)/$(1)/Module.symvers
	$$(MAKE) -C selftests/pathmon O=$(BUILD)/$(1)/selftests/pathmon
	$$(MAKE) -C selftests/udsmon O=$(BUILD)/$(1)/selftests/udsmon
	$$(MAKE) -C selftests/attribution \
		O=$(BUILD)/$(1)/selftests/attribution
	$$(MAKE) -C selftests/trace O=$(BUILD)/$(1)/selftests/trace

check-vm-$(1): modules-$(1) tools
	mkdir -p $(BUILD)/logs
	selftests/run-vm.sh $(1) 2>&1 | tee $(BUILD)/logs/vm-$(1).log

sparse-$(1): | deps
	scripts/kbuild-shadow.sh $(BUILD)/sparse-$(1) module
	+scripts/kernel.sh make $(1) M=$(BUILD)/sparse-$(1) C=2 modules 2>&1 | \
		tee $(BUILD)/sparse-$(1).log
	! grep -E '(warning|error):' $(BUILD)/sparse-$(1).log
endef
$(foreach k,$(ALL_KERNELS),$(eval $(call kernel_rules,$(k))))

modules-all: $(addprefix modules-,$(KERNELS))

check-unit: tools
	mkdir -p $(BUILD)/logs
	$(MAKE) -C tools check 2>&1 | tee $(BUILD)/logs/unit.log

check-vm: $(addprefix check-vm-,$(KERNELS))

# Each part runs even if an earlier one failed; the summary decides.  The
# kernels' VMs run side by side, each with its output kept together.
check:
	rm -f $(BUILD)/logs/*.log
	-$(MAKE) check-unit
	-$(MAKE) -k -j2 --output-sync=target check-vm
	scripts/tap-summary.sh $(BUILD)/logs/unit.log \
		$(addprefix $(BUILD)/logs/vm-,$(addsuffix .log,$(KERNELS)))

demo: modules-6.12 tools
	scripts/demo.sh 6.12

# Overhead of the module against no module and bpftrace, in the VM with
# deterministic virtual time, both kernels: build/bench/results.json.
.PHONY: bench
bench: modules-6.1 modules-6.12 tools
	bench/bench.sh

C_SRC = $(shell find module include tools selftests -name '*.[ch]' ! -name '*.mod.c' \
	! -name '*.pb-c.[ch]')
KERNEL_SRC = $(shell find module include/linux -name '*.[ch]' ! -name '*.mod.c')
KERNEL_DOC = perl $$(scripts/linux-source.sh scripts/kernel-doc)/scripts/kernel-doc

lint: $(addprefix sparse-,$(LINT_KERNELS))
	scripts/checkpatch.sh $(C_SRC)
	$(KERNEL_DOC) -none -Wall $(KERNEL_SRC)

# The kernel-doc of the exported API, as reStructuredText.
docs:
	mkdir -p $(BUILD)/docs
	$(KERNEL_DOC) -rst include/linux/statsfs.h module/statsfs/source.c \
		> $(BUILD)/docs/statsfs-api.rst

install: module tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	install -D -m 0644 packaging/pathstats-modprobe.conf \
		$(DESTDIR)/etc/modprobe.d/pathstats.conf
	$(MAKE) -C tools install

clean:
	rm -rf $(BUILD)
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools clean
