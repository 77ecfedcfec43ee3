/* VMSAv8-64 translation table descriptors, 4 KiB granule: field masks and pure encoders/decoders.
 *
 * Two formats are built here: stage 1 for the hypervisor's own EL2 regime (TTBR0_EL2, non-VHE,
 * one VA range, one privilege level) and stage 2 for partitions (IPA -> PA). Field names follow
 * the Arm ARM ("VMSAv8-64 translation table format descriptors"). Nothing here touches hardware,
 * so the host unit tests check every bit pattern.
 *
 * Levels with a 4 KiB granule: each table holds 512 entries and resolves 9 address bits.
 *   level 0: 512 GiB per entry, table descriptors only (no 4 KiB-granule blocks without LPA2)
 *   level 1:   1 GiB per entry, table or block
 *   level 2:   2 MiB per entry, table or block
 *   level 3:   4 KiB per entry, page
 * A "leaf" below means a block (levels 1-2) or a page (level 3). */
#ifndef BULKHEAD_CORE_PTE_H
#define BULKHEAD_CORE_PTE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/addr.h"
#include "core/base/bitfield.h"

#define PTE_GRANULE_SHIFT 12
#define PTE_GRANULE SZ_4K
#define PTE_ENTRIES_PER_TABLE 512
#define PTE_BITS_PER_LEVEL 9
#define PTE_LAST_LEVEL 3

/* Bits shared by all formats. */
#define PTE_VALID BIT64(0)
#define PTE_TYPE_TABLE BIT64(1)    /* levels 0-2: 1 = table, 0 = block */
#define PTE_TYPE_PAGE BIT64(1)     /* level 3: must be 1 for a page; 0 is reserved (faults) */
#define PTE_ADDR GENMASK64(47, 12) /* output address of a leaf, or next-level table address */
#define PTE_SH GENMASK64(9, 8)
#define PTE_AF BIT64(10)
#define PTE_CONTIGUOUS BIT64(52)

#define PTE_SH_NON 0
#define PTE_SH_OUTER 2
#define PTE_SH_INNER 3

/* Stage 1 lower and upper attributes. */
#define PTE_S1_ATTRINDX GENMASK64(4, 2) /* index into MAIR_EL2 */
#define PTE_S1_NS BIT64(5)
#define PTE_S1_AP GENMASK64(7, 6) /* AP[2:1] */
#define PTE_S1_NG BIT64(11)
#define PTE_S1_PXN BIT64(53) /* RES0 in the EL2 regime: it has no unprivileged level */
#define PTE_S1_XN BIT64(54)  /* XN at EL2; UXN in two-privilege regimes */

/* AP[2:1] for a regime with one privilege level. AP[1] is RES1 there ("For a stage 1
 * translation that supports one Exception level, AP[1] is RES1"), so only AP[2] varies. */
#define PTE_S1_AP_RW 1 /* AP[2]=0 read/write */
#define PTE_S1_AP_RO 3 /* AP[2]=1 read-only */

/* Stage 2 lower and upper attributes. */
#define PTE_S2_MEMATTR GENMASK64(5, 2)
#define PTE_S2_S2AP GENMASK64(7, 6)
#define PTE_S2_XN GENMASK64(54, 53) /* XN[1:0]; bit 53 is RES0 without FEAT_XNX */

/* MemAttr[3:2] = outer (or 0b00 for Device), MemAttr[1:0] = inner (or the Device type); the
 * stage-2 attributes combine with the guest's stage-1 ones, the stronger type winning. */
#define PTE_S2_MEMATTR_NORMAL_WB 0xf /* Normal, outer and inner Write-Back cacheable */
#define PTE_S2_MEMATTR_DEVICE_nGnRE 0x1
#define PTE_S2_MEMATTR_DEVICE_nGnRnE 0x0

#define PTE_S2_S2AP_READ 1  /* S2AP[0] */
#define PTE_S2_S2AP_WRITE 2 /* S2AP[1] */

/* XN[1:0] = 0b10 forbids execution at EL1 and EL0, both with FEAT_XNX and without it (bit 54
 * alone is the XN bit then). */
#define PTE_S2_XN_NONE 2

/* MAIR_EL2: the stage-1 AttrIndx values the hypervisor uses. */
#define MAIR_IDX_DEVICE_nGnRE 0
#define MAIR_IDX_NORMAL 1
#define MAIR_IDX_DEVICE_nGnRnE 2

