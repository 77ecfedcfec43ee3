/* GICv4.0 virtual LPI registers as pure functions: the redistributor's GICR_VPROPBASER and
 * GICR_VPENDBASER (which vPE is resident on a CPU, and where its virtual LPI configuration and
 * pending tables are), the sizes of those tables, and the GICv4 bits of GITS_TYPER and
 * GITS_BASER<n> the physical ITS driver reads.
 *
 * Field positions are those of the GICv3/v4 architecture specification (IHI 0069), GICv4.0 layout
 * (GICv4.1 redefines both registers; bulkhead does not drive 4.1):
 *
 *   redistributor frames  RD_base, SGI_base, then VLPI_base at RD_base + 0x20000 (a GICv4
 *                         redistributor is four 64 KiB frames)
 *   GICR_VPROPBASER       VLPI_base + 0x70: [4:0] IDbits (vINTID bits - 1), [9:7] InnerCache,
 *                         [11:10] Shareability, [51:12] Physical_Address, [58:56] OuterCache
 *   GICR_VPENDBASER       VLPI_base + 0x78: [9:7] InnerCache, [11:10] Shareability,
 *                         [51:16] Physical_Address, [58:56] OuterCache, [60] Dirty (read only:
 *                         the GIC is still saving the vPE being made non-resident), [61]
 *                         PendingLast, [62] IDAI, [63] Valid
 *   GITS_TYPER            [1] Virtual (GICv4 virtual LPIs), [37] VMOVP (VMOVP needs no ITS list
 *                         and sequence number)
 *   GITS_BASER<n>.Type    2: vPE table
 *   GICR_TYPER            [1] VLPIS: the redistributor handles virtual LPIs
 *   GITS_CTLR             [7:4] ITS_Number (the ITS's bit in a VMOVP ITS list)
 *
 * Table sizes (IHI 0069, "Virtual LPI Configuration table", "Virtual LPI Pending table"): one
 * property byte per vLPI, vINTID n at table + (n - 8192), so 2^IDbits - 8192 bytes; one pending
 * bit per INTID from 0, so 2^IDbits / 8 bytes, of which the first 1 KiB (INTIDs below 8192) is
 * the GIC's IMPLEMENTATION DEFINED area; the pending table is 64 KiB aligned, the property
 * table 4 KiB aligned. */
#ifndef BULKHEAD_CORE_GICV4_H
#define BULKHEAD_CORE_GICV4_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

#define GICR_VLPI_FRAME 0x20000u
#define GICR_VPROPBASER (GICR_VLPI_FRAME + 0x70u)
#define GICR_VPENDBASER (GICR_VLPI_FRAME + 0x78u)

#define GICR_VPROPBASER_IDBITS GENMASK64(4, 0)
#define GICR_VPROPBASER_INNER_CACHE GENMASK64(9, 7)
#define GICR_VPROPBASER_SHAREABILITY GENMASK64(11, 10)
#define GICR_VPROPBASER_PA GENMASK64(51, 12)
#define GICR_VPROPBASER_OUTER_CACHE GENMASK64(58, 56)

#define GICR_VPENDBASER_INNER_CACHE GENMASK64(9, 7)
#define GICR_VPENDBASER_SHAREABILITY GENMASK64(11, 10)
#define GICR_VPENDBASER_PA GENMASK64(51, 16)
#define GICR_VPENDBASER_OUTER_CACHE GENMASK64(58, 56)
#define GICR_VPENDBASER_DIRTY BIT64(60)
#define GICR_VPENDBASER_PENDING_LAST BIT64(61)
#define GICR_VPENDBASER_IDAI BIT64(62)
#define GICR_VPENDBASER_VALID BIT64(63)

#define GICV4_GICR_TYPER_VLPIS BIT64(1) /* GICR_TYPER.VLPIS (core/vdev/vgicr.h has the guest's view) */
#define GICR_FRAMES_V3 0x20000u         /* RD_base + SGI_base */
#define GICR_FRAMES_V4 0x40000u         /* + VLPI_base + a reserved frame */

