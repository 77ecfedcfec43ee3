/* Decoding an emulated-MMIO data abort and describing a device's refusal (vdev.h). */
#include "core/vdev/vdev.h"

#include "core/base/bitfield.h"
#include "core/base/format.h"
#include "core/hw/esr.h"

void vdev_access_decode(uint64_t esr, uint64_t ipa, uint64_t xt, struct vdev_access *a)
{
	*a = (struct vdev_access){ .ipa = ipa, .fault = VDEV_FAULT_NONE };
	if (esr & ESR_ELx_CM) {
		a->kind = VDEV_CACHE_OP;
		return;
	}
	if (!(esr & ESR_ELx_ISV) || (esr & ESR_ELx_S1PTW)) {
		a->kind = VDEV_NO_SYNDROME;
		return;
	}
	a->kind = VDEV_LOAD_STORE;
	a->size = 1u << FIELD_GET(ESR_ELx_SAS, esr);
	a->rt = (unsigned)FIELD_GET(ESR_ELx_SRT, esr);
	a->write = (esr & ESR_ELx_WNR) != 0;
	a->sse = (esr & ESR_ELx_SSE) != 0;
	a->sf = (esr & ESR_ELx_SF) != 0;
	a->val = a->write && a->rt != 31 ? xt : 0;
	if (a->write && a->size < 8)
		a->val &= (UINT64_C(1) << (8 * a->size)) - 1;
}

uint64_t vdev_load_result(const struct vdev_access *a)
{
	uint64_t v = a->val;

	if (a->size < 8) {
		unsigned bits = 8 * a->size;

		v &= (UINT64_C(1) << bits) - 1;
		if (a->sse && (v >> (bits - 1)) & 1)
			v |= ~UINT64_C(0) << bits;
	}
	if (!a->sf)
		v &= 0xffffffffu;
	return v;
}

enum vdev_outcome vdev_not_load_store(struct vdev_access *a, const char *device)
{
	if (a->kind == VDEV_CACHE_OP)
		return VDEV_HANDLED;
	a->fault = VDEV_FAULT_NO_SYNDROME;
	a->device = device;
	return VDEV_FAULT;
}

enum vdev_outcome vdev_refuse(struct vdev_access *a, const char *device)
{
	a->fault = VDEV_FAULT_REFUSED;
	a->device = device;
	return VDEV_FAULT;
}

void vdev_fault_describe(const struct vdev_access *a, char *buf, size_t size)
{
	const char *device = a->device ? a->device : "emulated device";

	if (!size)
		return;
	switch (a->fault) {
	case VDEV_FAULT_NO_SYNDROME:
		fmt_snprintf(buf, size, "%s: access without a valid syndrome (not a single load or store)", device);
		return;
	case VDEV_FAULT_REFUSED:
		fmt_snprintf(buf, size, "%s: %u-byte %s at IPA 0x%llx not allowed", device, a->size,
			     a->write ? "write" : "read", (unsigned long long)a->ipa);
		return;
	case VDEV_FAULT_NONE:
		break;
	}
	fmt_snprintf(buf, size, "%s: no fault", device);
}
