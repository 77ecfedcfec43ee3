/* SMMUv3 register offsets, and the bit fields of its registers and in-memory structures.
 *
 * Names follow the Arm SMMUv3 architecture specification (IHI 0070): a register is SMMU_<NAME>,
 * its fields <NAME>_<FIELD>; in-memory structures are STRTAB_STE_<dword>_<FIELD>,
 * CTXDESC_CD_<dword>_<FIELD>, CMDQ_<dword>_<FIELD> and EVTQ_<dword>_<FIELD>, where <dword> is the
 * index of the little-endian 64-bit word the field lives in. Every field is one mask; use
 * FIELD_PREP/FIELD_GET from core/base/bitfield.h. Values that a field can take are
 * <FIELD>_<MEANING>.
 *
 * Only what bulkhead uses, or needs to print, is here. */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV3_REGS_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV3_REGS_H

#include "core/base/bitfield.h"

/* ---- Register page 0 -------------------------------------------------------------------- */

#define SMMU_IDR0 0x0000
#define IDR0_S2P BIT64(0)
#define IDR0_S1P BIT64(1)
#define IDR0_TTF GENMASK64(3, 2)
#define IDR0_TTF_AARCH32 1
#define IDR0_TTF_AARCH64 2
#define IDR0_TTF_BOTH 3
#define IDR0_COHACC BIT64(4)
#define IDR0_BTM BIT64(5)
#define IDR0_HTTU GENMASK64(7, 6)
#define IDR0_HYP BIT64(9)
#define IDR0_ATS BIT64(10)
#define IDR0_ASID16 BIT64(12)
#define IDR0_MSI BIT64(13)
#define IDR0_SEV BIT64(14)
#define IDR0_PRI BIT64(16)
#define IDR0_VMID16 BIT64(18)
#define IDR0_CD2L BIT64(19)
#define IDR0_TTENDIAN GENMASK64(22, 21)
#define IDR0_TTENDIAN_MIXED 0
#define IDR0_TTENDIAN_LE 2
#define IDR0_TTENDIAN_BE 3
#define IDR0_STALL_MODEL GENMASK64(25, 24)
#define IDR0_TERM_MODEL BIT64(26)
#define IDR0_ST_LEVEL GENMASK64(28, 27)
#define IDR0_ST_LEVEL_LINEAR 0
#define IDR0_ST_LEVEL_2LVL 1

#define SMMU_IDR1 0x0004
#define IDR1_SIDSIZE GENMASK64(5, 0)
#define IDR1_SSIDSIZE GENMASK64(10, 6)
#define IDR1_PRIQS GENMASK64(15, 11)
#define IDR1_EVENTQS GENMASK64(20, 16)
#define IDR1_CMDQS GENMASK64(25, 21)
#define IDR1_REL BIT64(28)
#define IDR1_QUEUES_PRESET BIT64(29)
#define IDR1_TABLES_PRESET BIT64(30)

#define SMMU_IDR2 0x0008
#define SMMU_IDR3 0x000c
#define IDR3_HAD BIT64(2)
#define IDR3_RIL BIT64(10)

#define SMMU_IDR4 0x0010

#define SMMU_IDR5 0x0014
#define IDR5_OAS GENMASK64(2, 0) /* same encoding as CD.IPS / STE.S2PS / TCR.PS */
#define IDR5_GRAN4K BIT64(4)
#define IDR5_GRAN16K BIT64(5)
#define IDR5_GRAN64K BIT64(6)
#define IDR5_VAX GENMASK64(11, 10)

#define SMMU_IIDR 0x0018
#define SMMU_AIDR 0x001c
#define AIDR_ARCH_MINOR_REV GENMASK64(3, 0)
#define AIDR_ARCH_MAJOR_REV GENMASK64(7, 4) /* 0 means SMMUv3 */

#define SMMU_CR0 0x0020
#define CR0_SMMUEN BIT64(0)
#define CR0_PRIQEN BIT64(1)
#define CR0_EVENTQEN BIT64(2)
#define CR0_CMDQEN BIT64(3)
#define CR0_ATSCHK BIT64(4)

