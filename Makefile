# bulkhead: a static partitioning hypervisor for arm64.
#
#   make           build the hypervisor image (build/bulkhead.bin) and the host checker
#   make run       install what is missing, build, boot the demo config on QEMU via U-Boot
#   make test      install what is missing, build, run every unit test and QEMU scenario
#
# Sources are found recursively: a new .c (or arch .S) file anywhere under core/, arch/arm64/ or
# drivers/ is picked up without editing this file. core/ is compiled twice: for the hypervisor and for the
# host (unit tests, bulkhead-check).

V ?= 0
Q := $(if $(filter 1,$(V)),,@)

BUILD   := build
CROSS   ?= aarch64-linux-gnu-
HYP_CC  := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump
HOST_CC ?= gcc
DTC     ?= dtc

DEPS_DIR       := .deps
HYP_LIBFDT     := $(DEPS_DIR)/arm64/usr/lib/aarch64-linux-gnu/libfdt.a

# Board the image is linked for: DRAM base + text offset must equal the link address (see
# docs/boot.md). QEMU virt's RAM starts at 0x40000000.
HYP_LOAD_ADDR ?= 0x40400000
HYP_TEXT_OFFSET ?= 0x400000

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla

# Hypervisor: no FP/SIMD anywhere (guest state lives in those registers), frame pointers for
# crash reports, picolibc's integer-only printf engine, compiler builtins for the mem and str
# functions despite -ffreestanding (arch/arm64/cpu/string_builtins.h).
# -Os for the hypervisor, -O2 for the files on the exit path (docs/benchmarks.md has both measured
# both ways: bench/gen-benchmarks-md.sh opt).
HYP_OPT ?= -Os
HYP_HOT_OPT ?= -O2
# Link-time optimization over the whole image, in one partition (the smallest code): GCC keeps each
# function's own -O level, so the exit path stays -O2. `make HYP_LTO=` builds without it.
HYP_LTO ?= -flto -flto-partition=one
HYP_CFLAGS := -std=gnu11 $(HYP_OPT) $(HYP_LTO) -g $(WARN) -ffreestanding -fno-common -mgeneral-regs-only \
	-mstrict-align -mno-outline-atomics -fno-pie -fno-pic -fno-omit-frame-pointer -fstack-protector-strong \
	-ffunction-sections -fdata-sections -mcpu=cortex-a57 \
	--specs=picolibc.specs -DPICOLIBC_INTEGER_PRINTF_SCANF -DBULKHEAD_HYP=1 \
	-include arch/arm64/cpu/string_builtins.h -I. -MMD -MP $(HYP_EXTRA_CFLAGS)
HYP_ASFLAGS := -g -I. -D__ASSEMBLY__ -DBULKHEAD_HYP=1 -DHYP_TEXT_OFFSET=$(HYP_TEXT_OFFSET) -MMD -MP
# Cortex-A53 erratum 843419 is fixed by turning each affected ADRP into an ADR (the image is far
# smaller than ADR's +-1 MiB reach; ld fails the link if one ever is not). GCC's default, "full",
# also reserves a page-aligned veneer page per affected site whether or not it is used: 4 KiB of
# text each, appearing and disappearing as code moves.
HYP_LDFLAGS := -nostartfiles -static -T arch/arm64/image.ld \
	-Wl,--defsym=vfprintf=__i_vfprintf -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	-Wl,--fix-cortex-a53-843419=adr \
	-Wl,--defsym=HYP_LOAD_ADDR=$(HYP_LOAD_ADDR) -Wl,-Map,$(BUILD)/bulkhead.map

# Host: core/ + tools + unit tests, under ASan and UBSan.
SANITIZE   ?= -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -fno-omit-frame-pointer $(SANITIZE) -I. -MMD -MP
HOST_LDLIBS := -lfdt

