/* What bulkhead prints because a partition asked for it or caused it (stats, PSCI, faults, its
 * devices' SMMU events), within a per-partition budget (part_log.c). */
#ifndef BULKHEAD_ARCH_PART_LOG_H
#define BULKHEAD_ARCH_PART_LOG_H

#include <stdbool.h>

#include "arch/arm64/cpu/spinlock.h"
#include "core/base/ratelimit.h"

/* PART_LOG_LINES lines per PART_LOG_PERIOD_MS, as a burst or spread out: a burst of 20, then 4
 * lines a second. */
#define PART_LOG_LINES 20
#define PART_LOG_PERIOD_MS 5000

struct part_log {
	const char *name; /* the partition's */
	struct spinlock lock;
	struct ratelimit budget;
};

/* Partition creation: a full budget. Not reset on restart, or a reset loop would evade it. */
void part_log_init(struct part_log *l, const char *name);
/* Whether one more line on this partition's behalf may be printed now; if so, first prints
 * "partition NAME: N lines suppressed" when lines were dropped (at most once per period). */
bool part_log_allow(struct part_log *l);
void part_log_printf(struct part_log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
