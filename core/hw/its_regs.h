/* GICv3 ITS and redistributor LPI registers as bulkhead programs them on the physical GIC (GICv3/v4
 * architecture specification, IHI 0069: GITS_CTLR 12.19.5, GITS_TYPER 12.19.18, GITS_CBASER
 * 12.19.3, GITS_CWRITER 12.19.6, GITS_CREADR 12.19.4, GITS_BASER<n> 12.19.1, GITS_TRANSLATER
 * 12.19.17). Offsets are from the ITS's control page (ITS_base); GITS_TRANSLATER lives in the
 * translation page that follows it. The redistributors' LPI registers are core/vdev/vlpi.h's,
 * shared with the model. */
#ifndef BULKHEAD_CORE_ITS_REGS_H
#define BULKHEAD_CORE_ITS_REGS_H

#include "core/base/bitfield.h"

#define ITS_FRAME_SIZE 0x20000u       /* control page + translation page, 64 KiB each */
#define ITS_TRANSLATION_PAGE 0x10000u /* offset of the translation page in the frame */

#define GITS_CTLR_OFF 0x0000
#define GITS_TYPER_OFF 0x0008
#define GITS_CBASER_OFF 0x0080
#define GITS_CWRITER_OFF 0x0088
#define GITS_CREADR_OFF 0x0090
#define GITS_BASER_OFF(n) (0x0100 + 8 * (n))
#define GITS_BASER_COUNT 8
#define GITS_TRANSLATER_OFF (ITS_TRANSLATION_PAGE + 0x0040)

#define GITS_CTLR_ENABLED BIT64(0)
#define GITS_CTLR_QUIESCENT BIT64(31)

#define GITS_TYPER_PHYSICAL BIT64(0)
#define GITS_TYPER_ITT_ENTRY_SIZE GENMASK64(7, 4) /* bytes - 1 */
#define GITS_TYPER_ID_BITS GENMASK64(12, 8)       /* EventID bits - 1 */
#define GITS_TYPER_DEVBITS GENMASK64(17, 13)      /* DeviceID bits - 1 */
#define GITS_TYPER_PTA BIT64(19)                  /* RDbase is a physical address, else a PE number */
#define GITS_TYPER_HCC GENMASK64(31, 24)          /* collections held in the ITS itself */
#define GITS_TYPER_CIDBITS GENMASK64(35, 32)      /* collection ID bits - 1, when CIL */
#define GITS_TYPER_CIL BIT64(36)

/* GITS_CBASER and GITS_BASER<n> share the cacheability and shareability encodings. */
#define GITS_CBASER_VALID BIT64(63)
#define GITS_CBASER_INNER_CACHE GENMASK64(61, 59)
#define GITS_CBASER_OUTER_CACHE GENMASK64(55, 53)
#define GITS_CBASER_PA GENMASK64(51, 12)
#define GITS_CBASER_SHAREABILITY GENMASK64(11, 10)
#define GITS_CBASER_SIZE GENMASK64(7, 0) /* 4 KiB pages - 1 */

#define GITS_CWRITER_OFFSET GENMASK64(19, 5)
#define GITS_CREADR_OFFSET GENMASK64(19, 5)
#define GITS_CREADR_STALLED BIT64(0)

#define GITS_BASER_VALID BIT64(63)
#define GITS_BASER_INDIRECT BIT64(62)
#define GITS_BASER_INNER_CACHE GENMASK64(61, 59)
#define GITS_BASER_TYPE GENMASK64(58, 56)
#define GITS_BASER_OUTER_CACHE GENMASK64(55, 53)
#define GITS_BASER_ENTRY_SIZE GENMASK64(52, 48) /* bytes - 1 */
#define GITS_BASER_PA GENMASK64(47, 12)         /* 4 KiB and 16 KiB pages: PA[47:12] */
#define GITS_BASER_PA_64K GENMASK64(47, 16)     /* 64 KiB pages: PA[47:16] (PA[51:48] in [15:12]) */
#define GITS_BASER_SHAREABILITY GENMASK64(11, 10)
#define GITS_BASER_PAGE_SIZE GENMASK64(9, 8)
#define GITS_BASER_SIZE GENMASK64(7, 0) /* pages - 1 */

#define GITS_BASER_TYPE_NONE 0
#define GITS_BASER_TYPE_DEVICE 1
#define GITS_BASER_TYPE_VPE 2
#define GITS_BASER_TYPE_COLLECTION 4

#define GITS_BASER_PAGE_4K 0
#define GITS_BASER_PAGE_16K 1
#define GITS_BASER_PAGE_64K 2

/* Cacheability: Normal, inner (and outer, "same as inner" = 0) write-back read/write-allocate;
 * shareability: inner shareable. What bulkhead's own heap is mapped as. */
#define GIC_MEM_CACHE_WAWB 7u
#define GIC_MEM_INNER_SHAREABLE 1u

/* MAPTI's pINTID must be an LPI: 8192 and up. */
#define ITS_MIN_PINTID 8192u

#endif
