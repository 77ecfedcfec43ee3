#!/usr/bin/env bash
# scripts/check-fpsimd.py must reject FP/SIMD instructions and accept integer code, including
# integer instructions whose branch targets or symbol names look like register names.
set -euo pipefail
cd "$(dirname "$0")/../.."
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT

cat > "$t/clean.dis" <<'DIS'
0000000040400000 <good>:
    40400000:	d2800003 	mov	x3, #0x0                   	// #0
    40400004:	54000c81 	b.ne	40400194 <d0>  // b.any
    40400008:	3637fa13 	tbz	w19, #6, 404000d4 <q1+0x4>
    4040000c:	f9400021 	ldr	x1, [x1]
DIS
python3 scripts/check-fpsimd.py "$t/clean.dis"

for ins in 'movi	v0.4s, #0x0' 'stp	q0, q1, [x2]' 'fmov	d0, x20' 'ldr	s0, [x1]' 'msr	fpcr, x0' 'add	v1.16b, v2.16b, v3.16b'; do
	printf '0000000040400000 <bad>:\n    40400000:\t00000000 \t%s\n' "$ins" > "$t/bad.dis"
	if python3 scripts/check-fpsimd.py "$t/bad.dis" 2>/dev/null; then
		echo "check-fpsimd accepted: $ins"; exit 1
	fi
done
# The guest-state zeroing routine may zero the registers, and nothing more; no other function may.
cat > "$t/zero.dis" <<'DIS'
0000000040400000 <fpsimd_zero_guest_state>:
    40400000:	6f00e400 	movi	v0.2d, #0x0
    40400004:	6f00e41f 	movi	v31.2d, #0x0
    40400008:	d51b441f 	msr	fpcr, xzr
    4040000c:	d51b443f 	msr	fpsr, xzr
DIS
python3 scripts/check-fpsimd.py "$t/zero.dis"
for ins in 'movi	v0.2d, #0x0' 'msr	fpcr, xzr'; do
	printf '0000000040400000 <not_the_zeroing_routine>:\n    40400000:\t00000000 \t%s\n' "$ins" > "$t/bad.dis"
	if python3 scripts/check-fpsimd.py "$t/bad.dis" 2>/dev/null; then
		echo "check-fpsimd accepted outside the zeroing routine: $ins"; exit 1
	fi
done
for ins in 'movi	v0.2d, #0xff' 'msr	fpcr, x0' 'fmov	d0, x1' 'str	q0, [x0]'; do
	printf '0000000040400000 <fpsimd_zero_guest_state>:\n    40400000:\t00000000 \t%s\n' "$ins" > "$t/bad.dis"
	if python3 scripts/check-fpsimd.py "$t/bad.dis" 2>/dev/null; then
		echo "check-fpsimd accepted in the zeroing routine: $ins"; exit 1
	fi
done
# And the real image is clean.
python3 scripts/check-fpsimd.py build/bulkhead.dis
