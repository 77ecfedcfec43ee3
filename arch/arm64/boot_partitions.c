/* From a validated partition map to running partitions. */
#include <string.h>

#include "arch/arm64/hyp.h"
#include "arch/arm64/partition.h"
#include "core/addr.h"
#include "core/config.h"
#include "core/log.h"

static struct partition_rt partitions[MAX_PARTITIONS];

static void add_mmio(struct partition_spec *s, uint64_t base, uint64_t size)
{
	uint64_t lo = align_down(base, SZ_4K), hi = align_up(base + size, SZ_4K);

	for (unsigned i = 0; i < s->n_mmio; i++)
		if (ranges_overlap(lo, hi - lo, s->mmio[i].pa, s->mmio[i].size))
			return; /* validation guarantees the page is this partition's anyway */
	if (s->n_mmio < PART_MAX_MMIO)
		s->mmio[s->n_mmio++] = (struct part_mmio){ lo, hi - lo };
}

static bool spec_from_map(const struct pmap_partition *mp, const struct platform *plat,
			  const struct config_blobs *blobs, struct partition_spec *s)
{
	const struct cfg_image *k = mp->kernel ? config_find_image(blobs, mp->kernel) : NULL;
	const struct cfg_image *rd = mp->initrd ? config_find_image(blobs, mp->initrd) : NULL;

	memset(s, 0, sizeof(*s));
	s->name = mp->name;
	s->vmid = mp->index + 1; /* VMID 0 is never used by a partition */
	s->is_host = mp->host;
	if (mp->n_cpus > PART_MAX_VCPUS || mp->n_mem > PART_MAX_MEM || mp->n_devices > PART_MAX_DEVICES) {
		log_printf("partition %s: more CPUs, memory regions or devices than this build supports\n", mp->name);
		return false;
	}
	s->n_vcpus = (unsigned)mp->n_cpus;
	for (size_t i = 0; i < mp->n_cpus; i++)
		s->pcpu[i] = (unsigned)mp->cpus[i];
	s->n_mem = (unsigned)mp->n_mem;
	for (size_t i = 0; i < mp->n_mem; i++)
		s->mem[i] = (struct part_mem){ ipa_val(mp->mem[i].ipa), pa_val(mp->mem[i].pa), mp->mem[i].size };
	for (size_t i = 0; i < mp->n_devices; i++) {
		const struct plat_device *d = &plat->devices[mp->devices[i].device];

		s->devices[s->n_devices++] = d->path;
		for (size_t r = 0; r < d->n_regs; r++)
			add_mmio(s, d->regs[r].base, d->regs[r].size);
	}
	if (!k) {
		log_printf("partition %s: kernel image \"%s\" was not loaded\n", mp->name, mp->kernel ? mp->kernel : "");
		return false;
	}
	s->kernel = (struct part_blob){ k->data, k->size };
	if (rd)
		s->initrd = (struct part_blob){ rd->data, rd->size };
	s->bootargs = mp->bootargs;
	return true;
}

unsigned boot_partitions(const void *board_fdt, const struct platform *plat, const struct partition_map *map,
			 const struct config_blobs *blobs)
{
	unsigned started = 0;

	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++) {
		struct partition_spec spec;
		struct partition_rt *p = &partitions[i];

		if (!spec_from_map(&map->parts[i], plat, blobs, &spec) || !partition_create(p, &spec, board_fdt, plat)) {
			log_printf("partition %s: not started\n", map->parts[i].name);
			continue;
		}
		for (unsigned v = 0; v < spec.n_vcpus; v++)
			if (spec.pcpu[v] < MAX_CPUS)
				cpu_vcpu[spec.pcpu[v]] = (struct vcpu_ref){ p, v };
		started++;
	}
	/* Start only once every CPU knows its vCPU: a partition's CPU_ON may target any of them. */
	for (size_t i = 0; i < map->n_parts && i < MAX_PARTITIONS; i++)
		if (partitions[i].dtb)
			partition_start(&partitions[i]);
	return started;
}
