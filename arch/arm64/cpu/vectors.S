/* EL2 exception vectors.
 *
 * Every entry saves the general registers into a struct trap_frame on the EL2 stack and calls C.
 * Traps from a lower EL also swap TPIDR_EL0: it is the guest's EL0 thread pointer, but picolibc's
 * code (errno in malloc, strtoul, ...) addresses its TLS through it. The guest's value goes into
 * the frame and comes back on the way out, so hypervisor code never corrupts it. */
#include "arch/arm64/cpu/cpu.h"

#define KIND_SYNC 0
#define KIND_IRQ 1
#define KIND_FIQ 2
#define KIND_SERROR 3

.macro save_frame lower
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_X(0)]
	stp	x2, x3, [sp, #FRAME_X(2)]
	stp	x4, x5, [sp, #FRAME_X(4)]
	stp	x6, x7, [sp, #FRAME_X(6)]
	stp	x8, x9, [sp, #FRAME_X(8)]
	stp	x10, x11, [sp, #FRAME_X(10)]
	stp	x12, x13, [sp, #FRAME_X(12)]
	stp	x14, x15, [sp, #FRAME_X(14)]
	stp	x16, x17, [sp, #FRAME_X(16)]
	stp	x18, x19, [sp, #FRAME_X(18)]
	stp	x20, x21, [sp, #FRAME_X(20)]
	stp	x22, x23, [sp, #FRAME_X(22)]
	stp	x24, x25, [sp, #FRAME_X(24)]
	stp	x26, x27, [sp, #FRAME_X(26)]
	stp	x28, x29, [sp, #FRAME_X(28)]
	str	x30, [sp, #FRAME_X(30)]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #FRAME_ELR]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #FRAME_ESR]
	mrs	x0, tpidr_el0
	add	x1, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_TPIDR_EL0]
	.if \lower
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PERCPU_TLS]
	msr	tpidr_el0, x0
	.endif
.endm

.macro restore_frame lower
	ldp	x0, x1, [sp, #FRAME_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	.if \lower
	ldr	x0, [sp, #FRAME_TPIDR_EL0]
	msr	tpidr_el0, x0
	.endif
	ldp	x2, x3, [sp, #FRAME_X(2)]
	ldp	x4, x5, [sp, #FRAME_X(4)]
	ldp	x6, x7, [sp, #FRAME_X(6)]
	ldp	x8, x9, [sp, #FRAME_X(8)]
	ldp	x10, x11, [sp, #FRAME_X(10)]
	ldp	x12, x13, [sp, #FRAME_X(12)]
	ldp	x14, x15, [sp, #FRAME_X(14)]
	ldp	x16, x17, [sp, #FRAME_X(16)]
	ldp	x18, x19, [sp, #FRAME_X(18)]
	ldp	x20, x21, [sp, #FRAME_X(20)]
	ldp	x22, x23, [sp, #FRAME_X(22)]
	ldp	x24, x25, [sp, #FRAME_X(24)]
	ldp	x26, x27, [sp, #FRAME_X(26)]
	ldp	x28, x29, [sp, #FRAME_X(28)]
	ldr	x30, [sp, #FRAME_X(30)]
	ldp	x0, x1, [sp, #FRAME_X(0)]
	add	sp, sp, #FRAME_SIZE
	eret
.endm

/* An exception the hypervisor cannot continue from: report and halt this CPU. */
.macro fatal_entry kind, lower
	.balign	0x80
	save_frame \lower
	mov	x0, sp
	mov	x1, #\kind
	mov	x2, #\lower
	bl	hyp_fatal_exception
	b	cpu_halt
.endm

.macro handled_entry handler, lower
	.balign	0x80
	save_frame \lower
	mov	x0, sp
	bl	\handler
	b	.Lreturn_\lower
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: never used by bulkhead. */
	fatal_entry KIND_SYNC, 0
	fatal_entry KIND_IRQ, 0
	fatal_entry KIND_FIQ, 0
	fatal_entry KIND_SERROR, 0
	/* Current EL with SP_EL2: the hypervisor itself. */
	fatal_entry KIND_SYNC, 0
	handled_entry hyp_irq_handler, 0
	fatal_entry KIND_FIQ, 0
	fatal_entry KIND_SERROR, 0
	/* Lower EL, AArch64: guests. */
	handled_entry guest_sync_handler, 1
	handled_entry guest_irq_handler, 1
	fatal_entry KIND_FIQ, 1
	handled_entry guest_serror_handler, 1
	/* Lower EL, AArch32: bulkhead runs AArch64 guests only (HCR_EL2.RW = 1). */
	fatal_entry KIND_SYNC, 1
	fatal_entry KIND_IRQ, 1
	fatal_entry KIND_FIQ, 1
	fatal_entry KIND_SERROR, 1

.Lreturn_0:
	restore_frame 0
.Lreturn_1:
	.globl	guest_return
guest_return:
	restore_frame 1
