#include "core/vdev/psci_emul.h"

#include <string.h>

void psci_state_reset(struct psci_state *s, unsigned n_vcpus, uint64_t entry, uint64_t context)
{
	memset(s, 0, sizeof(*s));
	s->n_vcpus = n_vcpus > PART_MAX_VCPUS ? PART_MAX_VCPUS : n_vcpus;
	s->vcpu[0].power = VCPU_ON_PENDING;
	s->vcpu[0].entry = entry;
	s->vcpu[0].context = context;
}

bool psci_is_psci_fid(uint64_t fid)
{
	/* Standard Secure Service Calls, PSCI's range: 0x84000000-0x8400001f, and the SMC64 twins. */
	return (fid & ~UINT64_C(0x4000001f)) == 0x84000000u && (fid >> 32) == 0;
}

int psci_target_vcpu(const struct psci_state *s, uint64_t mpidr)
{
	/* vCPUs are numbered by Aff0 alone: any higher affinity bit names nobody. */
	if (mpidr & ~UINT64_C(0xff))
		return -1;
	return mpidr < s->n_vcpus ? (int)mpidr : -1;
}

static struct psci_result ret(int64_t v)
{
	return (struct psci_result){ .ret = v, .action = PSCI_ACT_NONE };
}

static int64_t features(uint64_t fid)
{
	switch (fid) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

static struct psci_result cpu_on(struct psci_state *s, uint64_t mpidr, uint64_t entry, uint64_t ctx,
				 bool (*entry_ok)(void *, uint64_t), void *octx)
{
	int t = psci_target_vcpu(s, mpidr);

	if (t < 0)
		return ret(PSCI_RET_INVALID_PARAMETERS);
	if (s->vcpu[t].power == VCPU_ON)
		return ret(PSCI_RET_ALREADY_ON);
	if (s->vcpu[t].power == VCPU_ON_PENDING)
		return ret(PSCI_RET_ON_PENDING);
	if (entry_ok && !entry_ok(octx, entry))
		return ret(PSCI_RET_INVALID_ADDRESS);
	s->vcpu[t].power = VCPU_ON_PENDING;
	s->vcpu[t].entry = entry;
	s->vcpu[t].context = ctx;
	return (struct psci_result){ .ret = PSCI_RET_SUCCESS, .action = PSCI_ACT_WAKE, .target = (unsigned)t };
}

static struct psci_result affinity_info(const struct psci_state *s, uint64_t mpidr, uint64_t level)
{
	int t;

	if (level != 0)
		return ret(PSCI_RET_INVALID_PARAMETERS);
	t = psci_target_vcpu(s, mpidr);
	if (t < 0)
		return ret(PSCI_RET_INVALID_PARAMETERS);
	switch (s->vcpu[t].power) {
	case VCPU_ON:
		return ret(PSCI_AFFINITY_ON);
	case VCPU_ON_PENDING:
		return ret(PSCI_AFFINITY_ON_PENDING);
	default:
		return ret(PSCI_AFFINITY_OFF);
	}
}

struct psci_result psci_handle(struct psci_state *s, unsigned caller, uint64_t fid, uint64_t a1, uint64_t a2,
			       uint64_t a3, bool (*entry_ok)(void *ctx, uint64_t ipa), void *ctx)
{
	switch (fid) {
	case PSCI_FN_VERSION:
		return ret(PSCI_VERSION_1_0);
	case PSCI_FN_FEATURES:
		/* An SMC32 call: the callee ignores the upper halves of x1-x3. */
		return ret(features(a1 & 0xffffffffu));
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN64_CPU_SUSPEND:
		/* A dedicated CPU has nothing better to do: a standby that wakes at once is valid. */
		return ret(PSCI_RET_SUCCESS);
	case PSCI_FN_CPU_OFF:
		if (caller >= s->n_vcpus)
			return ret(PSCI_RET_DENIED);
		s->vcpu[caller].power = VCPU_OFF;
		return (struct psci_result){ .ret = PSCI_RET_SUCCESS, .action = PSCI_ACT_CPU_OFF, .target = caller };
	case PSCI_FN_CPU_ON:
		return cpu_on(s, a1 & 0xffffffffu, a2 & 0xffffffffu, a3 & 0xffffffffu, entry_ok, ctx);
	case PSCI_FN64_CPU_ON:
		return cpu_on(s, a1, a2, a3, entry_ok, ctx);
	case PSCI_FN_AFFINITY_INFO:
		return affinity_info(s, a1 & 0xffffffffu, a2 & 0xffffffffu);
	case PSCI_FN64_AFFINITY_INFO:
		return affinity_info(s, a1, a2);
	case PSCI_FN_MIGRATE_INFO_TYPE:
		return ret(PSCI_MIGRATE_NOT_PRESENT);
	case PSCI_FN_SYSTEM_OFF:
		return (struct psci_result){ .ret = PSCI_RET_SUCCESS, .action = PSCI_ACT_SYSTEM_OFF };
	case PSCI_FN_SYSTEM_RESET:
		return (struct psci_result){ .ret = PSCI_RET_SUCCESS, .action = PSCI_ACT_SYSTEM_RESET };
	default:
		return ret(PSCI_RET_NOT_SUPPORTED);
	}
}
