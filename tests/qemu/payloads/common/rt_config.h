/* Constants shared by the payload runtime's assembly and C. */
#ifndef PAYLOAD_RT_CONFIG_H
#define PAYLOAD_RT_CONFIG_H

/* 64-bit constants usable from both C and the assembler. */
#ifdef __ASSEMBLY__
#define RT_U64(x) x
#else
#define RT_U64(x) x##ULL
#endif

#define RT_MAX_CPUS 8          /* bulkhead's PART_MAX_VCPUS */
#define RT_ENTRY_REGS_SIZE 40  /* sizeof(struct rt_entry_regs) */
#define RT_STACK_SIZE 16384    /* per CPU; a power of two below 64 KiB (a mov immediate) */
#define RT_EXC_STACK_SIZE 4096 /* per CPU, for the exception report only */

/* SCTLR_EL1: the bits that are RES1 in Armv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE), then
 * with the MMU and caches on: M, C, SA, SA0, I. No alignment checking (A = 0). */
#define RT_SCTLR_OFF 0x30d00800
#define RT_SCTLR_ON (RT_SCTLR_OFF | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 12))

/* CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap at EL1 or EL0. */
#define RT_CPACR_FP_ON (3 << 20)

/* MAIR_EL1: Attr0 = Device-nGnRE, Attr1 = Normal inner/outer write-back read/write-allocate. */
#define RT_MAIR_DEVICE_IDX 0
#define RT_MAIR_NORMAL_IDX 1
#define RT_MAIR_VALUE 0xff04

/* Block descriptor attributes (Arm ARM D8.3): AttrIndx [4:2], SH [9:8], AF [10], PXN [53],
 * UXN [54]. Device memory is never executable; EL0 never runs here. */
#define RT_PTE_VALID_BLOCK 0x1
#define RT_PTE_TABLE 0x3
#define RT_PTE_AF (1 << 10)
#define RT_PTE_SH_INNER (3 << 8)
#define RT_PTE_PXN (RT_U64(1) << 53)
#define RT_PTE_UXN (RT_U64(1) << 54)
#define RT_PTE_NORMAL_BLOCK (RT_PTE_VALID_BLOCK | (RT_MAIR_NORMAL_IDX << 2) | RT_PTE_SH_INNER | RT_PTE_AF | RT_PTE_UXN)
#define RT_PTE_DEVICE_BLOCK (RT_PTE_VALID_BLOCK | (RT_MAIR_DEVICE_IDX << 2) | RT_PTE_AF | RT_PTE_PXN | RT_PTE_UXN)

/* TCR_EL1 for TTBR0 walks: inner/outer write-back write-allocate, inner shareable, 4 KiB
 * granule; EPD1 turns TTBR1 walks off. T0SZ and IPS are added by whoever builds the tables. */
#define RT_TCR_BASE ((1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
#define RT_TCR_T0SZ_39BIT 25
#define RT_TCR_IPS_SHIFT 32

/* PSCI function IDs used from assembly. */
#define RT_PSCI_SYSTEM_OFF 0x84000008

#endif
