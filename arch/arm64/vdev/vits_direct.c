/* GICv4.0 direct injection (vits_direct.h). */
#include "arch/arm64/vdev/vits_direct.h"

#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/cpu/time.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/vdev/vits_glue.h"
#include "core/hw/gicv4.h"
#include "core/base/log.h"
#include "core/hw/its_cmd.h"

#define ID_BITS VITS_GUEST_LPI_ID_BITS
/* How long the GIC may take to write a vPE's state out once made non-resident (issue 13: every
 * wait on hardware bounded). */
#define VPE_SAVE_WAIT_NS UINT64_C(10000000)

static const struct gicv4_mem_attr heap_attr = { GIC_MEM_CACHE_WAWB, GIC_MEM_INNER_SHAREABLE };

static struct vpe {
	uint8_t *vpt;  /* virtual pending table: written by the GIC */
	uint8_t *prop; /* property bytes, vLPI n at prop[n - 8192] */
	bool resident;
	bool mapped;
	bool zeroed;  /* the pending table holds nothing: made resident with PendingLast clear */
	bool unsaved; /* Dirty never cleared: the GIC may still write the pending table */
} vpes[MAX_CPUS];
static unsigned n_vpes;
static bool enabled;

bool vits_direct_init(unsigned n_cpus, const char **why)
{
	for (unsigned c = 0; c < n_cpus && c < MAX_CPUS && c < ITS_MAX_VPES; c++) {
		struct vpe *e = &vpes[c];

		e->vpt = aligned_alloc(GICV4_VPT_ALIGN, GICV4_VPT_ALIGN);
		e->prop = aligned_alloc(GICV4_VPROP_ALIGN, gicv4_vprop_bytes(ID_BITS));
		if (!e->vpt || !e->prop) {
			*why = "no memory for the vPE tables";
			return false;
		}
		memset(e->vpt, 0, gicv4_vpt_bytes(ID_BITS));
		memset(e->prop, 0, gicv4_vprop_bytes(ID_BITS));
		e->zeroed = true;
		n_vpes = c + 1;
	}
	dsb_ish();
	enabled = n_vpes == n_cpus;
	if (!enabled)
		*why = "more CPUs than vPEs";
	return enabled;
}

bool vits_direct_enabled(void)
{
	return enabled;
}

void vits_direct_load_here(void)
{
	unsigned me = this_cpu()->index;
	uint32_t proc_num;
	uint64_t rd;
	struct vpe *e;

	if (!enabled || me >= n_vpes || vpes[me].resident || !gic_redist_info(me, &proc_num, &rd))
		return;
	e = &vpes[me];
	*(volatile uint64_t *)(uintptr_t)(rd + GICR_VPROPBASER) =
		gicv4_vpropbaser((uint64_t)(uintptr_t)e->prop, ID_BITS, heap_attr);
	dsb_ish();
	/* A zeroed table: its IMPLEMENTATION DEFINED area is valid (IDAI clear), nothing pending.
	 * One the GIC saved last (a vCPU started again within the same boot, after CPU_OFF) may
	 * hold vLPIs that arrived meanwhile: PendingLast makes the GIC scan it. */
	*(volatile uint64_t *)(uintptr_t)(rd + GICR_VPENDBASER) =
		gicv4_vpendbaser_resident((uint64_t)(uintptr_t)e->vpt, heap_attr, !e->zeroed, false);
	dsb_ish();
	e->resident = true;
	e->zeroed = false;
}

void vits_direct_unload_here(void)
{
	unsigned me = this_cpu()->index;
	uint64_t deadline, rd;
	uint32_t proc_num;
	volatile uint64_t *reg;

	if (!enabled || me >= n_vpes || !vpes[me].resident || !gic_redist_info(me, &proc_num, &rd))
		return;
	reg = (volatile uint64_t *)(uintptr_t)(rd + GICR_VPENDBASER);
	*reg = GICV4_VPENDBASER_NOT_RESIDENT;
	dsb_ish();
	vpes[me].resident = false;
	deadline = time_now_ns() + VPE_SAVE_WAIT_NS;
	while (gicv4_vpendbaser_busy(*reg)) {
		if (time_now_ns() > deadline) {
			vpes[me].unsaved = true;
			log_printf("its: cpu %u: timeout: vPE %u still Dirty %llu ms after GICR_VPENDBASER.Valid "
				   "was cleared: its pending table is not cleared on stop\n",
				   me, me, (unsigned long long)(VPE_SAVE_WAIT_NS / 1000000));
			return;
		}
	}
	vpes[me].unsaved = false;
}

