/* PSCI calls to the firmware (psci.c), through the conduit the DT names. The function IDs are
 * core/vdev/psci_emul.h's (one definition for the firmware's and the partitions' PSCI). */
#ifndef BULKHEAD_ARCH_PSCI_H
#define BULKHEAD_ARCH_PSCI_H

#include <stdint.h>

#include "core/platform/platform.h"

int64_t psci_call(enum psci_conduit conduit, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
