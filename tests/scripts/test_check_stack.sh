#!/usr/bin/env bash
# scripts/check-stack.py must add up the frames along the deepest call chain (stp x29, x30 with
# writeback, sub sp by an immediate, shifted or not, and by a register set by mov), follow bl and
# b, stop at call cycles, and fail only when that depth plus its 4 KiB reserve exceeds
# CPU_STACK_SIZE.
set -euo pipefail
cd "$(dirname "$0")/../.."
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT

# top: 32 (stp) + 4096 (0x1, lsl #12) -> mid: 64 + 2048 (mov x12, #0x800; sub sp, sp, x12)
# -> leaf: 16 + 256 (0x100). Deepest: 32 + 4096 + 64 + 2048 + 16 + 256 = 6512 bytes. shallow
# (48) calls leaf only; mid also tail-calls back to top (a cycle, cut).
cat > "$t/image.dis" <<'DIS'
0000000040400000 <top>:
    40400000:	a9be7bfd 	stp	x29, x30, [sp, #-32]!
    40400004:	d14007ff 	sub	sp, sp, #0x1, lsl #12
    40400008:	94000010 	bl	40400048 <mid>
    4040000c:	94000020 	bl	4040008c <shallow>

0000000040400048 <mid>:
    40400048:	d281000c 	mov	x12, #0x800                	// #2048
    4040004c:	cb2c63ff 	sub	sp, sp, x12
    40400050:	a9bc7bfd 	stp	x29, x30, [sp, #-64]!
    40400054:	94000008 	bl	40400074 <leaf>
    40400058:	17ffffea 	b	40400000 <top>

0000000040400074 <leaf>:
    40400074:	a9bf7bfd 	stp	x29, x30, [sp, #-16]!
    40400078:	d10403ff 	sub	sp, sp, #0x100

0000000040400088 <shallow>:
    40400088:	a9bd7bfd 	stp	x29, x30, [sp, #-48]!
    4040008c:	97fffffa 	bl	40400074 <leaf>
DIS
printf '#define CPU_STACK_SIZE 10608\n' > "$t/fits.h"   # 6512 + 4096: exactly enough
printf '#define CPU_STACK_SIZE 10607\n' > "$t/short.h"
python3 scripts/check-stack.py "$t/image.dis" "$t/fits.h"
if out=$(python3 scripts/check-stack.py "$t/image.dis" "$t/short.h"); then
	echo "check-stack accepted 6512 + 4096 bytes on a 10607-byte stack"; exit 1
fi
grep -q 'takes 6512 bytes' <<<"$out" || { echo "check-stack: wrong depth: $out"; exit 1; }
grep -q 'top (4128) -> mid (2112) -> leaf (272)' <<<"$out" || { echo "check-stack: wrong chain: $out"; exit 1; }
# And the real image fits its stacks.
python3 scripts/check-stack.py build/bulkhead.dis arch/arm64/cpu/cpu.h