bool vits_direct_scrub(struct gicv3_its *its, unsigned pcpu)
{
	struct vpe *e = pcpu < n_vpes ? &vpes[pcpu] : NULL;

	if (!enabled || !e)
		return true;
	if (e->resident || e->unsaved)
		return false;
	/* Anything the ITS translated before its events were discarded has reached the table. */
	if (e->mapped && its_vsync(its, (uint16_t)pcpu) != ITS_OK)
		return false;
	memset(e->vpt, 0, gicv4_vpt_bytes(ID_BITS));
	memset(e->prop, 0, gicv4_vprop_bytes(ID_BITS));
	dsb_ish();
	e->zeroed = true;
	/* No property byte the redistributor cached from the last boot survives either. */
	return !e->mapped || its_vinvall(its, (uint16_t)pcpu) == ITS_OK;
}

/* CPU pcpu's vPE mapped (VMAPP the first time), with vlpi's property byte; NULL if it cannot be. */
static struct vpe *vpe_ready(struct gicv3_its *its, unsigned pcpu, uint32_t vlpi, uint8_t prop, enum its_status *st)
{
	struct vpe *e = pcpu < n_vpes ? &vpes[pcpu] : NULL;

	*st = ITS_E_RANGE;
	if (!enabled || !e || vlpi < GICV4_VLPI_FIRST || vlpi >= (1u << ID_BITS))
		return NULL;
	if (!e->mapped) {
		*st = its_vmapp(its, (uint16_t)pcpu, pcpu, pa((uint64_t)(uintptr_t)e->vpt), ID_BITS);
		if (*st != ITS_OK)
			return NULL;
		e->mapped = true;
	}
	e->prop[vlpi - GICV4_VLPI_FIRST] = prop;
	dsb_ish();
	*st = ITS_OK;
	return e;
}

enum its_status vits_direct_map(struct gicv3_its *its, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned pcpu,
				uint8_t prop)
{
	enum its_status st;

	if (!vpe_ready(its, pcpu, vlpi, prop, &st))
		return st;
	return its_vmapti(its, pdevid, eventid, (uint16_t)pcpu, vlpi, ITS_DOORBELL_NONE);
}

enum its_status vits_direct_move(struct gicv3_its *its, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned pcpu,
				 uint8_t prop)
{
	enum its_status st;

	if (!vpe_ready(its, pcpu, vlpi, prop, &st))
		return st;
	return its_vmovi(its, pdevid, eventid, (uint16_t)pcpu, ITS_DOORBELL_NONE);
}

enum its_status vits_direct_clear(struct gicv3_its *its, uint32_t pdevid, uint32_t eventid, unsigned pcpu)
{
	if (!enabled || pcpu >= n_vpes || !vpes[pcpu].mapped)
		return ITS_E_RANGE;
	return its_vclear(its, pdevid, eventid, (uint16_t)pcpu);
}

unsigned vits_direct_take_pending(unsigned pcpu, uint32_t *vlpi, unsigned max)
{
	/* resident changes on the vPE's own CPU only. Should the vCPU start right after this look,
	 * the GIC may take a vLPI from the table (PendingLast) before it is cleared here as well: it
	 * is then delivered twice, once at each vCPU, never lost. */
	if (!enabled || pcpu >= n_vpes || vpes[pcpu].resident || vpes[pcpu].unsaved)
		return 0;
	dsb_ish(); /* the GIC's save of the table is complete (Dirty was seen clear) */
	return gicv4_vpt_take_pending((uint64_t *)vpes[pcpu].vpt, ID_BITS, vlpi, max);
}

void vits_direct_copy_prop(unsigned pcpu, uint32_t vlpi, uint8_t prop)
{
	if (enabled && pcpu < n_vpes && vlpi >= GICV4_VLPI_FIRST && vlpi < (1u << ID_BITS))
		vpes[pcpu].prop[vlpi - GICV4_VLPI_FIRST] = prop;
}

enum its_status vits_direct_invall(struct gicv3_its *its, unsigned pcpu)
{
	if (!enabled || pcpu >= n_vpes || !vpes[pcpu].mapped)
		return ITS_OK; /* nothing mapped: nothing cached */
	dsb_ish();
	return its_vinvall(its, (uint16_t)pcpu);
}
