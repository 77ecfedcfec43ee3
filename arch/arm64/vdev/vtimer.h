/* The virtual timer of each vCPU (vtimer.c): the EL1 virtual timer used directly by the guest. */
#ifndef BULKHEAD_ARCH_VTIMER_H
#define BULKHEAD_ARCH_VTIMER_H

#include <stdint.h>

/* A partition (re)starts: the CNTVOFF_EL2 all its vCPUs will use (the count now). */
uint64_t vtimer_partition_offset(void);
/* On the vCPU's CPU before its first instruction: the offset, EL1's access, an idle timer. */
void vtimer_vcpu_enter(uint64_t cntvoff);
/* The vCPU parks: its timer off, so no virtual timer interrupt reaches an idle CPU. */
void vtimer_vcpu_stop(void);

#endif
