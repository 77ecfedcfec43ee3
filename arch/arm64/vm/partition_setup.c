/* Creating a partition: its stage-2 tables, its device tree, and its memory contents. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/mm/heap_pages.h"
#include "arch/arm64/vm/guest_irqs.h"
#include "arch/arm64/vm/partition_setup.h"
#include "arch/arm64/vm/stage2.h"
#include "core/base/diag.h"
#include "core/base/log.h"
#include "core/hw/pte.h"
#include "core/hw/vtcr.h"
#include "core/partition/guest_dt.h"

#include "core/partition/guest_image.h"

/* The virtual GIC and the console every partition gets; the board-wide halves once. */
/* Ctrl-] s: the exit statistics of the partition whose console has the input. */
static void console_stats(struct vuart *c)
{
	exit_stats_report((struct partition_rt *)((char *)c - offsetof(struct partition_rt, vuart)));
}

/* The DMA gate of its virtual PCI Command registers: no function masters before every block of
 * the partition's memory is prepared. */
static void prepare_before_dma(void *ctx)
{
	guest_mem_prepare_all(ctx);
}

static bool emulated_devices_init(struct partition_rt *p, const struct platform *plat)
{
	static bool global_done, gic_ok;

	if (!global_done) {
		global_done = true;
		gic_ok = vgic_global_init(plat);
		vuart_global_init(plat);
		vuart_set_stats_hook(console_stats);
	}
	if (!gic_ok) {
		log_printf("partition %s: needs a GICv3 with virtualization, which this board lacks\n", p->spec.name);
		return false;
	}
	if (!vgic_partition_init(&p->vgic, &p->spec, guest_spi_irq, p))
		return false;
	vuart_init(&p->vuart, &p->spec, &p->vgic);
	part_log_init(&p->log, p->spec.name);
	p->vpci.before_master = prepare_before_dma;
	p->vpci.before_master_ctx = &p->mem;
	if (!vits_part_init(&p->vits, &p->vgic, &p->spec, plat, &p->log))
		return false;
	p->vits.mem = &p->mem;
	return true;
}

bool partition_create(struct partition_rt *p, const struct partition_spec *spec, const void *board_fdt,
		      const struct platform *plat)
{
	struct diag_list dl;
	const char *why;
	void *buf;

	memset(p, 0, sizeof(*p));
	p->spec = *spec;
	p->plat = plat;
	p->state = PART_STOPPED;
	if (!stage2_setup_vtcr() || !stage2_build(p))
		return false;
	if (!arm64_image_parse(spec->kernel.data, spec->kernel.size, &p->img, &why)) {
		log_printf("partition %s: kernel image: %s\n", spec->name, why);
		return false;
	}
	/* The layout reserves the 2 MiB slot any tree of up to GUEST_DTB_MAX takes; the tree then
	 * gets a buffer of exactly its size (validation measured it with the same code). */
	if (!guest_layout_compute(&spec->mem[0], &p->img, spec->initrd.size, GUEST_DTB_MAX, &p->layout, &why)) {
		log_printf("partition %s: %s\n", spec->name, why);
		return false;
	}
	diag_init(&dl);
	buf = guest_dt_create(spec, board_fdt, plat, &p->layout, &p->dtb_size, &dl);
	diag_print(&dl);
	diag_free(&dl);
	if (!buf)
		return false;
	p->dtb = buf;
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