#define SMMU_CR0ACK 0x0024

#define SMMU_CR1 0x0028
#define CR1_QUEUE_IC GENMASK64(1, 0)
#define CR1_QUEUE_OC GENMASK64(3, 2)
#define CR1_QUEUE_SH GENMASK64(5, 4)
#define CR1_TABLE_IC GENMASK64(7, 6)
#define CR1_TABLE_OC GENMASK64(9, 8)
#define CR1_TABLE_SH GENMASK64(11, 10)
/* CR1 cacheability is not the TCR encoding: */
#define CR1_CACHE_NC 0
#define CR1_CACHE_WB 1
#define CR1_CACHE_WT 2

#define SMMU_CR2 0x002c
#define CR2_E2H BIT64(0)
#define CR2_RECINVSID BIT64(1) /* record C_BAD_STREAMID for out-of-range StreamIDs */
#define CR2_PTM BIT64(2)       /* private TLB maintenance: ignore broadcast TLBIs */

#define SMMU_STATUSR 0x0040

#define SMMU_GBPA 0x0044
#define GBPA_ABORT BIT64(20)
#define GBPA_UPDATE BIT64(31)

#define SMMU_IRQ_CTRL 0x0050
#define IRQ_CTRL_GERROR_IRQEN BIT64(0)
#define IRQ_CTRL_PRIQ_IRQEN BIT64(1)
#define IRQ_CTRL_EVENTQ_IRQEN BIT64(2)

#define SMMU_IRQ_CTRLACK 0x0054

#define SMMU_GERROR 0x0060
#define GERROR_CMDQ_ERR BIT64(0)
#define GERROR_EVENTQ_ABT_ERR BIT64(2)
#define GERROR_PRIQ_ABT_ERR BIT64(3)
#define GERROR_MSI_CMDQ_ABT_ERR BIT64(4)
#define GERROR_MSI_EVENTQ_ABT_ERR BIT64(5)
#define GERROR_MSI_PRIQ_ABT_ERR BIT64(6)
#define GERROR_MSI_GERROR_ABT_ERR BIT64(7)
#define GERROR_SFM_ERR BIT64(8)
#define GERROR_ERR_MASK (GENMASK64(8, 2) | GERROR_CMDQ_ERR)

#define SMMU_GERRORN 0x0064

#define SMMU_STRTAB_BASE 0x0080 /* 64-bit */
#define STRTAB_BASE_ADDR GENMASK64(51, 6)
#define STRTAB_BASE_RA BIT64(62)

#define SMMU_STRTAB_BASE_CFG 0x0088
#define STRTAB_BASE_CFG_LOG2SIZE GENMASK64(5, 0)
#define STRTAB_BASE_CFG_SPLIT GENMASK64(10, 6)
#define STRTAB_BASE_CFG_FMT GENMASK64(17, 16)
#define STRTAB_BASE_CFG_FMT_LINEAR 0
#define STRTAB_BASE_CFG_FMT_2LVL 1

/* SMMU_CMDQ_BASE and SMMU_EVENTQ_BASE share a layout. */
#define SMMU_CMDQ_BASE 0x0090 /* 64-bit */
#define Q_BASE_LOG2SIZE GENMASK64(4, 0)
#define Q_BASE_ADDR GENMASK64(51, 5)
#define Q_BASE_RWA BIT64(62) /* CMDQ: read-allocate; EVENTQ: write-allocate */

#define SMMU_CMDQ_PROD 0x0098
#define SMMU_CMDQ_CONS 0x009c
#define CMDQ_CONS_ERR GENMASK64(30, 24)
#define CMDQ_ERR_CERROR_NONE 0
#define CMDQ_ERR_CERROR_ILL 1
#define CMDQ_ERR_CERROR_ABT 2
#define CMDQ_ERR_CERROR_ATC_INV_SYNC 3