#define GITS_TYPER_VMOVP BIT64(37)
#define GITS_BASER_TYPE_VPE 2u
#define GITS_CTLR_ITS_NUMBER GENMASK64(7, 4)

#define GICV4_VLPI_FIRST 8192u
#define GICV4_MIN_ID_BITS 14u /* fewer leave no vLPI */
#define GICV4_MAX_ID_BITS 16u /* vPEs bulkhead sets up: QEMU's CPU interface takes 16-bit vINTIDs */
#define GICV4_VPT_ALIGN 0x10000u
#define GICV4_VPROP_ALIGN 0x1000u

/* How the GIC accesses a vPE's tables (the GICR_*BASER cacheability and shareability codes). */
struct gicv4_mem_attr {
	unsigned inner_cache;  /* 3 bits */
	unsigned shareability; /* 2 bits */
};

/* Bytes of a virtual LPI property / pending table for id_bits vINTID bits (GICV4_MIN_ID_BITS..
 * GICV4_MAX_ID_BITS; 0 outside). */
uint64_t gicv4_vprop_bytes(unsigned id_bits);
uint64_t gicv4_vpt_bytes(unsigned id_bits);

/* Takes the vLPIs pending in a non-resident vPE's pending table vpt (gicv4_vpt_bytes(id_bits)
 * bytes; vINTID n is bit n % 8 of byte n / 8, IHI 0069 "Virtual LPI Pending table"; the first
 * 1 KiB, INTIDs below 8192, is IMPLEMENTATION DEFINED and left alone): each pending bit found is
 * cleared, atomically (the GIC may set another bit of the same doubleword meanwhile), and its
 * vINTID written to vlpi[], lowest first, up to max of them (the rest stay pending). Returns how
 * many were taken. */
unsigned gicv4_vpt_take_pending(uint64_t *vpt, unsigned id_bits, uint32_t *vlpi, unsigned max);

/* GICR_VPROPBASER for a property table at table_pa (4 KiB aligned: low bits are cut) covering
 * id_bits vINTID bits. */
uint64_t gicv4_vpropbaser(uint64_t table_pa, unsigned id_bits, struct gicv4_mem_attr attr);

/* GICR_VPENDBASER making the vPE whose pending table is at vpt_pa (64 KiB aligned) resident:
 * Valid. pending_last: the table may hold pending vLPIs the GIC must scan for (a vPE made
 * resident again); idai: its IMPLEMENTATION DEFINED area is not valid (a table the GIC did not
 * write last: a freshly zeroed one is valid, IHI 0069 "Virtual LPI Pending table"). */
uint64_t gicv4_vpendbaser_resident(uint64_t vpt_pa, struct gicv4_mem_attr attr, bool pending_last, bool idai);

/* The value that makes the resident vPE non-resident (Valid = 0, nothing else). */
#define GICV4_VPENDBASER_NOT_RESIDENT UINT64_C(0)

/* Bytes from one redistributor to the next in a contiguous region: a redistributor with
 * GICR_TYPER.VLPIS has the two extra GICv4 frames. */
uint64_t gicv4_redist_bytes(uint64_t gicr_typer);

/* What the board offers for GICv4.0 direct injection, as read at boot. */
struct gicv4_support {
	bool its_virtual;    /* GITS_TYPER.Virtual */
	bool its_vpe_table;  /* the ITS driver set up a GITS_BASER of type vPE */
	unsigned n_cpus;     /* redistributors looked at */
	unsigned cpus_vlpis; /* of which with GICR_TYPER.VLPIS (counted from CPU 0 up, stopping at the first without) */
	bool cpuif_nv4;      /* ICH_VTR_EL2.nV4: the CPU interface takes no direct virtual LPIs */
};

/* NULL when every piece is there; otherwise the first one missing, named by its register field,
 * for the boot line that says why partitions' MSIs take the emulated path. */
const char *gicv4_missing(const struct gicv4_support *s);

/* True while a GICR_VPENDBASER value read back says the GIC is still writing the previous vPE's
 * state out (Dirty), so a new vPE must not be made resident yet. */
bool gicv4_vpendbaser_busy(uint64_t v);

#endif
