/* EL1 exception vectors. A payload expects no exception at all, so every entry reports what
 * happened (runtime.c: rt_exception) and powers the partition off. Two identical tables: the
 * sysregs test points VBAR_EL1 at the second one to see that the value survives traps. */
#include "rt_config.h"

.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

.macro entry kind
	.balign	128
	mov	x0, #\kind
	b	exc_common
.endm

.macro table name
	.balign	2048
	.globl	\name
\name:
	.irp	k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	entry	\k
	.endr
.endm

	.section .text.vectors, "ax"
	table	rt_vectors
	table	rt_vectors_alt

/* x0 = kind (group * 4 + type). Switch to this CPU's exception stack (indexed by MPIDR Aff0),
 * since the fault may have been a bad stack pointer. */
exc_common:
	mrs	x5, mpidr_el1
	and	x5, x5, #(RT_MAX_CPUS - 1)
	adr_l	x6, rt_exc_stacks
	mov	x7, #RT_EXC_STACK_SIZE
	madd	x6, x5, x7, x6
	add	sp, x6, x7
	mrs	x1, esr_el1
	mrs	x2, far_el1
	mrs	x3, elr_el1
	mrs	x4, spsr_el1
	bl	rt_exception
1:	wfe
	b	1b
