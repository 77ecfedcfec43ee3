/* VTCR_EL2 (partition stage 2) and TCR_EL2 (hypervisor stage 1) from the CPU's ID registers.
 *
 * Pure functions: the caller reads ID_AA64MMFR0_EL1/ID_AA64MMFR1_EL1 and writes the results, so
 * the host tests check every bit. The stage-2 start level (VTCR_EL2.SL0) and input size
 * (VTCR_EL2.T0SZ) come from pgtable_geometry_for(), the same function the table builder uses,
 * so the register and the tables cannot disagree. */
#ifndef BULKHEAD_CORE_VTCR_H
#define BULKHEAD_CORE_VTCR_H

#include <stdint.h>

#include "core/base/addr.h"
#include "core/base/bitfield.h"

#define ID_AA64MMFR0_PARANGE GENMASK64(3, 0)
#define ID_AA64MMFR1_VMIDBITS GENMASK64(7, 4)
#define ID_AA64MMFR1_VMIDBITS_8 0
#define ID_AA64MMFR1_VMIDBITS_16 2

#define VTCR_EL2_T0SZ GENMASK64(5, 0)
#define VTCR_EL2_SL0 GENMASK64(7, 6)
#define VTCR_EL2_IRGN0 GENMASK64(9, 8)
#define VTCR_EL2_ORGN0 GENMASK64(11, 10)
#define VTCR_EL2_SH0 GENMASK64(13, 12)
#define VTCR_EL2_TG0 GENMASK64(15, 14)
#define VTCR_EL2_PS GENMASK64(18, 16)
#define VTCR_EL2_VS BIT64(19)
#define VTCR_EL2_RES1 BIT64(31)

/* TCR_EL2 when HCR_EL2.E2H == 0 (one VA range, TTBR0_EL2 only). */
#define TCR_EL2_T0SZ GENMASK64(5, 0)
#define TCR_EL2_IRGN0 GENMASK64(9, 8)
#define TCR_EL2_ORGN0 GENMASK64(11, 10)
#define TCR_EL2_SH0 GENMASK64(13, 12)
#define TCR_EL2_TG0 GENMASK64(15, 14)
#define TCR_EL2_PS GENMASK64(18, 16)
#define TCR_EL2_RES1 (BIT64(31) | BIT64(23))

#define VTTBR_EL2_BADDR GENMASK64(47, 1)
#define VTTBR_EL2_VMID GENMASK64(63, 48)

/* Field values shared by both registers. */
#define TCR_RGN_WBWA 1 /* table walks: Normal, Write-Back Read-Allocate Write-Allocate */
#define TCR_SH_INNER 3
#define TCR_TG0_4K 0
/* VTCR_EL2.SL0 with a 4 KiB granule: the start level counted down from 2. */
#define VTCR_SL0_4K(start_level) (2u - (start_level))

/* The largest PS value the 4 KiB-granule format without LPA2 can use (48 bits). */
#define TCR_PS_48 5

/* The stage-2 input size bulkhead asks for: 40 bits (1 TiB of guest-physical space) with a
 * level-1 start (two tables concatenated), capped by vtcr_compute() at the CPU's physical address size.
 * Config validation refuses any region at or above what this gives (cfg_limits_*()). */
#define VTCR_GUEST_IPA_BITS 40

struct vtcr_config {
	uint64_t vtcr_el2;
	unsigned ipa_bits;  /* build the stage-2 tables with this input size */
	unsigned pa_bits;   /* physical address size programmed in PS */
	unsigned vmid_bits; /* 8 or 16 */
};

enum vtcr_status {
	VTCR_OK = 0,
	VTCR_ERR_PARANGE = -1,  /* ID_AA64MMFR0.PARange holds a reserved value */
	VTCR_ERR_IPA_BITS = -2, /* wanted IPA size below PGTABLE_MIN_INPUT_BITS */
};

/* Bits of physical address for a PARange value (0 -> 32 ... 6 -> 52), or 0 when reserved. */
unsigned vtcr_parange_bits(unsigned parange);

/* VTCR_EL2 for stage-2 tables of `ipa_bits_wanted` bits, capped at the physical address size
 * (itself capped at 48 bits, the 4 KiB-granule format's limit). The IPA size actually used is
 * returned in cfg->ipa_bits; pass it to pgtable_init(). 16-bit VMIDs (VTCR_EL2.VS) are used when
 * ID_AA64MMFR1.VMIDBits says so. */
int vtcr_compute(uint64_t id_aa64mmfr0, uint64_t id_aa64mmfr1, unsigned ipa_bits_wanted, struct vtcr_config *cfg);

/* TCR_EL2 for the hypervisor's own tables: 48-bit VA (T0SZ = 16, start level 0), 4 KiB
 * granule, walks Write-Back inner shareable, PS from PARange (capped at 48 bits). */
int tcr_el2_compute(uint64_t id_aa64mmfr0, uint64_t *tcr_el2);

/* VTTBR_EL2 for a stage-2 root and VMID. The caller keeps vmid below 2^vmid_bits. */
uint64_t vttbr_el2_value(pa_t root, unsigned vmid);

#endif
