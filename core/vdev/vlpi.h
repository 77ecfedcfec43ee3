/* A partition's LPI configuration as its redistributors see it: GICR_CTLR.EnableLPIs,
 * GICR_PROPBASER and GICR_PENDBASER of one vCPU's redistributor, and the lookup of a virtual
 * LPI's enable bit and priority in the guest's own LPI property table.
 *
 * The tables live in the guest's memory and bulkhead never trusts them for anything but what the
 * guest may decide itself (whether its LPI is enabled, its priority): a byte is read through the
 * caller's guest-memory accessor when an LPI is about to be delivered, and an address outside the
 * partition's RAM or an INTID beyond the table makes the LPI undeliverable, never a fault.
 * Pending state is kept by bulkhead (the vCPU's interrupt queue, and struct vlpi_pending below
 * for LPIs pending while disabled), not in the guest's pending table: PENDBASER is stored as
 * written and its table is not read or written.
 *
 * Field positions (GICv3/v4 architecture specification, IHI 0069, "GICR_PROPBASER",
 * "GICR_PENDBASER", "GICR_CTLR", "LPI Configuration tables"):
 *   GICR_CTLR       [0] EnableLPIs
 *   GICR_PROPBASER  [4:0] IDbits (INTID bits - 1), [9:7] InnerCache, [11:10] Shareability,
 *                   [51:12] Physical_Address, [58:56] OuterCache
 *   GICR_PENDBASER  [9:7] InnerCache, [11:10] Shareability, [51:16] Physical_Address,
 *                   [58:56] OuterCache, [62] PTZ (write-only: reads 0)
 *   property byte   one per LPI, LPI n at table + (n - 8192): [7:2] priority bits [7:2],
 *                   [1] RES1, [0] Enable */
#ifndef BULKHEAD_CORE_VLPI_H
#define BULKHEAD_CORE_VLPI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

#define GIC_LPI_FIRST 8192u
#define VLPI_MIN_ID_BITS 14u /* fewer INTID bits leave no room for LPIs */
#define VLPI_MAX_ID_BITS 24u /* GICD_TYPER.IDbits allows up to 24 bits */

#define GICR_CTLR_ENABLE_LPIS BIT64(0)

#define GICR_PROPBASER_IDBITS GENMASK64(4, 0)
#define GICR_PROPBASER_INNER_CACHE GENMASK64(9, 7)
#define GICR_PROPBASER_SHAREABILITY GENMASK64(11, 10)
#define GICR_PROPBASER_PA GENMASK64(51, 12)
#define GICR_PROPBASER_OUTER_CACHE GENMASK64(58, 56)
#define GICR_PROPBASER_RW                                                                                       \
	(GICR_PROPBASER_IDBITS | GICR_PROPBASER_INNER_CACHE | GICR_PROPBASER_SHAREABILITY | GICR_PROPBASER_PA | \
	 GICR_PROPBASER_OUTER_CACHE)

#define GICR_PENDBASER_INNER_CACHE GENMASK64(9, 7)
#define GICR_PENDBASER_SHAREABILITY GENMASK64(11, 10)
#define GICR_PENDBASER_PA GENMASK64(51, 16)
#define GICR_PENDBASER_OUTER_CACHE GENMASK64(58, 56)
#define GICR_PENDBASER_PTZ BIT64(62)
#define GICR_PENDBASER_RW \
	(GICR_PENDBASER_INNER_CACHE | GICR_PENDBASER_SHAREABILITY | GICR_PENDBASER_PA | GICR_PENDBASER_OUTER_CACHE)

#define LPI_PROP_PRIORITY GENMASK64(7, 2)
#define LPI_PROP_ENABLE BIT64(0)

/* The guest's memory, addressed by IPA: false when [ipa, ipa + len) is not the partition's RAM
 * (nothing is read or written then). */
struct vits_mem_ops {
	bool (*read)(void *ctx, uint64_t ipa, void *buf, uint64_t len);
	bool (*write)(void *ctx, uint64_t ipa, const void *buf, uint64_t len);
};

/* One redistributor's LPI registers. id_bits 0: the partition has no LPIs (the registers are
 * RAZ/WI and GICR_TYPER.PLPIS reads 0). */
struct vgicr_lpi {
	unsigned id_bits; /* the partition's INTID bits (GICD_TYPER.IDbits + 1) */
	bool enabled;     /* GICR_CTLR.EnableLPIs */
	uint64_t propbaser;
	uint64_t pendbaser;
};

