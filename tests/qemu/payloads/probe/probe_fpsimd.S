/* int probe_fpsimd_check(uint64_t n, struct probe_reg_fail *fail)
 *
 * Loads a distinct 128-bit pattern into each of V0-V31 and a pattern into FPCR and FPSR, then
 * makes n PSCI_VERSION hypercalls, checking after each that every register still holds its
 * pattern. All in assembly so that no compiled code touches the FP/SIMD registers in between.
 * Loop state lives on the stack: SMCCC lets the callee clobber x0-x17. */

#define PSCI_VERSION_HI 0x8400		/* 0x84000000 >> 16 */
#define FPCR_PATTERN 0x07800000		/* AHP, DN, FZ, RMode = round towards minus infinity */
#define FPSR_PATTERN 0x0800009f		/* QC, IDC, IXC, UFC, OFC, DZC, IOC */

/* struct probe_reg_fail */
#define FAIL_TRAP 0
#define FAIL_INDEX 8
#define FAIL_HALF 16
#define FAIL_WANT 24
#define FAIL_GOT 32

/* Frame */
#define F_FP 0			/* x29, x30 */
#define F_D8 16			/* d8-d15: callee-saved */
#define F_FPCR 80		/* caller's FPCR, FPSR */
#define F_N 96
#define F_FAILP 104
#define F_CNT 112
#define F_WANT_FPCR 120
#define F_WANT_FPSR 128
#define F_SIZE 144

/* Pattern of V\i: 16 distinct bytes per register, different in every register. */
.macro pat_lo reg, i
	movz	\reg, #(0x1000 + \i)
	movk	\reg, #(0x2000 + \i), lsl #16
	movk	\reg, #(0x3000 + \i), lsl #32
	movk	\reg, #(0x4000 + \i), lsl #48
.endm
.macro pat_hi reg, i
	movz	\reg, #(0x5000 + \i)
	movk	\reg, #(0x6000 + \i), lsl #16
	movk	\reg, #(0x7000 + \i), lsl #32
	movk	\reg, #(0x8000 + \i), lsl #48
.endm

.macro load_v i
	pat_lo	x9, \i
	pat_hi	x10, \i
	fmov	d\i, x9
	mov	v\i\().d[1], x10
.endm

/* x9 = got, x10 = want, x11 = index, x12 = half on a difference. */
.macro check_v i
	mov	x11, #\i
	mov	x12, #0
	mov	x9, v\i\().d[0]
	pat_lo	x10, \i
	cmp	x9, x10
	b.ne	fpsimd_fail
	mov	x12, #1
	mov	x9, v\i\().d[1]
	pat_hi	x10, \i
	cmp	x9, x10
	b.ne	fpsimd_fail
.endm

	.text
	.globl	probe_fpsimd_check
	.type	probe_fpsimd_check, %function
probe_fpsimd_check:
	sub	sp, sp, #F_SIZE
	stp	x29, x30, [sp, #F_FP]
	mov	x29, sp
	stp	d8, d9, [sp, #F_D8]
	stp	d10, d11, [sp, #F_D8 + 16]
	stp	d12, d13, [sp, #F_D8 + 32]
	stp	d14, d15, [sp, #F_D8 + 48]
	mrs	x9, fpcr
	mrs	x10, fpsr
	stp	x9, x10, [sp, #F_FPCR]
	stp	x0, x1, [sp, #F_N]
	str	xzr, [sp, #F_CNT]

	/* The registers keep what the CPU accepted (unsupported trap-enable bits read 0). */
	ldr	x9, =FPCR_PATTERN
	msr	fpcr, x9
	ldr	x9, =FPSR_PATTERN
	msr	fpsr, x9
	mrs	x9, fpcr
	mrs	x10, fpsr
	stp	x9, x10, [sp, #F_WANT_FPCR]

	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	load_v	\i
	.endr

1:	ldp	x9, x10, [sp, #F_N]		/* n (x10 = fail pointer, unused here) */
	ldr	x11, [sp, #F_CNT]
	cmp	x11, x9
	b.hs	fpsimd_ok
	add	x11, x11, #1
	str	x11, [sp, #F_CNT]
	movz	x0, #PSCI_VERSION_HI, lsl #16
	hvc	#0

	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	check_v	\i
	.endr
	mov	x11, #32
	mov	x12, #0
	mrs	x9, fpcr
	ldr	x10, [sp, #F_WANT_FPCR]
	cmp	x9, x10
	b.ne	fpsimd_fail
	mov	x11, #33
	mrs	x9, fpsr
	ldr	x10, [sp, #F_WANT_FPSR]
	cmp	x9, x10
	b.ne	fpsimd_fail
	b	1b

fpsimd_fail:
	ldr	x13, [sp, #F_FAILP]
	ldr	x14, [sp, #F_CNT]
	str	x14, [x13, #FAIL_TRAP]
	str	x11, [x13, #FAIL_INDEX]
	str	x12, [x13, #FAIL_HALF]
	str	x10, [x13, #FAIL_WANT]
	str	x9, [x13, #FAIL_GOT]
	mov	w0, #1
	b	2f
fpsimd_ok:
	mov	w0, #0
2:	ldp	x9, x10, [sp, #F_FPCR]
	msr	fpcr, x9
	msr	fpsr, x10
	ldp	d8, d9, [sp, #F_D8]
	ldp	d10, d11, [sp, #F_D8 + 16]
	ldp	d12, d13, [sp, #F_D8 + 32]
	ldp	d14, d15, [sp, #F_D8 + 48]
	ldp	x29, x30, [sp, #F_FP]
	add	sp, sp, #F_SIZE
	ret
	.size	probe_fpsimd_check, . - probe_fpsimd_check
	.ltorg
