/* From a validated partition map to running partitions (boot_partitions.c). */
#ifndef BULKHEAD_ARCH_BOOT_PARTITIONS_H
#define BULKHEAD_ARCH_BOOT_PARTITIONS_H

struct partition_map;
struct config_blobs;
struct group_set;
struct pci_topology;
struct platform;

/* What the boot CPU hands the partition runtime once the config is validated. */
struct boot_inputs {
	const void *board_fdt;
	const struct platform *plat;
	const struct pci_topology *pci;
	const struct group_set *groups;
	const struct partition_map *map;
	const struct config_blobs *blobs;
};

/* Create every partition of the map, confine DMA, start them; returns how many were started. */
unsigned boot_partitions(const struct boot_inputs *in);

#endif
