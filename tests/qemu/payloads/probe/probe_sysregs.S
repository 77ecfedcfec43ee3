/* int probe_sysregs_check(uint64_t n, struct probe_reg_fail *fail, uint64_t alt_vbar)
 *
 * Sets EL1 system registers that are part of a vCPU's context, and x19-x28, to patterns; makes
 * n PSCI_VERSION hypercalls and checks after each that every one still holds its value. The
 * expected value of a system register is what reads back after the write (RES0 bits, RAZ/WI
 * implementation-defined registers). Everything is restored at the end.
 *
 * Chosen so that changing them cannot disturb this code: TPIDR_EL0 (picolibc's TLS pointer)
 * is restored before any C runs again; VBAR_EL1 points at an identical second vector table;
 * MAIR_EL1 keeps the two attributes the tables use (Attr0, Attr1) and gets valid encodings in
 * the unused Attr2-7; TTBR1_EL1 is never walked (TCR_EL1.EPD1 = 1); the virtual timer stays
 * disabled (CNTV_CTL_EL0.ENABLE = 0). Loop state lives on the stack (SMCCC lets the callee
 * clobber x0-x17; x19-x28 are under test). */

#define PSCI_VERSION_HI 0x8400

/* struct probe_reg_fail */
#define FAIL_TRAP 0
#define FAIL_INDEX 8
#define FAIL_HALF 16
#define FAIL_WANT 24
#define FAIL_GOT 32

#define NREGS 20		/* system registers; x19-x28 are indexes 20-29 */
#define IDX_VBAR 5
#define IDX_MAIR 6

/* Frame */
#define F_GPR 0			/* x19-x30: 96 bytes */
#define F_N 96
#define F_FAILP 104
#define F_CNT 112
#define F_ALTVBAR 120
#define F_ORIG 128
#define F_WANT (F_ORIG + 8 * NREGS)
#define F_SIZE (F_WANT + 8 * NREGS)

/* The list: register, index (the name table in probe_regs.c follows it), pattern. VBAR_EL1
 * and MAIR_EL1 get their values computed below. */
.macro for_each_sysreg op
	\op	tpidr_el0, 0, 0x7470696472304530
	\op	tpidrro_el0, 1, 0x74706964726f3030
	\op	tpidr_el1, 2, 0x7470696472314531
	\op	sp_el0, 3, 0x00005350454c3030
	\op	contextidr_el1, 4, 0x00000000c0de1d01
	\op	vbar_el1, 5, 0
	\op	mair_el1, 6, 0
	\op	elr_el1, 7, 0x0000e1e1e1e1e1e0
	\op	spsr_el1, 8, 0x00000000200003c5
	\op	far_el1, 9, 0x0000fa12fa12fa10
	\op	esr_el1, 10, 0x0000000096000045
	\op	afsr0_el1, 11, 0x00000000afa00000
	\op	afsr1_el1, 12, 0x00000000afa11111
	\op	amair_el1, 13, 0x0000000000000000
	\op	par_el1, 14, 0x0000000012345000
	\op	ttbr1_el1, 15, 0x0001000012345000
	\op	cntkctl_el1, 16, 0x0000000000000303
	\op	cntv_cval_el0, 17, 0x0fedcba987654321
	\op	cntv_ctl_el0, 18, 0x0000000000000002
	\op	csselr_el1, 19, 0x0000000000000002
.endm

.macro save_orig reg, idx, val
	mrs	x9, \reg
	str	x9, [sp, #(F_ORIG + 8 * \idx)]
.endm

.macro set_pattern reg, idx, val
	.if \idx == IDX_VBAR
	ldr	x9, [sp, #F_ALTVBAR]
	.elseif \idx == IDX_MAIR
	ldr	x9, [sp, #(F_ORIG + 8 * IDX_MAIR)]
	and	x9, x9, #0xffff			/* keep Attr0 and Attr1 */
	ldr	x10, =0x00ee080cbb440000	/* Attr2-7: valid, unused encodings */
	orr	x9, x9, x10
	.else
	ldr	x9, =\val
	.endif
	msr	\reg, x9
.endm

.macro read_back reg, idx, val
	mrs	x9, \reg
	str	x9, [sp, #(F_WANT + 8 * \idx)]
.endm

.macro restore reg, idx, val
	ldr	x9, [sp, #(F_ORIG + 8 * \idx)]
	msr	\reg, x9
.endm

.macro check reg, idx, val
	mov	x11, #\idx
	mrs	x9, \reg
	ldr	x10, [sp, #(F_WANT + 8 * \idx)]
	cmp	x9, x10
	b.ne	sysregs_fail
.endm

.macro gpr_pattern reg, n
	ldr	\reg, =(0x0101010101010101 * \n)
.endm

.macro check_gpr n
	mov	x11, #(NREGS + \n - 19)
	mov	x9, x\n
	ldr	x10, =(0x0101010101010101 * \n)
	cmp	x9, x10
	b.ne	sysregs_fail
.endm

	.text
	.globl	probe_sysregs_check
	.type	probe_sysregs_check, %function
probe_sysregs_check:
	sub	sp, sp, #F_SIZE
	stp	x19, x20, [sp, #F_GPR]
	stp	x21, x22, [sp, #F_GPR + 16]
	stp	x23, x24, [sp, #F_GPR + 32]
	stp	x25, x26, [sp, #F_GPR + 48]
	stp	x27, x28, [sp, #F_GPR + 64]
	stp	x29, x30, [sp, #F_GPR + 80]
	stp	x0, x1, [sp, #F_N]
	str	xzr, [sp, #F_CNT]
	str	x2, [sp, #F_ALTVBAR]

	for_each_sysreg save_orig
	for_each_sysreg set_pattern
	isb
	for_each_sysreg read_back
	.irp	n, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
	gpr_pattern x\n, \n
	.endr

1:	ldr	x9, [sp, #F_N]
	ldr	x10, [sp, #F_CNT]
	cmp	x10, x9
	b.hs	sysregs_ok
	add	x10, x10, #1
	str	x10, [sp, #F_CNT]
	movz	x0, #PSCI_VERSION_HI, lsl #16
	hvc	#0
	for_each_sysreg check
	.irp	n, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28
	check_gpr \n
	.endr
	b	1b

sysregs_fail:
	ldr	x13, [sp, #F_FAILP]
	ldr	x14, [sp, #F_CNT]
	str	x14, [x13, #FAIL_TRAP]
	str	x11, [x13, #FAIL_INDEX]
	str	xzr, [x13, #FAIL_HALF]
	str	x10, [x13, #FAIL_WANT]
	str	x9, [x13, #FAIL_GOT]
	mov	w0, #1
	b	2f
sysregs_ok:
	mov	w0, #0
2:	for_each_sysreg restore
	isb
	ldp	x19, x20, [sp, #F_GPR]
	ldp	x21, x22, [sp, #F_GPR + 16]
	ldp	x23, x24, [sp, #F_GPR + 32]
	ldp	x25, x26, [sp, #F_GPR + 48]
	ldp	x27, x28, [sp, #F_GPR + 64]
	ldp	x29, x30, [sp, #F_GPR + 80]
	add	sp, sp, #F_SIZE
	ret
	.size	probe_sysregs_check, . - probe_sysregs_check
	.ltorg
