# Payload runtime shared by every test payload. Each tests/qemu/payloads/NAME/Makefile.inc
# includes this file (guarded, so it is read once), lists its own objects and calls
# payload_rules to get build/payloads/NAME.elf and .bin plus a `payloads::` prerequisite.
#
# Payloads are guests: they may use FP/SIMD (no -mgeneral-regs-only), and they are
# position-independent executables linked at 0 that relocate themselves (common/start.S), so a
# partition may place them at any 2 MiB aligned RAM base.
ifndef PAYLOAD_COMMON_MK
PAYLOAD_COMMON_MK := 1

PAYLOAD_SRC   := tests/qemu/payloads
PAYLOAD_OUT   := $(BUILD)/payloads
PAYLOAD_READELF := $(CROSS)readelf

PAYLOAD_CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-common -fpie \
	-fno-omit-frame-pointer -fstack-protector-strong -ffunction-sections -fdata-sections \
	-mcpu=cortex-a57 -mno-outline-atomics --specs=picolibc.specs -DPICOLIBC_INTEGER_PRINTF_SCANF \
	-I$(PAYLOAD_SRC)/common -I$(DEPS_DIR)/arm64/usr/include -MMD -MP
PAYLOAD_ASFLAGS := -D__ASSEMBLY__
PAYLOAD_LDFLAGS := -nostartfiles -static-pie -T $(PAYLOAD_SRC)/common/payload.ld \
	-Wl,--defsym=vfprintf=__i_vfprintf -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
	-Wl,-z,norelro -Wl,--hash-style=sysv

PAYLOAD_COMMON_SRCS := $(sort $(wildcard $(PAYLOAD_SRC)/common/*.c $(PAYLOAD_SRC)/common/*.S))
PAYLOAD_COMMON_OBJS := $(patsubst %,$(PAYLOAD_OUT)/obj/%.o,$(PAYLOAD_COMMON_SRCS))

$(PAYLOAD_OUT)/obj/%.c.o: %.c $(PAYLOAD_SRC)/common/common.mk | $(HYP_LIBFDT)
	@mkdir -p $(dir $@)
	$(Q)$(HYP_CC) $(PAYLOAD_CFLAGS) -c $< -o $@

$(PAYLOAD_OUT)/obj/%.S.o: %.S $(PAYLOAD_SRC)/common/common.mk
	@mkdir -p $(dir $@)
	$(Q)$(HYP_CC) $(PAYLOAD_CFLAGS) $(PAYLOAD_ASFLAGS) -c $< -o $@

# $(call payload_rules,NAME,OBJECTS): link NAME.elf with the runtime, check that start.S can
# apply every dynamic relocation (R_AARCH64_RELATIVE only), make the flat NAME.bin.
define payload_rules
$(PAYLOAD_OUT)/$(1).elf: $(2) $(PAYLOAD_COMMON_OBJS) $(HYP_LIBFDT) $(PAYLOAD_SRC)/common/payload.ld
	@mkdir -p $$(dir $$@)
	$(Q)$(HYP_CC) $(PAYLOAD_CFLAGS) $(PAYLOAD_LDFLAGS) -Wl,-Map,$(PAYLOAD_OUT)/$(1).map -o $$@ \
		$(2) $(PAYLOAD_COMMON_OBJS) $(HYP_LIBFDT) -lc -lgcc
	$(Q)if $(PAYLOAD_READELF) -rW $$@ | grep 'R_AARCH64_' | grep -v 'R_AARCH64_RELATIVE'; then \
		echo "$$@: dynamic relocations other than R_AARCH64_RELATIVE (start.S cannot apply them)"; \
		rm -f $$@; exit 1; fi

$(PAYLOAD_OUT)/$(1).bin: $(PAYLOAD_OUT)/$(1).elf
	$(Q)$(OBJCOPY) -O binary $$< $$@
	@echo "  built $$@ ($$$$(stat -c %s $$@) bytes)"

payloads:: $(PAYLOAD_OUT)/$(1).bin
endef

endif