/* LPIs for this redistributor with id_bits INTID bits (VLPI_MIN_ID_BITS..VLPI_MAX_ID_BITS), or
 * none with 0. False (and no LPIs) for another value. */
bool vgicr_lpi_init(struct vgicr_lpi *l, unsigned id_bits);
/* Back to reset: LPIs disabled, both base registers zero. */
void vgicr_lpi_reset(struct vgicr_lpi *l);

/* The registers as the guest writes and reads them (64-bit values; the redistributor model
 * handles 32-bit halves). EnableLPIs, once set, stays set until reset (clearing it is
 * IMPLEMENTATION DEFINED in GICv3; this one does not), and PROPBASER and PENDBASER ignore writes
 * while it is set, so the tables cannot move under delivered LPIs. */
void vgicr_lpi_write_ctlr(struct vgicr_lpi *l, uint64_t v);
uint64_t vgicr_lpi_ctlr(const struct vgicr_lpi *l);
void vgicr_lpi_write_propbaser(struct vgicr_lpi *l, uint64_t v);
void vgicr_lpi_write_pendbaser(struct vgicr_lpi *l, uint64_t v);
uint64_t vgicr_lpi_pendbaser(const struct vgicr_lpi *l);

/* What the guest's property table says of virtual LPI vlpi at this redistributor. */
enum vlpi_config {
	VLPI_UNDELIVERABLE, /* LPIs not enabled, vlpi below 8192 or beyond the table (the smaller of
			       PROPBASER.IDbits + 1 and the partition's id_bits), or its byte is not
			       the partition's RAM */
	VLPI_DISABLED,      /* the guest cleared its Enable bit */
	VLPI_ENABLED,
};

/* The configuration of vlpi, read from the guest's table now; *prio gets the byte's bits [7:2]
 * (low bits zero) whenever the byte was read (DISABLED or ENABLED). */
enum vlpi_config vlpi_config_of(const struct vgicr_lpi *l, uint32_t vlpi, const struct vits_mem_ops *mem, void *ctx,
				uint8_t *prio);
/* Virtual LPI vlpi, about to be delivered through this redistributor: true when it is
 * deliverable and enabled, with its priority in *prio (vlpi_config_of() == VLPI_ENABLED). */
bool vlpi_enabled_prio(const struct vgicr_lpi *l, uint32_t vlpi, const struct vits_mem_ops *mem, void *ctx,
		       uint8_t *prio);

/* ---- LPIs pending while disabled ---------------------------------------------------- */

/* An LPI that becomes pending while the guest has it disabled stays pending (GICv3: the pending
 * table keeps it) and is delivered once the guest enables it and invalidates (INV, INVALL).
 * bulkhead keeps such LPIs per vCPU in this bounded set instead of the guest's pending table;
 * one that finds the set full is dropped and counted. */
#define VLPI_PENDING_MAX 32u
#define VLPI_ALL 0u /* vlpi_pending_recheck(): every LPI of the set (INVALL) */

struct vlpi_pending {
	uint32_t vlpi[VLPI_PENDING_MAX];
	unsigned n;
	uint64_t dropped;
};

void vlpi_pending_init(struct vlpi_pending *p);
/* vlpi became pending at this vCPU (a physical LPI routed to it, or an INT command): true when
 * it is to be injected now, at *prio. Otherwise it is kept pending when it is disabled, and
 * dropped when it is undeliverable (see enum vlpi_config) or the set is full (counted). */
bool vlpi_pending_arrive(struct vlpi_pending *p, const struct vgicr_lpi *l, uint32_t vlpi,
			 const struct vits_mem_ops *mem, void *ctx, uint8_t *prio);
/* The guest changed the configuration of vlpi (INV) or of all its LPIs (VLPI_ALL: INVALL):
 * the kept LPIs now enabled leave the set, and up to max of them are written to ready[] with
 * their priorities in prio[] (the rest stay for the next call). Returns how many were written. */
unsigned vlpi_pending_recheck(struct vlpi_pending *p, const struct vgicr_lpi *l, uint32_t vlpi,
			      const struct vits_mem_ops *mem, void *ctx, uint32_t *ready, uint8_t *prio, unsigned max);
/* MOVALL: every LPI kept in from is kept in to instead (once: one already in to merges with
 * it; one that finds to full is dropped and counted in to->dropped). from is left empty. */
void vlpi_pending_move(struct vlpi_pending *from, struct vlpi_pending *to);
/* CLEAR, DISCARD: vlpi is no longer pending. */
void vlpi_pending_clear(struct vlpi_pending *p, uint32_t vlpi);

#endif