CORE_SRCS    := $(sort $(shell find core -name '*.c'))
ARCH_SRCS    := $(sort $(shell find arch/arm64 -name '*.c' -o -name '*.S'))
DRIVER_SRCS  := $(sort $(shell find drivers -name '*.c'))
# Portable pieces of drivers, also built for the host: pure descriptor builders (*_desc.c), and
# drivers that reach their hardware only through an ops table (host tests pass a model of the
# device: tests/unit/smmuv2_model.c for drivers/smmu/smmuv2.c, a recording SMMU for smmuv3.c).
DRIVER_PURE  := $(sort $(shell find drivers -name '*_desc.c') drivers/smmu/smmuv2.c drivers/smmu/smmuv3.c \
	drivers/smmu/smmuv3_gate.c drivers/irqchip/gicv3_its.c)

HYP_OBJS := $(patsubst %,$(BUILD)/hyp/%.o,$(CORE_SRCS) $(ARCH_SRCS) $(DRIVER_SRCS))
HOST_CORE_OBJS := $(patsubst %,$(BUILD)/host/%.o,$(CORE_SRCS) $(DRIVER_PURE))

# The exit path: trap entry and dispatch, the vGIC and its list registers, PSCI and MMIO
# emulation, interrupt routing, and the mem and str functions everything uses.
HYP_HOT_SRCS := $(filter arch/arm64/vm/guest_traps.c arch/arm64/vm/guest_irqs.c arch/arm64/vm/partition_run.c arch/arm64/vm/exit_stats.c \
	arch/arm64/vm/vcpu_entry.c arch/arm64/vdev/% arch/arm64/irq/% core/vdev/% core/hw/esr.c core/hw/gic_lr.c \
	core/base/mem_words.c,$(CORE_SRCS) $(ARCH_SRCS))
# Not the GIC distributor's registers and the ITS command queue: a guest writes them while it sets
# its interrupts up (enabling, routing, mapping, masking), not on each interrupt's path. -Os makes
# the image 3,312 bytes smaller; the HVC and timer figures of bench/lean-paths.sh do not change.
HYP_HOT_SRCS := $(filter-out core/vdev/vgicd.c core/vdev/vits_cmd.c,$(HYP_HOT_SRCS))
$(patsubst %,$(BUILD)/hyp/%.o,$(HYP_HOT_SRCS)): HYP_CFLAGS += $(HYP_HOT_OPT)

# core/base/mem_words.c is memcpy and memset in the hypervisor: GCC must not turn its byte loops
# back into calls to them (itself). Same flag for the host build, so its tests run the same code.
$(BUILD)/hyp/core/base/mem_words.c.o: HYP_CFLAGS += -fno-tree-loop-distribute-patterns
$(BUILD)/host/core/base/mem_words.c.o: HOST_CFLAGS += -fno-tree-loop-distribute-patterns

