/* A token bucket for console lines (ratelimit.c): what a partition can make bulkhead print is
 * bounded per partition, and what is dropped is counted and reported. Pure: the caller passes the
 * time (any monotonic tick count) and does the printing. */
#ifndef BULKHEAD_CORE_RATELIMIT_H
#define BULKHEAD_CORE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit {
	uint64_t period;      /* ticks in which `lines` lines may be printed */
	uint64_t cost;        /* ticks of credit one line takes: period / lines */
	uint64_t credit;      /* ticks of credit, at most `period` (a full bucket) */
	uint64_t last;        /* tick of the last update */
	uint64_t last_report; /* tick of the last suppression report */
	bool reported;        /* there was one */
	uint64_t suppressed;  /* lines dropped since the last report */
	uint64_t total_suppressed;
};

/* A full bucket of `lines` lines per `period` ticks at tick `now` (lines >= 1, period >= lines). */
void ratelimit_init(struct ratelimit *r, uint32_t lines, uint64_t period, uint64_t now);

/* One line at tick `now`: true if it may be printed, false if it is dropped (and counted).
 * *report is the number of dropped lines to report now, or 0: non-zero only with a line that may
 * be printed, at most once per period, and then counted again from zero; the caller prints the
 * report before the line (the report itself is outside the budget, bounded by the period). */
bool ratelimit_allow(struct ratelimit *r, uint64_t now, uint64_t *report);

#endif
