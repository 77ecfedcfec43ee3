#!/usr/bin/env python3
"""Fail if the linked hypervisor contains any FP/SIMD instruction.

Guests own the FP/SIMD registers: the hypervisor never saves or restores them, so no code in the
image may touch them. The hypervisor is compiled with -mgeneral-regs-only, but picolibc and libfdt
are not; this check covers whatever the link pulled in from them (picolibc's vsnprintf, for
example, does use SIMD registers, which is why core/base/format.c does not call it).

One exception: arch/arm64/cpu/fpsimd_zero.S zeroes the guest's FP/SIMD registers before a vCPU
(re)starts. Only that function may touch them, and only with the zeroing instructions it needs
(movi Vn.2d, #0; msr fpcr/fpsr, xzr); anything else there is rejected too.

Usage: check-fpsimd.py IMAGE.dis   (objdump -d output)"""
import re
import sys

FUNC = re.compile(r'^[0-9a-f]+ <([^>]+)>:')
# An operand naming a SIMD/FP register (v0.16b, q1, d2, s3, h4, b5) or FPCR/FPSR.
REG = re.compile(r'(?:^|[\s,\[{])(?:[vqdshb](?:[12]?[0-9]|3[01])(?:\.\d*[bhsdq])?|fpcr|fpsr)(?=$|[\s,\]}])')
FP_MNEMONIC = re.compile(r'^(?:f[a-z0-9]+|movi|mvni|scvtf|ucvtf|dup|ins|umov|smov|cnt|addv|uaddlv|ld[1-4]r?|st[1-4])$')
BRANCHES = ('b', 'bl', 'cbz', 'cbnz', 'tbz', 'tbnz', 'adr', 'adrp')
ZEROING_FUNC = 'fpsimd_zero_guest_state'
ZEROING = re.compile(r'^(?:movi v(?:[12]?[0-9]|3[01])\.2d, #0x0|msr (?:fpcr|fpsr), xzr)$')

def main(path):
    func, hits = None, {}
    for line in open(path):
        m = FUNC.match(line)
        if m:
            func = m.group(1)
            continue
        parts = line.rstrip('\n').split('\t')
        if len(parts) < 3 or func is None:
            continue
        mnemonic = parts[2].strip()
        operands = parts[3] if len(parts) > 3 else ''
        operands = re.sub(r'<[^>]*>', '', operands.split('//')[0])
        if mnemonic.startswith('.') or mnemonic.split('.')[0] in BRANCHES:
            continue
        if FP_MNEMONIC.match(mnemonic) or REG.search(operands):
            if func == ZEROING_FUNC and ZEROING.match(f'{mnemonic} {operands.strip()}'):
                continue
            hits.setdefault(func, []).append(f'{mnemonic} {operands.strip()}')
    if hits:
        print('check-fpsimd: FP/SIMD instructions in the hypervisor image:', file=sys.stderr)
        for f, ins in sorted(hits.items()):
            print(f'  {f}: {len(ins)} (e.g. {ins[0]})', file=sys.stderr)
        return 1
    return 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