TOOL_SRCS := $(sort $(wildcard tools/*.c))
TOOL      := $(BUILD)/bulkhead-check

UNIT_SRCS    := $(sort $(wildcard tests/unit/test_*.c))
UNIT_SUPPORT := $(filter-out $(UNIT_SRCS),$(sort $(wildcard tests/unit/*.c)))
UNIT_BINS    := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
FIXTURE_DTS  := $(sort $(wildcard tests/unit/fixtures/*.dts tests/unit/fixtures/*/*.dts))
FIXTURE_DTBS := $(patsubst tests/unit/fixtures/%.dts,$(BUILD)/fixtures/%.dtb,$(FIXTURE_DTS))
CONFIG_DTS   := $(sort $(wildcard configs/*.dts configs/*/*.dts))
CONFIG_DTBS  := $(patsubst configs/%.dts,$(BUILD)/configs/%.dtb,$(CONFIG_DTS))
PAYLOAD_DIRS := $(sort $(dir $(wildcard tests/qemu/payloads/*/Makefile.inc)))

.PHONY: FORCE all hyp tools unit linux board-dtbs print-demo-qemu-devices demo-disk test-armhf-boards fixtures configs setup run test test-unit test-qemu clean check-fpsimd format-check format static-check
all: hyp tools

setup:
	$(Q)bash scripts/setup.sh

hyp: $(BUILD)/bulkhead.bin
tools: $(TOOL)
fixtures: $(FIXTURE_DTBS)
configs: $(CONFIG_DTBS)

$(HYP_LIBFDT):
	$(Q)bash scripts/setup.sh

# Every hypervisor object depends on a record of the flags, rewritten only when they change (a new
# -O level, a bench's -D), so that changed flags rebuild everything they affect.
HYP_FLAGS_RECORD = $(HYP_CFLAGS) | $(HYP_HOT_OPT) $(HYP_HOT_SRCS) | $(HYP_ASFLAGS) | $(HYP_LDFLAGS)
$(BUILD)/hyp/.flags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(HYP_FLAGS_RECORD)' | cmp -s - $@ || echo '$(HYP_FLAGS_RECORD)' > $@

$(BUILD)/hyp/%.c.o: %.c $(BUILD)/hyp/.flags
	@mkdir -p $(dir $@)
	$(Q)$(HYP_CC) $(HYP_CFLAGS) -c $< -o $@

$(BUILD)/hyp/%.S.o: %.S $(BUILD)/hyp/.flags
	@mkdir -p $(dir $@)
	$(Q)$(HYP_CC) $(HYP_CFLAGS) $(HYP_ASFLAGS) -c $< -o $@

$(BUILD)/bulkhead.elf: $(HYP_OBJS) $(HYP_LIBFDT) arch/arm64/image.ld $(BUILD)/hyp/.flags scripts/check-stack.py
	@mkdir -p $(dir $@)
	$(Q)$(HYP_CC) $(HYP_CFLAGS) $(HYP_LDFLAGS) -o $@ $(HYP_OBJS) $(HYP_LIBFDT) -lc -lgcc
	$(Q)$(OBJDUMP) -d $@ > $(BUILD)/bulkhead.dis
	$(Q)python3 scripts/check-fpsimd.py $(BUILD)/bulkhead.dis
	$(Q)python3 scripts/check-stack.py $(BUILD)/bulkhead.dis arch/arm64/cpu/cpu.h

$(BUILD)/bulkhead.bin: $(BUILD)/bulkhead.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "  built $@ ($$(stat -c %s $@) bytes)"

$(BUILD)/host/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

$(TOOL): $(TOOL_SRCS) $(HOST_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $(TOOL_SRCS) $(HOST_CORE_OBJS) $(HOST_LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(UNIT_SUPPORT) $(HOST_CORE_OBJS) | fixtures configs
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(UNIT_SUPPORT) $(HOST_CORE_OBJS) $(HOST_LDLIBS) -lcmocka

$(BUILD)/fixtures/%.dtb: tests/unit/fixtures/%.dts
	@mkdir -p $(dir $@)
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $<

$(BUILD)/configs/%.dtb: configs/%.dts
	@mkdir -p $(dir $@)
	$(Q)$(DTC) -q -@ -I dts -O dtb -o $@ $<

# The gallery test compares the core's verdict with the checker's: it needs the checker.
$(BUILD)/unit/test_config_gallery: $(TOOL)

# fuzz/regressions/ replayed through the fuzz target's entry point (fuzz/replay.c): a unit test
# binary like the others, but with the fuzz target's console, and built as the fuzzer builds:
# with clang, core/ compiled from source, ASan and clang's UBSan. clang's UBSan checks what gcc's
# does not (an offset applied to a null pointer, for one): an input found by the fuzzer must fail
# here when its fix comes undone.
FUZZ_CC          ?= clang
FUZZ_CFLAGS      := -std=gnu11 -O1 -g $(WARN) -fno-omit-frame-pointer $(SANITIZE) -I.
FUZZ_CORE_SRCS   := $(CORE_SRCS) $(DRIVER_PURE)
FUZZ_REPLAY      := $(BUILD)/unit/test_fuzz_regressions
FUZZ_REPLAY_SRCS := fuzz/replay.c fuzz/fuzz_config.c fuzz/fuzz_console.c tests/unit/fixture.c tests/unit/fixture_tests.c

$(FUZZ_REPLAY): $(FUZZ_REPLAY_SRCS) $(FUZZ_CORE_SRCS) $(HOST_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_REPLAY_SRCS) $(FUZZ_CORE_SRCS) $(HOST_LDLIBS) -lcmocka

# The same for the verdict-agreement target (fuzz/fuzz_verdict.c, its inputs fuzz/regressions-verdict/).
FUZZ_VERDICT_REPLAY      := $(BUILD)/unit/test_fuzz_verdict_regressions
FUZZ_VERDICT_REPLAY_SRCS := fuzz/replay.c fuzz/fuzz_verdict.c fuzz/fuzz_console.c tests/unit/verdict_gen.c \
	tests/unit/fixture.c tests/unit/fixture_tests.c

$(FUZZ_VERDICT_REPLAY): $(FUZZ_VERDICT_REPLAY_SRCS) $(FUZZ_CORE_SRCS) $(HOST_CORE_OBJS) | fixtures
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -DREGRESSIONS='"fuzz/regressions-verdict"' -DREPLAY_NAME='"fuzz_verdict_regressions"' \
		-o $@ $(FUZZ_VERDICT_REPLAY_SRCS) $(FUZZ_CORE_SRCS) $(HOST_LDLIBS) -lcmocka

unit: $(UNIT_BINS) $(FUZZ_REPLAY) $(FUZZ_VERDICT_REPLAY)

# Debian's arm64 kernel, its PCI modules and busybox initramfs for Linux partitions
# (docs/linux-guests.md). LINUX_DIR=DIR keeps them somewhere other than .deps/linux.
LINUX_DIR     ?= $(DEPS_DIR)/linux
export LINUX_DIR
LINUX_STAMP   := $(LINUX_DIR)/.done-arm64+modules
LINUX_INITRDS := $(BUILD)/linux/host.cpio.gz $(BUILD)/linux/guest.cpio.gz
# The management tool (tools/bulkhead-ctl/): static, glibc from Debian's libc6-dev-arm64-cross.
BULKHEAD_CTL  := $(BUILD)/linux/bulkhead

linux: $(LINUX_STAMP) $(BULKHEAD_CTL) $(LINUX_INITRDS)

$(BULKHEAD_CTL): $(wildcard tools/bulkhead-ctl/*.c tools/bulkhead-ctl/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(CROSS)gcc -static -O2 $(WARN) -o $@ $(filter %.c,$^)

$(LINUX_STAMP):
	$(Q)bash scripts/fetch-linux.sh

$(BUILD)/linux/%.cpio.gz: scripts/mk-initramfs.sh scripts/linux-modules.list scripts/modules-closure.sh $(LINUX_STAMP) $(BULKHEAD_CTL)
	$(Q)BULKHEAD_TOOL=$(BULKHEAD_CTL) bash scripts/mk-initramfs.sh $@ $*

# The upstream board DTBs of the same kernel package (tests/scripts/test_board_dtbs.sh, docs/boards.md).
# An install from before the DTBs were kept has the stamp but no dtbs/: fetch-linux.sh fetches again.
BOARD_DTBS := $(LINUX_DIR)/dtbs
board-dtbs: $(BOARD_DTBS)

$(BOARD_DTBS):
	$(Q)bash scripts/fetch-linux.sh

# Optional, not in `make test`: the armhf package's board DTBs (Calxeda highbank/ecx-2000 among them),
# checked, and their platform/groups output written into docs/boards.md's Calxeda section.
test-armhf-boards: tools
	$(Q)bash scripts/fetch-linux.sh --dtbs armhf
	$(Q)BOARD_DTBS_ARCH=armhf BOARD_DTBS_SELECT="highbank.dtb ecx-2000.dtb" \
		bash tests/scripts/test_board_dtbs.sh $(DEPS_DIR)/linux/dtbs-armhf -
	$(Q)bash tests/scripts/calxeda_boards_md.sh $(DEPS_DIR)/linux/dtbs-armhf

# Guest payloads (tests/qemu/payloads/NAME/) each contribute rules through Makefile.inc.
-include $(addsuffix Makefile.inc,$(PAYLOAD_DIRS))

check-fpsimd: $(BUILD)/bulkhead.elf

# Every C file of the tree (tracked, or new and not ignored) as .clang-format says; `make format` rewrites them.
format-check:
	$(Q)clang-format --dry-run --Werror $$(git ls-files --cached --others --exclude-standard '*.c' '*.h') && echo "  format-check: clean"

format:
	$(Q)clang-format -i $$(git ls-files --cached --others --exclude-standard '*.c' '*.h')

# Debian's cppcheck over everything that runs on the target or as the checker: no finding may
# remain. Single-threaded on purpose: only then does cppcheck report a suppression in
# scripts/cppcheck-suppressions.xml that no longer matches anything (a few seconds).
CPPCHECK_FLAGS := --enable=warning,style,performance,portability,information --suppress=missingIncludeSystem \
	--std=c11 -I. --quiet --error-exitcode=1 --suppress-xml=scripts/cppcheck-suppressions.xml \
	--template='{file}:{line}: {severity}: {message} [{id}]'
static-check:
	$(Q)cppcheck $(CPPCHECK_FLAGS) core drivers arch tools && echo "  static-check: cppcheck clean"

# The PCI devices configs/demo.dts and configs/boards/qemu-virt.dts describe; QEMU_EXTRA replaces
# them (make run QEMU_EXTRA='...' tries another topology, with CONFIG=... to match). The guest's
# NVMe disk is a FAT image made once (it keeps what the guest writes; delete it to start over).
DEMO_NVME_IMG := $(BUILD)/qemu/run/nvme.img
DEMO_QEMU_DEVICES := -device pcie-root-port,id=rp1,chassis=1 \
	-drive file=$(DEMO_NVME_IMG),if=none,id=nv0,format=raw -device nvme,serial=bulkhead0,drive=nv0,bus=rp1 \
	-device pcie-pci-bridge,id=br1 \
	-device edu,bus=br1,addr=1,dma_mask=0xffffffffffffffff \
	-device edu,bus=br1,addr=2,dma_mask=0xffffffffffffffff
QEMU_EXTRA ?= $(DEMO_QEMU_DEVICES)

$(DEMO_NVME_IMG):
	@mkdir -p $(dir $@)
	$(Q)rm -f $@.tmp && mkfs.vfat -C -n GUESTDISK $@.tmp 32768 >/dev/null && \
		echo 'This file is on the NVMe disk that only the guest partition owns.' >$@.txt && \
		mcopy -i $@.tmp $@.txt ::/hello.txt && rm -f $@.txt && mv $@.tmp $@

# scripts/gen-board-dts.sh reads the demo's devices from here, so the board file follows them,
# and boots that machine (whose NVMe needs its disk image).
print-demo-qemu-devices:
	@echo '$(DEMO_QEMU_DEVICES)'

demo-disk: $(DEMO_NVME_IMG)

run: setup linux $(DEMO_NVME_IMG)
	$(Q)$(MAKE) --no-print-directory all payloads
	$(Q)bash scripts/run-qemu.sh --config $(or $(CONFIG),configs/demo.dts) $(if $(QEMU_EXTRA),--extra "$(QEMU_EXTRA)") \
		$(if $(REPORT),--report $(REPORT))

test: setup linux board-dtbs
	$(Q)$(MAKE) --no-print-directory format-check static-check
	$(Q)$(MAKE) --no-print-directory all unit payloads
	$(Q)bash tests/run-all.sh

test-unit: setup board-dtbs
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)bash tests/run-all.sh --unit-only

test-qemu: setup linux
	$(Q)$(MAKE) --no-print-directory all payloads
	$(Q)bash tests/run-all.sh --qemu-only

payloads::

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