#define SMMU_EVENTQ_BASE 0x00a0 /* 64-bit */

/* PROD/CONS index registers: bits [log2size-1:0] index, bit [log2size] wrap; log2size <= 19. */
#define Q_IDX_WRAP_MASK GENMASK64(19, 0)
#define Q_OVFLG BIT64(31) /* EVENTQ_PROD.OVFLG / EVENTQ_CONS.OVACKFLG */

/* ---- Register page 1 (base + 64 KiB) -------------------------------------------------- */

#define SMMU_PAGE1 0x10000
#define SMMU_EVENTQ_PROD (SMMU_PAGE1 + 0x00a8)
#define SMMU_EVENTQ_CONS (SMMU_PAGE1 + 0x00ac)
#define SMMU_REG_SIZE 0x20000 /* both pages */

/* ---- Stream table ----------------------------------------------------------------------- */

#define STRTAB_STE_DWORDS 8
#define STRTAB_STE_SIZE 64

/* Level-1 stream table descriptor (2-level tables). */
#define STRTAB_L1_DESC_SPAN GENMASK64(4, 0) /* L2 table holds 2^(SPAN-1) STEs; 0 = invalid */
#define STRTAB_L1_DESC_L2PTR GENMASK64(51, 6)
#define STRTAB_L1_DESC_SIZE 8

#define STRTAB_STE_0_V BIT64(0)
#define STRTAB_STE_0_CFG GENMASK64(3, 1)
#define STRTAB_STE_0_CFG_ABORT 0    /* 0b000: terminate silently, no event */
#define STRTAB_STE_0_CFG_BYPASS 4   /* 0b100 */
#define STRTAB_STE_0_CFG_S1_TRANS 5 /* 0b101: stage 1 translates, stage 2 bypass */
#define STRTAB_STE_0_CFG_S2_TRANS 6 /* 0b110: stage 1 bypass, stage 2 translates */
#define STRTAB_STE_0_CFG_NESTED 7
#define STRTAB_STE_0_S1FMT GENMASK64(5, 4)
#define STRTAB_STE_0_S1FMT_LINEAR 0
#define STRTAB_STE_0_S1CTXPTR GENMASK64(51, 6)
#define STRTAB_STE_0_S1CDMAX GENMASK64(63, 59)

#define STRTAB_STE_1_S1DSS GENMASK64(1, 0)
#define STRTAB_STE_1_S1CIR GENMASK64(3, 2)
#define STRTAB_STE_1_S1COR GENMASK64(5, 4)
#define STRTAB_STE_1_S1CSH GENMASK64(7, 6)
#define STRTAB_STE_1_MEV BIT64(19)
#define STRTAB_STE_1_S1STALLD BIT64(27)
#define STRTAB_STE_1_EATS GENMASK64(29, 28)
#define STRTAB_STE_1_STRW GENMASK64(31, 30)
#define STRTAB_STE_1_STRW_NSEL1 0
#define STRTAB_STE_1_STRW_EL2 2
#define STRTAB_STE_1_SHCFG GENMASK64(45, 44)
#define STRTAB_STE_1_SHCFG_INCOMING 1

/* S1CIR/S1COR and CD.IRGN0/ORGN0 and S2IR0/S2OR0 share the TCR cacheability encoding. */
#define SMMU_CACHE_NC 0
#define SMMU_CACHE_WBWA 1
#define SMMU_CACHE_WT 2
#define SMMU_CACHE_WB 3
/* ...and the shareability encoding. */
#define SMMU_SH_NSH 0
#define SMMU_SH_OSH 2
#define SMMU_SH_ISH 3

