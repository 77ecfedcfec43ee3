/* Quiescing a PCI function whose partition stops or restarts, before that partition's memory is
 * reused (docs/pci-passthrough.md, "Reset"): bus mastering and decoding off, then a
 * function-level reset where the function advertises one, with its BARs restored afterwards
 * (they stay where the partition map placed them). Pure: config space only through the accessor,
 * time only through the sleep callback, so the sequence is host-tested on a fake function. */
#ifndef BULKHEAD_CORE_PCI_RESET_H
#define BULKHEAD_CORE_PCI_RESET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/pci/pci.h"

/* PCIe base spec 6.6.2: after Initiate FLR, software waits 100 ms before sending the function
 * a configuration request; then it may still answer Configuration Request Retry (Linux's
 * pci_dev_wait() keeps polling): bounded here. Before the FLR, Linux waits for Transactions
 * Pending to clear (pci_wait_for_pending_transaction()); bounded the same way. */
#define PCI_FLR_WAIT_MS 100u
#define PCI_FLR_READY_MAX_MS 1000u
#define PCI_PENDING_MAX_MS 100u
#define PCI_RESET_POLL_MS 10u

struct pci_quiesce_result {
	bool present;         /* the function answered (vendor ID not all ones) */
	uint16_t cmd_before;  /* its Command register as the partition left it */
	bool flr;             /* a function-level reset was done */
	bool pending_timeout; /* Transactions Pending never cleared (the FLR went ahead anyway) */
	bool ready_timeout;   /* it did not answer within PCI_FLR_READY_MAX_MS after the FLR */
	unsigned waited_ms;   /* total time slept */
};

/* Quiesce function (bus, devfn) of host bridge `host`: Command gets Memory, I/O and Bus Master
 * cleared and INTx Disable set; if its PCI Express capability has Device Capabilities FLR, wait
 * for Transactions Pending to clear, save the BARs, Initiate FLR, wait, restore the BARs and
 * write the same quiet Command. `sleep_ms(ctx, ms)` waits. */
void pci_function_quiesce(const struct pci_cfg_ops *ops, unsigned host, uint8_t bus, uint8_t devfn,
			  void (*sleep_ms)(void *ctx, unsigned ms), void *sleep_ctx, struct pci_quiesce_result *out);

#endif
