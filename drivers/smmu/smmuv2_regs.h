/* SMMUv2 (and MMU-500) register offsets and fields, as the Arm System MMU architecture
 * specification version 2 (IHI 0062) names them: a register is SMMUV2_<NAME>, its fields
 * <NAME>_<FIELD>, values a field takes <NAME>_<FIELD>_<MEANING>. One mask per field, used with
 * FIELD_PREP/FIELD_GET (core/base/bitfield.h). The ID registers' fields are ID<n>_<FIELD>, as the
 * spec writes them (SMMU_IDR<n> is the register). Every register bulkhead touches is 32 bits wide
 * except TTBR0 and FAR, which it accesses as two 32-bit halves (low word first).
 *
 * Address map: the global space is NUMPAGE pages (ID1.NUMPAGENDXB), page 0 = GR0, page 1 = GR1;
 * the translation context banks follow it, one page each. Only what bulkhead uses or prints. */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV2_REGS_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV2_REGS_H

#include "core/base/bitfield.h"

/* ---- Global register space 0 (page 0) ------------------------------------------------- */

#define SMMUV2_SCR0 0x000
#define SCR0_CLIENTPD BIT64(0)
#define SCR0_GFRE BIT64(1)
#define SCR0_GFIE BIT64(2)
#define SCR0_EXIDENABLE BIT64(3)
#define SCR0_GCFGFRE BIT64(4)
#define SCR0_GCFGFIE BIT64(5)
#define SCR0_STALLD BIT64(8)
#define SCR0_GSE BIT64(9)
#define SCR0_USFCFG BIT64(10)
#define SCR0_VMIDPNE BIT64(11)
#define SCR0_PTM BIT64(12)
#define SCR0_FB BIT64(13)
#define SCR0_BSU GENMASK64(15, 14)
#define SCR0_SMCFCFG BIT64(21)
#define SCR0_VMID16EN BIT64(31)

/* Implementation defined; the MMU-500 fields below are from its TRM. */
#define SMMUV2_SACR 0x010
#define SACR_MMU500_SMTNMB_TLBEN BIT64(8)
#define SACR_MMU500_MMUDISB_TLBEN BIT64(9)
#define SACR_MMU500_S2CRB_TLBEN BIT64(10)
#define SACR_MMU500_CACHE_LOCK BIT64(26)

#define SMMUV2_IDR0 0x020
#define ID0_NUMSMRG GENMASK64(7, 0)
#define ID0_EXIDS BIT64(8)
#define ID0_NUMSIDB GENMASK64(12, 9)
#define ID0_BTM BIT64(13)
#define ID0_CTTW BIT64(14)
#define ID0_NUMIRPT GENMASK64(23, 16)
#define ID0_PTFS GENMASK64(25, 24)
#define ID0_SMS BIT64(27)
#define ID0_NTS BIT64(28)
#define ID0_S2TS BIT64(29)
#define ID0_S1TS BIT64(30)

#define SMMUV2_IDR1 0x024
#define ID1_NUMCB GENMASK64(7, 0)
#define ID1_NUMS2CB GENMASK64(23, 16)
#define ID1_NUMPAGENDXB GENMASK64(30, 28)
#define ID1_PAGESIZE BIT64(31) /* 1: 64 KiB register pages, 0: 4 KiB */

#define SMMUV2_IDR2 0x028
#define ID2_IAS GENMASK64(3, 0) /* 0 32, 1 36, 2 40, 3 42, 4 44, 5 48 bits */
#define ID2_OAS GENMASK64(7, 4)
#define ID2_UBS GENMASK64(11, 8)
#define ID2_PTFS_4K BIT64(12)
#define ID2_PTFS_16K BIT64(13)
#define ID2_PTFS_64K BIT64(14)
#define ID2_VMID16 BIT64(15)

#define SMMUV2_IDR7 0x03c
#define ID7_MINOR GENMASK64(3, 0)
#define ID7_MAJOR GENMASK64(7, 4)

#define SMMUV2_SGFAR 0x040 /* 64-bit */
#define SMMUV2_SGFSR 0x048 /* write 1 to clear */
#define GFSR_ICF BIT64(0)
#define GFSR_USF BIT64(1)
#define GFSR_SMCF BIT64(2)
#define GFSR_UCBF BIT64(3)
#define GFSR_UCIF BIT64(4)
#define GFSR_CAF BIT64(5)
#define GFSR_EF BIT64(6)
#define GFSR_PF BIT64(7)
#define GFSR_UUT BIT64(8)
#define GFSR_MULTI BIT64(31)

#define SMMUV2_SGFSYNR0 0x050
#define GFSYNR0_NESTED BIT64(0)
#define GFSYNR0_WNR BIT64(1)
#define GFSYNR0_PNU BIT64(2)
#define GFSYNR0_IND BIT64(3)
#define GFSYNR0_NSSTATE BIT64(4)
#define GFSYNR0_NSATTR BIT64(5)
#define SMMUV2_SGFSYNR1 0x054
#define GFSYNR1_STREAMID GENMASK64(15, 0)
#define GFSYNR1_SSD_INDEX GENMASK64(31, 16)
#define SMMUV2_SGFSYNR2 0x058

