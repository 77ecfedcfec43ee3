/* Control transfers that discard the current EL2 stack. */
#include "arch/arm64/cpu/cpu.h"

	.text
	.globl	switch_stack_and_run
switch_stack_and_run:
	/* x0 = new stack top, x1 = function: used when a vCPU parks from deep inside a trap. */
	mov	sp, x0
	mov	x29, xzr
	blr	x1
	b	cpu_halt

	.globl	guest_launch
guest_launch:
	/* x0 = a trap frame at the very top of this CPU's stack, describing the guest's first
	 * instruction. Restoring it erets into the guest and leaves SP_EL2 at the stack top,
	 * where the next trap from the guest builds its frame. */
	mov	sp, x0
	b	guest_return
