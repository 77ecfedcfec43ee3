#!/usr/bin/env python3
"""Fail if the deepest call chain in the linked hypervisor could overflow a CPU's stack.

Each CPU runs on CPU_STACK_SIZE bytes (arch/arm64/cpu/cpu.h) with no guard page below: the boot
CPU's stack sits in .bss right above other variables, so an overflow silently overwrites them.
The deepest chains are a trap's (the vector's saved context, then a handler that logs) and the
boot's (hyp_main -> run_config -> boot_partitions -> a log line), where a few functions keep
kilobytes of tables in their frames; cross-file inlining (-flto) adds the frames of inlined
callees to their callers'.

From the disassembly: each function's frame is what its prologue takes from sp (stp x29, x30,
[sp, #-N]!, sub sp, sp, #N, and sub sp, sp, xN after a mov of N), and its callees are its bl and
b targets. The depth of a function is its frame plus its deepest callee's depth (a call cycle is
cut where it closes). Calls through pointers are not seen, nor is the trap frame of an exception
taken on the way: RESERVE bytes of the stack are kept for them.

Usage: check-stack.py [--report] IMAGE.dis CPU_H   (objdump -d output, the header defining CPU_STACK_SIZE)
--report prints the deepest chain's size and the limit even when it fits (bench/lean-paths.sh)."""
import functools
import re
import sys

RESERVE = 4096
FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
PUSH = re.compile(r"\tstp\tx29, x30, \[sp, #-(\d+)\]!")
SUB_IMM = re.compile(r"\tsub\tsp, sp, #0x([0-9a-f]+)(, lsl #12)?")
MOV_IMM = re.compile(r"\tmov\t(x\d+), #0x([0-9a-f]+)")
SUB_REG = re.compile(r"\tsub\tsp, sp, (x\d+)")
CALL = re.compile(r"\tbl?\t[0-9a-f]+ <([^>+]+)(?:\+0x[0-9a-f]+)?>")


def read_functions(path):
    funcs, cur, movs = {}, None, {}
    for line in open(path):
        m = FUNC.match(line)
        if m:
            cur, movs = m.group(1), {}
            funcs[cur] = [0, set()]
            continue
        if cur is None:
            continue
        m = PUSH.search(line)
        if m:
            funcs[cur][0] += int(m.group(1))
        m = SUB_IMM.search(line)
        if m:
            funcs[cur][0] += int(m.group(1), 16) << (12 if m.group(2) else 0)
        m = MOV_IMM.search(line)
        if m:
            movs[m.group(1)] = int(m.group(2), 16)
        m = SUB_REG.search(line)
        if m:
            funcs[cur][0] += movs.get(m.group(1), 0)
        m = CALL.search(line)
        if m and m.group(1) != cur:
            funcs[cur][1].add(m.group(1))
    return funcs


def main(dis, header, report=False):
    text = open(header).read()
    stack = int(re.search(r"#define CPU_STACK_SIZE (\d+)", text).group(1))
    funcs = read_functions(dis)
    sys.setrecursionlimit(20000)
    open_calls = set()

    @functools.lru_cache(maxsize=None)
    def depth(name):
        if name not in funcs or name in open_calls:
            return 0, ()
        open_calls.add(name)
        deepest = max((depth(c) for c in funcs[name][1]), default=(0, ()))
        open_calls.discard(name)
        return funcs[name][0] + deepest[0], ((name, funcs[name][0]),) + deepest[1]

    worst = max((depth(f) for f in funcs), key=lambda d: d[0])
    chain = " -> ".join(f"{n} ({size})" for n, size in worst[1])
    if report:
        print(f"check-stack: deepest call chain {worst[0]} bytes of the {stack - RESERVE} allowed "
              f"(CPU_STACK_SIZE {stack} less {RESERVE}): {chain}")
    if worst[0] + RESERVE > stack:
        print(f"check-stack: the deepest call chain takes {worst[0]} bytes of stack, more than CPU_STACK_SIZE "
              f"{stack} less {RESERVE} kept for exceptions and calls through pointers:\n  {chain}")
        return 1
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    report = bool(args) and args[0] == "--report"
    if report:
        args = args[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    sys.exit(main(args[0], args[1], report))
