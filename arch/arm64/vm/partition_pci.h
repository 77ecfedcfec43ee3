/* A partition's PCI functions at its start and stop (partition_pci.c). */
#ifndef BULKHEAD_ARCH_PARTITION_PCI_H
#define BULKHEAD_ARCH_PARTITION_PCI_H

#include "arch/arm64/vm/partition.h"

/* Every start and restart: memory decoding on, bus mastering off (the guest's driver enables
 * it), INTx not disabled. */
void partition_pci_start(struct partition_rt *p);
/* When it stops or before it restarts, before its memory is reused: bus mastering off and a
 * function-level reset where supported, for every endpoint it owns. */
void partition_pci_quiesce(struct partition_rt *p);
/* Test hook (/chosen/bulkhead,selftest "quiesce-streams-only", "quiesce-none"): bulkhead leaves
 * bus mastering as the guest set it (quiesce and start) and does no function-level reset. */
void partition_pci_selftest_keep_master(void);
/* Whether that test hook is on: bus mastering may then be on from the partition's first
 * instruction, so its memory is prepared whole at start. */
bool partition_pci_master_kept(void);

#endif
