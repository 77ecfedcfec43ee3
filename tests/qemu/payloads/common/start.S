/* Payload entry: the boot vCPU from the loader (arm64 Linux boot protocol), secondaries from
 * PSCI CPU_ON. The image is a position-independent executable linked at 0: nothing here may
 * use an absolute address before the relocations are applied, and all symbol addresses are
 * taken PC-relative (adr/adrp), which yields where the image really runs. */
#include "rt_config.h"

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

#define R_AARCH64_RELATIVE 1027

	.section .text.head, "ax"
	.globl	_start
_start:
	/* arm64 Image header (Linux Documentation/arch/arm64/booting.rst). text_offset 0:
	 * the image goes at the 2 MiB aligned base of RAM. flags 0xa: little-endian, 4 KiB
	 * pages, and bit 3: the base may be anywhere in physical memory, which is true because
	 * the image relocates itself. */
	b	primary_entry
	.long	0
	.quad	0			/* text_offset */
	.quad	__image_end - _start	/* image_size: bss, stacks, tables (PC-relative: no dynamic reloc) */
	.quad	0xa			/* flags */
	.quad	0
	.quad	0
	.quad	0
	.ascii	"ARM\x64"
	.long	0

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* DTB (intermediate-)physical address */
	bl	cpu_reset_el1
	bl	entry_regs_capture
	adr_l	x1, rt_entry_regs		/* MMU off: an aligned store to .data */
	bl	entry_regs_store

	/* Linked at 0: each R_AARCH64_RELATIVE slot gets load base + addend. The MMU is off,
	 * so every access here is Device memory and must be aligned: Elf64_Rela entries and
	 * the slots they patch are 8-byte aligned. */
	adr	x20, _start
	adr_l	x1, __rela_start
	adr_l	x2, __rela_end
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1]			/* r_offset, r_info */
	ldr	x5, [x1, #16]			/* r_addend */
	add	x1, x1, #24
	and	x4, x4, #0xffffffff
	cmp	x4, #R_AARCH64_RELATIVE
	b.ne	boot_fail			/* the build checks this never happens */
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	1b
2:
	/* Zero .bss (stacks, tables, TLS blocks): 64-byte aligned start, page-aligned end. */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
3:	stp	xzr, xzr, [x1], #16
	cmp	x1, x2
	b.lo	3b

	/* The writes above went to memory around the caches (MMU off). Drop any stale lines for
	 * the image so that nothing older shows through once the caches are on. */
	adr_l	x0, __image_start
	adr_l	x1, __image_end
	bl	dcache_inval_range

	adr_l	x1, rt_boot_stack
	add	sp, x1, #RT_STACK_SIZE

	/* A coarse identity map to start with: 1 GiB blocks, Normal for the gigabytes holding
	 * the image and the DTB, Device for the rest; runtime.c replaces it with the final map
	 * once it has read /memory with libfdt (which needs Normal memory: its string functions
	 * make unaligned accesses). */
	mov	x0, x19
	bl	boot_map
	adr_l	x0, rt_boot_mmu_params
	bl	rt_mmu_switch

	mov	x0, x19
	bl	rt_primary_main
	b	park

	.text
/* Known EL1 state: FP/SIMD usable (C code may use it), MMU and caches off, our vectors. */
cpu_reset_el1:
	mov	x1, #RT_CPACR_FP_ON
	msr	cpacr_el1, x1
	ldr	x1, =RT_SCTLR_OFF
	msr	sctlr_el1, x1
	isb
	adr_l	x1, rt_vectors
	msr	vbar_el1, x1
	isb
	ret

/* What a vCPU found in the registers the runtime itself uses (struct rt_entry_regs in rt.h),
 * before any of them is written: x20/x21 = the OR of V0-V31 (bits 63:0, 127:64), x22 = FPCR,
 * x23 = FPSR, x24 = TPIDR_EL0. Uses v0 (after reading it). */
entry_regs_capture:
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	orr	v0.16b, v0.16b, v\n\().16b
	.endr
	mov	x20, v0.d[0]
	mov	x21, v0.d[1]
	mrs	x22, fpcr
	mrs	x23, fpsr
	mrs	x24, tpidr_el0
	ret

/* Store x20-x24 (entry_regs_capture) at x1. */
entry_regs_store:
	stp	x20, x21, [x1]
	stp	x22, x23, [x1, #16]
	str	x24, [x1, #32]
	ret

/* Fill rt_boot_l1 (level-1 table, 512 x 1 GiB) and rt_boot_mmu_params. x0 = DTB. */
boot_map:
	adr_l	x1, rt_boot_l1
	ldr	x3, =RT_PTE_DEVICE_BLOCK
	mov	x2, #0
1:	orr	x4, x3, x2, lsl #30
	str	x4, [x1, x2, lsl #3]
	add	x2, x2, #1
	cmp	x2, #512
	b.lo	1b
	ldr	x3, =RT_PTE_NORMAL_BLOCK
	adr	x2, _start
	lsr	x2, x2, #30
	cmp	x2, #512
	b.hs	boot_fail			/* image above 512 GiB: outside this map */
	orr	x4, x3, x2, lsl #30
	str	x4, [x1, x2, lsl #3]
	lsr	x2, x0, #30
	cmp	x2, #512
	b.hs	boot_fail
	orr	x4, x3, x2, lsl #30
	str	x4, [x1, x2, lsl #3]

	/* struct rt_mmu_params { mair, tcr, ttbr0, sctlr } */
	adr_l	x5, rt_boot_mmu_params
	ldr	x2, =RT_MAIR_VALUE
	mrs	x3, id_aa64mmfr0_el1
	and	x3, x3, #0xf			/* PARange */
	cmp	x3, #5
	mov	x4, #5
	csel	x3, x3, x4, ls			/* at most 48 bits: no LPA */
	lsl	x3, x3, #RT_TCR_IPS_SHIFT
	ldr	x4, =(RT_TCR_BASE | RT_TCR_T0SZ_39BIT)
	orr	x3, x3, x4
	stp	x2, x3, [x5]
	ldr	x4, =RT_SCTLR_ON
	stp	x1, x4, [x5, #16]
	ret

/* Invalidate the data cache by VA over [x0, x1). Uses x0-x3 only, no stack. */
dcache_inval_range:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4			/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/* Install translation parameters: x0 = struct rt_mmu_params. The MMU goes off while TCR,
 * MAIR and TTBR0 change, so a live mapping is never replaced in place (no break-before-make
 * to get wrong); this code runs identity-mapped and touches no memory while the MMU is off. */
	.globl	rt_mmu_switch
rt_mmu_switch:
	ldp	x2, x3, [x0]			/* mair, tcr */
	ldp	x4, x5, [x0, #16]		/* ttbr0, sctlr */
	dsb	ish
	mrs	x1, sctlr_el1
	bic	x1, x1, #1
	msr	sctlr_el1, x1
	isb
	msr	mair_el1, x2
	msr	tcr_el1, x3
	msr	ttbr0_el1, x4
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x5
	isb
	ret

/* PSCI CPU_ON target: x0 = context ID = CPU number (runtime.c passes it). The primary has
 * cleaned rt_mmu_params to the point of coherency, since we read it with the MMU off. */
	.globl	rt_secondary_entry
rt_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	cpu_reset_el1
	bl	entry_regs_capture
	cmp	x19, #RT_MAX_CPUS
	b.hs	park
	adr_l	x1, rt_cpu_stacks
	mov	x2, #RT_STACK_SIZE
	madd	x1, x19, x2, x1
	add	sp, x1, x2
	adr_l	x0, rt_mmu_params
	bl	rt_mmu_switch
	/* Caches on now: the slot is stored like any other data the primary reads. */
	adr_l	x1, rt_entry_regs_cpu
	mov	x2, #RT_ENTRY_REGS_SIZE
	madd	x1, x19, x2, x1
	bl	entry_regs_store
	mov	x0, x19
	bl	rt_secondary_main
park:
	wfe
	b	park

/* Nothing can be printed this early: leave through PSCI SYSTEM_OFF (HVC conduit). */
boot_fail:
	ldr	x0, =RT_PSCI_SYSTEM_OFF
	hvc	#0
	b	park

	.ltorg

	.data
	.balign	8
	.globl	rt_entry_regs
rt_entry_regs:
	.quad	0, 0, 0, 0, 0
	.globl	rt_entry_regs_cpu
rt_entry_regs_cpu:
	.space	RT_ENTRY_REGS_SIZE * RT_MAX_CPUS
