/* probe_its.c's MSI path, shared with probe_its_pending.c: the edu at virtual 00:00.0 raising
 * event 1 of device 0, mapped to LPI 8200 on this vCPU, through a virtual ITS. */
#ifndef PROBE_ITS_H
#define PROBE_ITS_H

#include <stdbool.h>
#include <stdint.h>

struct probe_its_dev {
	uint64_t frame;    /* the virtual ITS */
	uint64_t bar0;     /* the edu's registers */
	uint64_t data_off; /* address of its MSI Data register in the virtual ECAM */
};

/* `FRAME,ECAM`: LPIs on at this vCPU's redistributor with LPI 8200 enabled or not in the property
 * table, the ITS's queue, MAPD/MAPC/MAPTI/SYNC (4 commands), the edu's MSI pointed at
 * GITS_TRANSLATER with data 1, bus mastering on. False after a FAIL line. */
bool probe_its_setup(const char *arg, bool enabled, struct probe_its_dev *d);
/* The edu raises its interrupt; then interrupts are open for 100 ms: the number taken, the last
 * one's INTID in *last (if not NULL); then the edu's interrupt is acknowledged. Vectors must be
 * installed (probe_vectors_install). */
uint64_t probe_its_raise(const struct probe_its_dev *d, uint32_t *last);
/* Interrupts open for 100 ms without raising anything: the number taken. */
uint64_t probe_its_quiet(void);
/* One command (DW0..DW2) then a SYNC; false if the ITS did not consume them. */
bool probe_its_command(uint64_t frame, uint64_t dw0, uint64_t dw1, uint64_t dw2);
/* LPI 8200's Enable bit in the property table, then INV of device 0 event 1 (and SYNC). */
void probe_its_lpi_enable(const struct probe_its_dev *d, bool on);

#endif
