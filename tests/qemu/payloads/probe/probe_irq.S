/* probe's own EL1 vector table for the commands that take interrupts (idle=, timerlat=,
 * probe_timer.c): an IRQ from EL1h reads CNTVCT_EL0 at once (the arrival time timerlat measures)
 * and calls probe_irq(now); every other vector goes to the runtime's report (rt_vectors). */

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

.macro to_rt k
	.balign	128
	b	rt_vectors + (\k * 128)
.endm

	.section .text.probe_irq_vectors, "ax"
	.balign	2048
	.globl	probe_irq_vectors
probe_irq_vectors:
	to_rt	0
	to_rt	1
	to_rt	2
	to_rt	3
	to_rt	4
	.balign	128			/* 5: IRQ from the current EL with SP_EL1 */
	stp	x0, x1, [sp, #-16]!
	mrs	x0, cntvct_el0
	b	irq_el1h
	to_rt	6
	to_rt	7
	.irp	k, 8, 9, 10, 11, 12, 13, 14, 15
	to_rt	\k
	.endr

	.text
/* x0 = counter at entry; x0/x1 already saved. The interrupted code is probe's own wait loop,
 * but save every caller-saved register anyway. probe_irq uses no FP/SIMD register. */
irq_el1h:
	stp	x2, x3, [sp, #-16]!
	stp	x4, x5, [sp, #-16]!
	stp	x6, x7, [sp, #-16]!
	stp	x8, x9, [sp, #-16]!
	stp	x10, x11, [sp, #-16]!
	stp	x12, x13, [sp, #-16]!
	stp	x14, x15, [sp, #-16]!
	stp	x16, x17, [sp, #-16]!
	stp	x18, x29, [sp, #-16]!
	str	x30, [sp, #-16]!
	bl	probe_irq
	ldr	x30, [sp], #16
	ldp	x18, x29, [sp], #16
	ldp	x16, x17, [sp], #16
	ldp	x14, x15, [sp], #16
	ldp	x12, x13, [sp], #16
	ldp	x10, x11, [sp], #16
	ldp	x8, x9, [sp], #16
	ldp	x6, x7, [sp], #16
	ldp	x4, x5, [sp], #16
	ldp	x2, x3, [sp], #16
	ldp	x0, x1, [sp], #16
	eret
