/* Typed readers for the few device-tree facts a payload needs. Each checks property lengths
 * and returns 0 or a negative DT_ERR_* code. */
#ifndef PAYLOAD_DT_H
#define PAYLOAD_DT_H

#include <stdbool.h>
#include <stdint.h>

#include "rt.h"

enum {
	DT_OK = 0,
	DT_ERR_NOT_FOUND = -1, /* node or property absent */
	DT_ERR_BAD_PROP = -2,  /* wrong length or cell count */
	DT_ERR_TOO_MANY = -3,  /* more entries than the caller's array holds */
};

/* Every reg range of every node with device_type = "memory". */
int dt_memory(const void *fdt, struct rt_range *out, unsigned max, unsigned *n);
/* /cpus children with device_type = "cpu": their reg (MPIDR affinity), in DT order. *n is
 * the total count even when it exceeds max (then DT_ERR_TOO_MANY). */
int dt_cpus(const void *fdt, uint64_t *mpidr, unsigned max, unsigned *n);
/* /chosen/bootargs, or "" when absent or malformed. */
const char *dt_bootargs(const void *fdt);
/* The base of the PL011 /chosen/stdout-path names. */
int dt_stdout_pl011(const void *fdt, uint64_t *base);
/* /psci method is "smc". */
bool dt_psci_smc(const void *fdt);
/* /chosen linux,initrd-start and linux,initrd-end (32- or 64-bit cells). */
int dt_initrd(const void *fdt, struct rt_range *out);

#endif
