/* A guest's set/way cache maintenance, performed by address over its own memory (setway_emul.c). */
#ifndef BULKHEAD_ARCH_SETWAY_EMUL_H
#define BULKHEAD_ARCH_SETWAY_EMUL_H

#include <stdint.h>

#include "arch/arm64/vm/partition.h"

/* The trapped DC ISW/CSW/CISW with this operand, on the guest's CPU. */
void setway_emulate(const struct partition_rt *p, uint64_t operand);

#endif
