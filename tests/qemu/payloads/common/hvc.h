/* Calls to the hypervisor (or to QEMU's built-in PSCI when run without one): the bulkhead
 * hypercall console and PSCI, both through HVC #0 with the SMC Calling Convention. */
#ifndef PAYLOAD_HVC_H
#define PAYLOAD_HVC_H

#include <stddef.h>
#include <stdint.h>

#define HVC_CONSOLE_WRITE 0x86000001u /* docs/guest-abi.md */
#define HVC_CONSOLE_MAX 24

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON64 0xc4000003u
#define PSCI_AFFINITY_INFO64 0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)

#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/* One SMCCC call through the PSCI conduit (HVC unless /psci says "smc"). */
int64_t psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
void psci_use_smc(int smc);

/* One BULKHEAD_HVC_CONSOLE_WRITE of 1..24 bytes; returns x0 (0, -1 NOT_SUPPORTED, -2). */
int64_t hvc_console_write(const char *s, size_t n);

/* The console: the hypercall console, or the PL011 given by con_set_uart() when the
 * hypercall returns NOT_SUPPORTED (no bulkhead underneath, e.g. bare QEMU). Output is whole
 * lines under a lock, so vCPUs never interleave within a line. */
void con_set_uart(uint64_t base);
void con_write(const char *s, size_t n);
__attribute__((format(printf, 1, 2))) void con_printf(const char *fmt, ...);
/* For the exception path: does not wait for the lock forever. */
__attribute__((format(printf, 1, 2))) void con_printf_urgent(const char *fmt, ...);

#endif
