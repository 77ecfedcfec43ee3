/* PSCI as a partition sees it: a pure state machine over the partition's vCPU power states.
 * The caller holds the partition's lock, applies the returned action (wake a vCPU, park the
 * caller, stop or restart the partition) and puts `ret` in the guest's x0. */
#ifndef BULKHEAD_CORE_PSCI_EMUL_H
#define BULKHEAD_CORE_PSCI_EMUL_H

#include <stdint.h>

#include "core/partition/partition.h"

#define PSCI_FN_VERSION 0x84000000u
#define PSCI_FN_CPU_SUSPEND 0x84000001u
#define PSCI_FN64_CPU_SUSPEND 0xc4000001u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN_CPU_ON 0x84000003u
#define PSCI_FN64_CPU_ON 0xc4000003u
#define PSCI_FN_AFFINITY_INFO 0x84000004u
#define PSCI_FN64_AFFINITY_INFO 0xc4000004u
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_FN_SYSTEM_OFF 0x84000008u
#define PSCI_FN_SYSTEM_RESET 0x84000009u
#define PSCI_FN_FEATURES 0x8400000au

#define PSCI_RET_SUCCESS 0
#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INVALID_ADDRESS (-9)

#define PSCI_VERSION_1_0 0x10000
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2
#define PSCI_MIGRATE_NOT_PRESENT 2 /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */

enum vcpu_power { VCPU_OFF, VCPU_ON_PENDING, VCPU_ON };

struct psci_vcpu {
	enum vcpu_power power;
	uint64_t entry; /* for ON_PENDING: where it starts, and its x0 */
	uint64_t context;
};

struct psci_state {
	unsigned n_vcpus;
	struct psci_vcpu vcpu[PART_MAX_VCPUS];
};

enum psci_action {
	PSCI_ACT_NONE,         /* just return ret */
	PSCI_ACT_WAKE,         /* vCPU `target` became ON_PENDING: wake its physical CPU */
	PSCI_ACT_CPU_OFF,      /* the caller is now OFF: park it, do not return to the guest */
	PSCI_ACT_SYSTEM_OFF,   /* stop the whole partition */
	PSCI_ACT_SYSTEM_RESET, /* restart the whole partition from fresh images */
};

struct psci_result {
	int64_t ret;
	enum psci_action action;
	unsigned target;
};

/* All vCPUs off except vCPU 0, which is pending at `entry` with x0 = `context`. */
void psci_state_reset(struct psci_state *s, unsigned n_vcpus, uint64_t entry, uint64_t context);

/* Handle one PSCI call from vCPU `caller`. Returns false if fid is not a PSCI function at all
 * (the caller then answers NOT_SUPPORTED without any action). `entry_ok` says whether an entry
 * address lies in the partition's memory. */
bool psci_is_psci_fid(uint64_t fid);
struct psci_result psci_handle(struct psci_state *s, unsigned caller, uint64_t fid, uint64_t a1, uint64_t a2,
			       uint64_t a3, bool (*entry_ok)(void *ctx, uint64_t ipa), void *ctx);

/* The vCPU a CPU_ON / AFFINITY_INFO target MPIDR names (Aff0 = vCPU number), or -1. */
int psci_target_vcpu(const struct psci_state *s, uint64_t mpidr);

#endif
