/* Physical LPIs bulkhead hands out for partitions' MSIs, and where each one goes.
 *
 * The physical ITS translates a device's MSI (device ID, event ID) into a physical LPI that
 * interrupts bulkhead at EL2; bulkhead then injects the guest's virtual LPI into one vCPU of
 * the partition that owns the device. This table is the second half of that: every physical
 * LPI in use names its (partition, vCPU, virtual LPI), and a physical LPI is handed out only
 * while a partition's virtual ITS has an event mapped to it. The physical INTIDs form one range
 * [first, first + count) starting at 8192 or above (GICv3: LPIs are INTIDs 8192 and up); the
 * range is bulkhead's choice, bounded by the physical GIC's IDbits and its own property table.
 *
 * Pure: no locks. The arch serialises every call (one lock for the table). */
#ifndef BULKHEAD_CORE_LPI_ROUTE_H
#define BULKHEAD_CORE_LPI_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#define LPI_ROUTE_FIRST_INTID 8192u
/* Physical LPIs bulkhead can have routed at once: enough for every partition's virtual ITS to map
 * all the events it may (PART_MAX_PARTITIONS * VITS_MAX_ITES: checked where both are known), so
 * no partition can take another's. */
#define LPI_ROUTE_MAX 8192u

struct lpi_route {
	bool used;
	uint8_t part;  /* partition index */
	uint8_t vcpu;  /* vCPU of that partition the virtual LPI is delivered to */
	uint32_t vlpi; /* the guest's LPI INTID (8192 and up) */
};

struct lpi_route_stats {
	uint64_t exhausted; /* allocations refused: every physical LPI was in use */
	uint64_t stale;     /* lookups of a physical LPI that is not routed (fired after unmapping) */
};

struct lpi_route_table {
	uint32_t first, count;
	uint32_t next; /* where the next allocation starts looking: spreads reuse */
	unsigned in_use;
	struct lpi_route *ent; /* count entries, the caller's storage (the arch sizes it from the config) */
	struct lpi_route_stats stats;
};

/* An empty table of count (at most LPI_ROUTE_MAX) physical LPIs from first (>= 8192), its entries
 * in ent (count of them, zeroed here). False, and an empty table of none, if the range is not
 * LPIs or is too large. */
bool lpi_route_init(struct lpi_route_table *t, uint32_t first, uint32_t count, struct lpi_route *ent);
/* A free physical LPI, now routed to (part, vcpu, vlpi). False (counted) when none is free or
 * vlpi is not an LPI. */
bool lpi_route_alloc(struct lpi_route_table *t, unsigned part, unsigned vcpu, uint32_t vlpi, uint32_t *plpi);
/* Give plpi back. False if it was not routed. */
bool lpi_route_free(struct lpi_route_table *t, uint32_t plpi);
/* The route of plpi, or NULL (counted as stale when plpi is in the range but not routed). */
const struct lpi_route *lpi_route_lookup(struct lpi_route_table *t, uint32_t plpi);
/* Deliver plpi's virtual LPI to another vCPU (MOVI). False if not routed. */
bool lpi_route_move(struct lpi_route_table *t, uint32_t plpi, unsigned vcpu);
/* Free every physical LPI of partition part (it stopped); returns how many. */
unsigned lpi_route_free_partition(struct lpi_route_table *t, unsigned part);

#endif