#define STRTAB_STE_2_S2VMID GENMASK64(15, 0)
/* Bits [50:32] are VTCR_EL2[18:0], field for field. */
#define STRTAB_STE_2_S2T0SZ GENMASK64(37, 32)
#define STRTAB_STE_2_S2SL0 GENMASK64(39, 38)
#define STRTAB_STE_2_S2IR0 GENMASK64(41, 40)
#define STRTAB_STE_2_S2OR0 GENMASK64(43, 42)
#define STRTAB_STE_2_S2SH0 GENMASK64(45, 44)
#define STRTAB_STE_2_S2TG GENMASK64(47, 46)
#define STRTAB_STE_2_S2PS GENMASK64(50, 48)
#define STRTAB_STE_2_S2AA64 BIT64(51)
#define STRTAB_STE_2_S2ENDI BIT64(52)
#define STRTAB_STE_2_S2AFFD BIT64(53)
#define STRTAB_STE_2_S2PTW BIT64(54)
#define STRTAB_STE_2_S2S BIT64(57)
#define STRTAB_STE_2_S2R BIT64(58)

#define STRTAB_STE_3_S2TTB GENMASK64(51, 4)

/* VTCR_EL2 fields that the STE copies (Arm ARM names). */
#define VTCR_T0SZ GENMASK64(5, 0)
#define VTCR_SL0 GENMASK64(7, 6)
#define VTCR_IRGN0 GENMASK64(9, 8)
#define VTCR_ORGN0 GENMASK64(11, 10)
#define VTCR_SH0 GENMASK64(13, 12)
#define VTCR_TG0 GENMASK64(15, 14)
#define VTCR_PS GENMASK64(18, 16)

/* ---- Context descriptor --------------------------------------------------------------- */

#define CTXDESC_CD_DWORDS 8
#define CTXDESC_CD_SIZE 64

#define CTXDESC_CD_0_TCR_T0SZ GENMASK64(5, 0)
#define CTXDESC_CD_0_TCR_TG0 GENMASK64(7, 6)
#define CTXDESC_CD_0_TCR_TG0_4K 0
#define CTXDESC_CD_0_TCR_TG0_64K 1
#define CTXDESC_CD_0_TCR_TG0_16K 2
#define CTXDESC_CD_0_TCR_IRGN0 GENMASK64(9, 8)
#define CTXDESC_CD_0_TCR_ORGN0 GENMASK64(11, 10)
#define CTXDESC_CD_0_TCR_SH0 GENMASK64(13, 12)
#define CTXDESC_CD_0_TCR_EPD0 BIT64(14)
#define CTXDESC_CD_0_ENDI BIT64(15)
#define CTXDESC_CD_0_TCR_T1SZ GENMASK64(21, 16)
#define CTXDESC_CD_0_TCR_EPD1 BIT64(30)
#define CTXDESC_CD_0_V BIT64(31)
#define CTXDESC_CD_0_TCR_IPS GENMASK64(34, 32)
#define CTXDESC_CD_0_AFFD BIT64(35)
#define CTXDESC_CD_0_TCR_TBI0 BIT64(38)
#define CTXDESC_CD_0_AA64 BIT64(41)
#define CTXDESC_CD_0_HD BIT64(42)
#define CTXDESC_CD_0_HA BIT64(43)
#define CTXDESC_CD_0_S BIT64(44) /* stall on fault */
#define CTXDESC_CD_0_R BIT64(45) /* record translation-class faults as events */
#define CTXDESC_CD_0_A BIT64(46) /* abort (rather than RAZ/WI) a faulting transaction */
#define CTXDESC_CD_0_ASET BIT64(47)
#define CTXDESC_CD_0_ASID GENMASK64(63, 48)

#define CTXDESC_CD_1_TTB0 GENMASK64(51, 4)
#define CTXDESC_CD_2_TTB1 GENMASK64(51, 4)
#define CTXDESC_CD_3_MAIR GENMASK64(63, 0)

/* ---- Command queue (16-byte entries) --------------------------------------------------- */

#define CMDQ_ENT_DWORDS 2
#define CMDQ_ENT_SIZE 16

