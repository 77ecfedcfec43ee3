/* Entering a vCPU (vcpu_entry.c). */
#ifndef BULKHEAD_ARCH_VCPU_ENTRY_H
#define BULKHEAD_ARCH_VCPU_ENTRY_H

#include <stdint.h>

#include "arch/arm64/vm/partition.h"

/* On the vCPU's CPU: EL2 controls, EL1 reset state, timer and CPU interface, then an exception
 * return to `entry` with x0. */
__attribute__((noreturn)) void vcpu_enter(struct partition_rt *p, unsigned vcpu, uint64_t entry, uint64_t x0);

#endif
