/* Creating a partition: its stage-2 tables, its device tree, and its memory contents. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/hyp.h"
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/cpu/sysreg.h"
#include "core/base/diag.h"
#include "core/partition/guest_dt.h"
#include "core/base/log.h"
#include "core/hw/pte.h"
#include "core/hw/vtcr.h"

#include "core/partition/guest_image.h"

uint64_t guest_vtcr;
static unsigned guest_ipa_bits;

static bool setup_vtcr(void)
{
	struct vtcr_config cfg;

	if (guest_vtcr)
		return true;
	if (vtcr_compute(read_id_aa64mmfr0_el1(), read_id_aa64mmfr1_el1(), VTCR_GUEST_IPA_BITS, &cfg) != 0) {
		log_printf("partitions: cannot derive VTCR_EL2 from this CPU's ID registers\n");
		return false;
	}
	guest_vtcr = cfg.vtcr_el2;
	guest_ipa_bits = cfg.ipa_bits;
	log_printf("stage-2: %u-bit IPA, %u-bit PA, %u-bit VMIDs, VTCR_EL2 0x%llx\n", cfg.ipa_bits, cfg.pa_bits,
		   cfg.vmid_bits, (unsigned long long)cfg.vtcr_el2);
	return true;
}

static bool build_stage2(struct partition_rt *p)
{
	const struct partition_spec *s = &p->spec;
	int err = pgtable_init(&p->s2, PGTABLE_STAGE2, guest_ipa_bits, &heap_page_alloc);

	/* The SMMU shares these tables: some cannot walk blocks (Tegra, docs/smmuv2.md). */
	p->s2.pages_only = s->s2_pages_only;
	for (unsigned i = 0; i < s->n_mem && !err; i++)
		err = pgtable_map(&p->s2, s->mem[i].ipa, pa(s->mem[i].pa), s->mem[i].size, PTE_MEM_NORMAL,
				  PTE_PERM_RWX);
	/* Assigned device registers appear at their physical address (IPA == PA). */
	for (unsigned i = 0; i < s->n_mmio && !err; i++)
		err = pgtable_map(&p->s2, s->mmio[i].pa, pa(s->mmio[i].pa), s->mmio[i].size, PTE_MEM_DEVICE_nGnRE,
				  PTE_PERM_RW);
	if (err) {
		log_printf("partition %s: stage-2 tables: %s\n", s->name, pgtable_strerror(err));
		return false;
	}
	p->vttbr = vttbr_el2_value(pgtable_root_pa(&p->s2), s->vmid);
	return true;
}

bool partition_ipa_to_pa(const struct partition_rt *p, uint64_t ipa_addr, uint64_t len, uint64_t *out)
{
	for (unsigned i = 0; i < p->spec.n_mem; i++) {
		const struct part_mem *m = &p->spec.mem[i];

		if (range_within(ipa_addr, len ? len : 1, m->ipa, m->size)) {
			*out = m->pa + (ipa_addr - m->ipa);
			return true;
		}
	}
	return false;
}

/* The virtual GIC and the console every partition gets; the board-wide halves once. */
static bool emulated_devices_init(struct partition_rt *p, const struct platform *plat)
{
	static bool global_done, gic_ok;

	if (!global_done) {
		global_done = true;
		gic_ok = vgic_global_init(plat);
		vuart_global_init(plat);
	}
	if (!gic_ok) {
		log_printf("partition %s: needs a GICv3 with virtualization, which this board lacks\n", p->spec.name);
		return false;
	}
	if (!vgic_partition_init(p))
		return false;
	vuart_init(p);
	return true;
}

bool partition_create(struct partition_rt *p, const struct partition_spec *spec, const void *board_fdt,
		      const struct platform *plat)
{
	struct diag_list dl;
	const char *why;
	void *buf;
	bool ok;

	memset(p, 0, sizeof(*p));
	p->spec = *spec;
	p->state = PART_STOPPED;
	if (!setup_vtcr() || !build_stage2(p))
		return false;
	if (!arm64_image_parse(spec->kernel.data, spec->kernel.size, &p->img, &why)) {
		log_printf("partition %s: kernel image: %s\n", spec->name, why);
		return false;
	}
	/* The DTB's size depends on the layout (initrd range) only through fixed-size properties,
	 * so lay out with the buffer size, build, then lay out again with the real size. */
	if (!guest_layout_compute(&spec->mem[0], &p->img, spec->initrd.size, GUEST_DTB_BUF, &p->layout, &why)) {
		log_printf("partition %s: %s\n", spec->name, why);
		return false;
	}
	buf = malloc(GUEST_DTB_BUF);
	diag_init(&dl);
	ok = buf && guest_dt_build(spec, board_fdt, plat, &p->layout, buf, GUEST_DTB_BUF, &dl);
	diag_print(&dl);
	diag_free(&dl);
	if (!ok) {
		free(buf);
		return false;
	}
	p->dtb = buf;
	p->dtb_size = fdt_totalsize(buf);
	if (!emulated_devices_init(p, plat)) {
		free(buf);
		p->dtb = NULL;
		return false;
	}
	log_printf("partition %s: vmid %u, kernel at IPA 0x%llx (%zu bytes), dtb at 0x%llx (%zu bytes), stage-2 %zu "
		   "KiB\n",
		   spec->name, spec->vmid, (unsigned long long)p->layout.kernel_ipa, spec->kernel.size,
		   (unsigned long long)p->layout.dtb_ipa, p->dtb_size, pgtable_count_tables(&p->s2) * 4);
	return true;
}

static void copy_in(struct partition_rt *p, uint64_t ipa_addr, const void *src, size_t len, const char *what)
{
	uint64_t dst;

	if (!len)
		return;
	if (!partition_ipa_to_pa(p, ipa_addr, len, &dst)) {
		log_printf("partition %s: %s does not fit its memory\n", p->spec.name, what);
		return;
	}
	memcpy((void *)dst, src, len);
}

void partition_load(struct partition_rt *p)
{
	copy_in(p, p->layout.kernel_ipa, p->spec.kernel.data, p->spec.kernel.size, "kernel");
	copy_in(p, p->layout.initrd_ipa, p->spec.initrd.data, p->spec.initrd.size, "initrd");
	copy_in(p, p->layout.dtb_ipa, p->dtb, p->dtb_size, "device tree");
	/* Guests start with caches off: what we wrote must be in memory, not only in our cache. */
	dsb_sy();
	p->boots++;
}