#define SMMUV2_TLBIVMID 0x064
#define TLBIVMID_VMID GENMASK64(15, 0)
#define SMMUV2_TLBIALLNSNH 0x068
#define SMMUV2_TLBIALLH 0x06c
#define SMMUV2_STLBGSYNC 0x070
#define SMMUV2_STLBGSTATUS 0x074
#define STLBGSTATUS_GSACTIVE BIT64(0)

/* Stream match register n and stream-to-context register n. */
#define SMMUV2_SMR(n) (0x800 + 4 * (n))
#define SMR_ID GENMASK64(14, 0)
#define SMR_MASK GENMASK64(30, 16)
#define SMR_VALID BIT64(31)

#define SMMUV2_S2CR(n) (0xc00 + 4 * (n))
#define S2CR_CBNDX GENMASK64(7, 0)
#define S2CR_TYPE GENMASK64(17, 16)
#define S2CR_TYPE_TRANSLATE 0
#define S2CR_TYPE_BYPASS 1
#define S2CR_TYPE_FAULT 2

/* ---- Global register space 1 (page 1), offsets within that page ------------------------ */

#define SMMUV2_CBAR(n) (0x000 + 4 * (n))
#define CBAR_VMID GENMASK64(7, 0)
#define CBAR_TYPE GENMASK64(17, 16)
#define CBAR_TYPE_S2 0
#define CBAR_TYPE_S1_S2BYPASS 1
#define CBAR_TYPE_S1_S2FAULT 2
#define CBAR_TYPE_S1_S2 3
#define CBAR_IRPTNDX GENMASK64(31, 24)

#define SMMUV2_CBFRSYNRA(n) (0x400 + 4 * (n))
#define CBFRSYNRA_STREAMID GENMASK64(15, 0)

#define SMMUV2_CBA2R(n) (0x800 + 4 * (n))
#define CBA2R_VA64 BIT64(0)
#define CBA2R_VMID16 GENMASK64(31, 16)

/* ---- Translation context bank (one page each), offsets within the bank ------------------ */

#define SMMUV2_CB_SCTLR 0x000
#define CB_SCTLR_M BIT64(0)
#define CB_SCTLR_TRE BIT64(1)
#define CB_SCTLR_AFE BIT64(2)
#define CB_SCTLR_CFRE BIT64(5)
#define CB_SCTLR_CFIE BIT64(6)

#define SMMUV2_CB_ACTLR 0x004 /* implementation defined */
#define CB_ACTLR_MMU500_CPRE BIT64(1)

#define SMMUV2_CB_TTBR0 0x020 /* 64-bit */
#define SMMUV2_CB_TCR 0x030   /* stage 2 (AArch64): the VTCR_EL2 layout */
#define CB_TCR_T0SZ GENMASK64(5, 0)
#define CB_TCR_SL0 GENMASK64(7, 6)
#define CB_TCR_IRGN0 GENMASK64(9, 8)
#define CB_TCR_ORGN0 GENMASK64(11, 10)
#define CB_TCR_SH0 GENMASK64(13, 12)
#define CB_TCR_TG0 GENMASK64(15, 14)
#define CB_TCR_PASIZE GENMASK64(18, 16)

#define SMMUV2_CB_FSR 0x058 /* write 1 to clear */
#define CB_FSR_TF BIT64(1)
#define CB_FSR_AFF BIT64(2)
#define CB_FSR_PF BIT64(3)
#define CB_FSR_EF BIT64(4)
#define CB_FSR_TLBMCF BIT64(5)
#define CB_FSR_TLBLKF BIT64(6)
#define CB_FSR_ASF BIT64(7)
#define CB_FSR_UUT BIT64(8)
#define CB_FSR_SS BIT64(30)
#define CB_FSR_MULTI BIT64(31)
#define CB_FSR_FAULTS                                                                                               \
	(CB_FSR_TF | CB_FSR_AFF | CB_FSR_PF | CB_FSR_EF | CB_FSR_TLBMCF | CB_FSR_TLBLKF | CB_FSR_ASF | CB_FSR_UUT | \
	 CB_FSR_SS | CB_FSR_MULTI)

#define SMMUV2_CB_FAR 0x060 /* 64-bit */
#define SMMUV2_CB_FSYNR0 0x068
#define CB_FSYNR0_PLVL GENMASK64(1, 0)
#define CB_FSYNR0_WNR BIT64(4)
#define CB_FSYNR0_PNU BIT64(5)
#define CB_FSYNR0_IND BIT64(6)
#define CB_FSYNR0_PTWF BIT64(10)

#endif