#define CMDQ_0_OP GENMASK64(7, 0)
#define CMDQ_OP_PREFETCH_CFG 0x01
#define CMDQ_OP_CFGI_STE 0x03
#define CMDQ_OP_CFGI_STE_RANGE 0x04 /* CFGI_ALL is this opcode with Range = 31 */
#define CMDQ_OP_CFGI_CD 0x05
#define CMDQ_OP_CFGI_CD_ALL 0x06
#define CMDQ_OP_TLBI_NH_ALL 0x10
#define CMDQ_OP_TLBI_NH_ASID 0x11
#define CMDQ_OP_TLBI_NH_VA 0x12
#define CMDQ_OP_TLBI_EL2_ALL 0x20
#define CMDQ_OP_TLBI_S12_VMALL 0x28
#define CMDQ_OP_TLBI_S2_IPA 0x2a
#define CMDQ_OP_TLBI_NSNH_ALL 0x30
#define CMDQ_OP_CMD_SYNC 0x46

#define CMDQ_CFGI_0_SID GENMASK64(63, 32)
#define CMDQ_CFGI_1_LEAF BIT64(0)
#define CMDQ_CFGI_1_RANGE GENMASK64(4, 0) /* invalidates 2^(Range+1) StreamIDs */
#define CMDQ_CFGI_1_RANGE_ALL 31

#define CMDQ_TLBI_0_VMID GENMASK64(47, 32)
#define CMDQ_TLBI_0_ASID GENMASK64(63, 48)

#define CMDQ_SYNC_0_CS GENMASK64(13, 12)
#define CMDQ_SYNC_0_CS_NONE 0
#define CMDQ_SYNC_0_CS_IRQ 1
#define CMDQ_SYNC_0_CS_SEV 2

/* ---- Event queue (32-byte records) ---------------------------------------------------- */

#define EVTQ_ENT_DWORDS 4
#define EVTQ_ENT_SIZE 32

#define EVTQ_0_ID GENMASK64(7, 0)
#define EVTQ_0_SSV BIT64(11)
#define EVTQ_0_SSID GENMASK64(31, 12)
#define EVTQ_0_SID GENMASK64(63, 32)
#define EVTQ_1_STAG GENMASK64(15, 0)
#define EVTQ_1_STALL BIT64(31)
#define EVTQ_1_PNU BIT64(33)
#define EVTQ_1_IND BIT64(34)
#define EVTQ_1_RNW BIT64(35) /* 1 = read */
#define EVTQ_1_S2 BIT64(39)
#define EVTQ_1_CLASS GENMASK64(41, 40)
#define EVTQ_1_CLASS_CD 0
#define EVTQ_1_CLASS_TT 1
#define EVTQ_1_CLASS_IN 2
#define EVTQ_2_ADDR GENMASK64(63, 0) /* InputAddr */
#define EVTQ_3_IPA GENMASK64(51, 12)
#define EVTQ_3_FETCH_ADDR GENMASK64(51, 3)

#define EVT_ID_F_UUT 0x01
#define EVT_ID_C_BAD_STREAMID 0x02
#define EVT_ID_F_STE_FETCH 0x03
#define EVT_ID_C_BAD_STE 0x04
#define EVT_ID_F_BAD_ATS_TREQ 0x05
#define EVT_ID_F_STREAM_DISABLED 0x06
#define EVT_ID_F_TRANSL_FORBIDDEN 0x07
#define EVT_ID_C_BAD_SUBSTREAMID 0x08
#define EVT_ID_F_CD_FETCH 0x09
#define EVT_ID_C_BAD_CD 0x0a
#define EVT_ID_F_WALK_EABT 0x0b
#define EVT_ID_F_TRANSLATION 0x10
#define EVT_ID_F_ADDR_SIZE 0x11
#define EVT_ID_F_ACCESS 0x12
#define EVT_ID_F_PERMISSION 0x13
#define EVT_ID_F_TLB_CONFLICT 0x20
#define EVT_ID_F_CFG_CONFLICT 0x21
#define EVT_ID_E_PAGE_REQUEST 0x24
#define EVT_ID_F_VMS_FETCH 0x25

#endif
