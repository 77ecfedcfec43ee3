#include "core/hw/gic_lr.h"

struct gic_lr gic_lr_decode(uint64_t v)
{
	struct gic_lr lr = {
		.state = (enum gic_lr_state)FIELD_GET(ICH_LR_STATE, v),
		.hw = (v & ICH_LR_HW) != 0,
		.group1 = (v & ICH_LR_GROUP) != 0,
		.priority = (uint8_t)FIELD_GET(ICH_LR_PRIORITY, v),
		.vintid = (uint32_t)FIELD_GET(ICH_LR_VINTID, v),
	};

	if (lr.hw)
		lr.pintid = (uint32_t)FIELD_GET(ICH_LR_PINTID, v);
	else
		lr.eoi = (v & ICH_LR_EOI) != 0;
	return lr;
}

bool gic_lr_valid(const struct gic_lr *lr)
{
	if (lr->vintid >= GIC_INTID_SPECIAL_FIRST && lr->vintid < 1024)
		return false;
	if ((unsigned)lr->state > GIC_LR_PENDING_ACTIVE)
		return false;
	if (lr->hw)
		return !lr->eoi && lr->pintid >= 16 && lr->pintid < GIC_INTID_SPECIAL_FIRST;
	return true;
}

struct gic_vtr gic_vtr_decode(uint64_t vtr)
{
	unsigned idb = (unsigned)FIELD_GET(ICH_VTR_IDBITS, vtr);

	return (struct gic_vtr){
		.n_lrs = (unsigned)FIELD_GET(ICH_VTR_LISTREGS, vtr) + 1,
		.pri_bits = (unsigned)FIELD_GET(ICH_VTR_PRIBITS, vtr) + 1,
		.pre_bits = (unsigned)FIELD_GET(ICH_VTR_PREBITS, vtr) + 1,
		.id_bits = idb == 0   ? 16
			   : idb == 1 ? 24
				      : 0,
		.seis = (vtr & ICH_VTR_SEIS) != 0,
		.a3v = (vtr & ICH_VTR_A3V) != 0,
		.nv4 = (vtr & ICH_VTR_NV4) != 0,
		.tds = (vtr & ICH_VTR_TDS) != 0,
		.dvim = (vtr & ICH_VTR_DVIM) != 0,
	};
}

uint8_t gic_pri_mask(unsigned pri_bits)
{
	if (pri_bits == 0 || pri_bits >= 8)
		return 0xff;
	return (uint8_t)(0xffu << (8 - pri_bits));
}