#define MAIR_ATTR_DEVICE_nGnRE UINT64_C(0x04)
#define MAIR_ATTR_NORMAL_WB UINT64_C(0xff) /* outer and inner Write-Back, Read/Write-Allocate */
#define MAIR_ATTR_DEVICE_nGnRnE UINT64_C(0x00)

#define MAIR_ATTR(idx, attr) ((uint64_t)(attr) << (8 * (idx)))
#define MAIR_EL2_VALUE                                                                                                \
	(MAIR_ATTR(MAIR_IDX_DEVICE_nGnRE, MAIR_ATTR_DEVICE_nGnRE) | MAIR_ATTR(MAIR_IDX_NORMAL, MAIR_ATTR_NORMAL_WB) | \
	 MAIR_ATTR(MAIR_IDX_DEVICE_nGnRnE, MAIR_ATTR_DEVICE_nGnRnE))

/* Memory types a mapping can have; the same three for both stages. */
enum pte_mem {
	PTE_MEM_NORMAL,        /* RAM: Write-Back cacheable, inner shareable */
	PTE_MEM_DEVICE_nGnRE,  /* ordinary MMIO */
	PTE_MEM_DEVICE_nGnRnE, /* MMIO that must not see early write acknowledgement */
};

/* Access permissions of a mapping, as a bit set. */
#define PTE_PERM_R (1u << 0)
#define PTE_PERM_W (1u << 1)
#define PTE_PERM_X (1u << 2)
#define PTE_PERM_RW (PTE_PERM_R | PTE_PERM_W)
#define PTE_PERM_RX (PTE_PERM_R | PTE_PERM_X)
#define PTE_PERM_RWX (PTE_PERM_R | PTE_PERM_W | PTE_PERM_X)

/* Address bits below an entry at `level`: 39, 30, 21, 12. */
static inline unsigned pte_level_shift(unsigned level)
{
	return PTE_GRANULE_SHIFT + PTE_BITS_PER_LEVEL * (PTE_LAST_LEVEL - level);
}

/* Bytes one entry at `level` covers. */
static inline uint64_t pte_level_size(unsigned level)
{
	return BIT64(pte_level_shift(level));
}

/* Whether a leaf may sit at `level` (blocks at 1-2, pages at 3). */
static inline bool pte_level_has_leaves(unsigned level)
{
	return level >= 1 && level <= PTE_LAST_LEVEL;
}

/* Attribute combinations each stage accepts. Stage 1 (the hypervisor itself) must be readable,
 * and is never writable and executable at once. Both stages refuse executable Device memory. */
bool pte_s1_attrs_valid(enum pte_mem mem, unsigned perms);
bool pte_s2_attrs_valid(enum pte_mem mem, unsigned perms);

/* Table descriptor pointing at the next-level table at `next` (4 KiB aligned). The hierarchical
 * attributes (APTable, XNTable, ...) stay zero: permissions live in the leaves only. */
uint64_t pte_table(pa_t next);

/* Leaf descriptors: a block at level 1 or 2, a page at level 3. The Access Flag is set, since
 * nothing manages access-flag faults, and the shareability is inner.
 *
 * They return 0 (an invalid descriptor, which faults) when the level holds no leaves, `out` is
 * not aligned to the level's size or above 48 bits, or the attributes are refused by
 * pte_s1_attrs_valid()/pte_s2_attrs_valid(). */
uint64_t pte_s1_leaf(pa_t out, enum pte_mem mem, unsigned perms, unsigned level);
uint64_t pte_s2_leaf(pa_t out, enum pte_mem mem, unsigned perms, unsigned level);

static inline bool pte_is_valid(uint64_t desc)
{
	return (desc & PTE_VALID) != 0;
}

/* A valid table descriptor at `level` (0-2). */
bool pte_is_table(uint64_t desc, unsigned level);
/* A valid block (level 1-2) or page (level 3) descriptor. */
bool pte_is_leaf(uint64_t desc, unsigned level);

/* Bits [47:12]: a leaf's output address or a table descriptor's next-level table. */
static inline pa_t pte_addr(uint64_t desc)
{
	return pa(desc & PTE_ADDR);
}

/* Memory type and permissions of a leaf. False when the attributes are not ones the encoders
 * above produce (a corrupted or foreign descriptor). Fault reports use these. */
bool pte_s1_decode(uint64_t desc, enum pte_mem *mem, unsigned *perms);
bool pte_s2_decode(uint64_t desc, enum pte_mem *mem, unsigned *perms);

#endif
