/* Entry points: the boot CPU from U-Boot's booti, secondaries from PSCI CPU_ON. */
#include "arch/arm64/cpu/cpu.h"

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

	.section .text.head, "ax"
	.globl	_start
_start:
	/* arm64 Linux Image header (Linux's Documentation/arch/arm64/booting.rst), so that
	 * U-Boot's booti accepts and places the image. flags = 0x2: little-endian, 4K pages, and
	 * placement bit clear, so booti moves the image to DRAM base + text_offset, which is the
	 * link address. */
	b	primary_entry
	.long	0
	.quad	HYP_TEXT_OFFSET
	.quad	__image_size
	.quad	0x2
	.quad	0
	.quad	0
	.quad	0
	.ascii	"ARM\x64"
	.long	0

primary_entry:
	msr	daifset, #0xf
	mov	x20, x0				/* DTB from the boot loader */
	mrs	x21, CurrentEL
	ubfx	x21, x21, #2, #2		/* entry exception level */

	adr_l	x1, boot_stack
	add	x1, x1, #CPU_STACK_SIZE
	mov	sp, x1

	/* Zero .bss (which also holds the boot stack: nothing is on it yet). The MMU is off, so
	 * only aligned stores: __bss_start is 64-byte and __bss_end page aligned. */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	stp	xzr, xzr, [x1], #16
	cmp	x1, x2
	b.lo	1b

	cmp	x21, #2
	b.ne	2f
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	isb
2:
	mov	x0, x20
	mov	x1, x21
	bl	early_mmu_enable		/* identity map; caches on */
	mov	x0, x20
	mov	x1, x21
	bl	hyp_main
	b	cpu_halt

	.text
	.globl	secondary_entry
secondary_entry:
	/* PSCI CPU_ON: EL2, MMU off, x0 = context ID = our CPU index. */
	msr	daifset, #0xf
	mov	x19, x0
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	adr_l	x1, cpu_stack_top		/* set (and cleaned) by smp.c before CPU_ON */
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	bl	secondary_mmu_enable
	mov	x0, x19
	bl	secondary_main
	b	cpu_halt
