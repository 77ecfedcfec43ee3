/* Partition configs: a DTB written by the user (docs/config.md), parsed into typed structs,
 * validated against the board (struct platform) and its isolation groups (struct group_set), and
 * resolved into a partition map that later stages consume.
 *
 * The same functions run in the hypervisor at boot and in bulkhead-check on the host, so both
 * reach the same verdict for the same inputs. The order the hypervisor calls them in:
 *
 *   platform_discover(board_fdt, &plat, &dl);           the board
 *   groups_build(&plat, pci, &gs, &dl);                  its isolation groups (after the PCI scan)
 *   board = { &plat, &pci, &gs };
 *   cfg_limits_default(&plat, &board.lim);               hypervisor region, VMIDs, IPA size
 *   config_locate(board_fdt, &plat, &staging, &blobs, &dl);   /chosen -> config blob + images
 *   board.images = &blobs;
 *   cfg_check(blobs.config, blobs.config_size, &board, &cfg, &map, &dl);   parse + validate
 *   pmap_report(&map, &plat, &gs);  diag_print(&dl);     then halt if diag_has_errors(&dl)
 *
 * bulkhead-check calls the same cfg_check(), so both reach the same verdict.
 *
 * Every error is a diagnostic (core/base/diag.h) with a cfg-* code listed in docs/config.md; nothing
 * stops at the first error except a config whose structure makes further checks meaningless (no
 * valid header, wrong compatible, no /partitions). Strings and arrays are malloc'd and owned by
 * the struct that holds them. */
#ifndef BULKHEAD_CORE_CONFIG_H
#define BULKHEAD_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/addr.h"
#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

#define CFG_COMPATIBLE "bulkhead,config-v1"
#define CFG_NAME_MAX 31                       /* partition name length */
#define CFG_IMAGE_NAME_MAX 63                 /* file name length of kernel / initrd / dtb */
#define CFG_PAGE_SIZE SZ_4K                   /* stage-2 granule: memory and MMIO alignment */
#define CFG_BLOCK_SIZE SZ_2M                  /* the allocator's alignment for 2 MiB-aligned regions */
#define CFG_MAX_BLOB_SIZE (UINT64_C(1) << 20) /* a config DTB larger than this is refused */

/* The hypervisor keeps the first CFG_HYP_REGION_SIZE bytes of the lowest RAM bank: its image at
 * +CFG_HYP_IMAGE_OFFSET (0x40400000 on QEMU virt), its heap after it, and from
 * +CFG_HYP_STAGING_OFFSET the staging area where U-Boot loads the config and the images
 * (docs/boot.md). Partitions may not overlap any of it. */
#define CFG_HYP_REGION_SIZE UINT64_C(0x08000000)
#define CFG_HYP_IMAGE_OFFSET UINT64_C(0x00400000)
#define CFG_HYP_STAGING_OFFSET UINT64_C(0x04000000)

/* ---- The parsed config: what the user wrote, typed, not yet checked against the board ---- */

enum cfg_console {
	CFG_CONSOLE_VIRTUAL, /* an emulated PL011 at the board console's address (the default) */
	CFG_CONSOLE_NONE,
};

struct cfg_mem {
	char *path;    /* config node path, e.g. "/partitions/guest/memory@40000000" */
	ipa_t ipa;     /* `reg` base: where the partition sees it */
	uint64_t size; /* `reg` size */
	bool has_phys; /* `phys` given: a fixed physical base */
	pa_t phys;
};

/* Properties that were present but malformed: the matching "missing" rule is not reported again. */
#define CFG_BAD_CPUS (1u << 0)
#define CFG_BAD_MEMORY (1u << 1)
#define CFG_BAD_DEVICES (1u << 2)
#define CFG_BAD_KERNEL (1u << 3)

struct cfg_partition {
	char *name;     /* the node name under /partitions */
	char *path;     /* "/partitions/NAME" */
	bool host;      /* `host;` */
	uint64_t *cpus; /* `cpus`: MPIDR affinity values, as written */
	size_t n_cpus;
	struct cfg_mem *mem; /* `memory@IPA` child nodes, in DT order */
	size_t n_mem;
	char **devices; /* `devices`: "/dt/path" or "pci:SSSS:BB:DD.F", as written */
	size_t n_devices;
	char **trusted; /* `trusted-devices`: subset of devices whose un-translated DMA is accepted */
	size_t n_trusted;
	char **manages; /* `manages`: partitions it may stop, start and restart (docs/guest-abi.md) */
	size_t n_manages;
	char *kernel; /* image file names; NULL when absent (kernel is required) */
	char *initrd;
	char *dtb;
	char *bootargs;
	enum cfg_console console;
	unsigned bad; /* CFG_BAD_* */
};

/* One partition's view of a shared-memory channel (`/channels/NAME/PARTITION`, docs/config.md). */
struct cfg_chan_map {
	char *partition; /* the node name: a partition of /partitions */
	char *path;      /* "/channels/NAME/PARTITION" */
	bool has_ipa;
	ipa_t ipa;      /* `ipa`: where this partition sees the channel */
	bool read_only; /* `access = "read-only"` */
	bool dma;       /* `dma;`: its DMA masters may reach the channel */
	bool has_doorbell;
	uint32_t doorbell; /* `doorbell`: INTID of the SPI raised in this partition when a peer rings */
	bool bad;          /* a property was malformed (reported): no further rule about it */
};

/* A shared-memory channel (`/channels/NAME`). */
struct cfg_channel {
	char *name;
	char *path;
	bool has_size;
	uint64_t size;
	struct cfg_chan_map *maps; /* in DT order */
	size_t n_maps;
};

struct config {
	struct cfg_partition *parts;
	size_t n_parts;
	struct cfg_channel *channels; /* `/channels` children, in DT order */
	size_t n_channels;
};

/* Parse a config DTB of `size` bytes. Returns false after recording errors; `cfg` then holds what
 * could be read (possibly nothing) and must still be released with cfg_free(). */
bool cfg_parse(const void *blob, size_t size, struct config *cfg, struct diag_list *dl);
void cfg_free(struct config *cfg);

/* ---- What the board gives partitions, beyond struct platform ---- */

struct cfg_limits {
	struct mem_range hyp; /* RAM the hypervisor keeps for itself */
	unsigned vmids;       /* how many partitions can have a VMID: 255 with 8-bit VMIDs (0 unused) */
	unsigned ipa_bits;    /* stage-2 input size: no IPA at or above 2^ipa_bits */
};

/* hyp = the first CFG_HYP_REGION_SIZE bytes of the lowest RAM bank; vmids and ipa_bits as
 * cfg_limits_for_cpu() gives them for a cortex-a57 (PARange 44 bits, 8-bit VMIDs): 255 VMIDs and
 * the 40-bit IPA space stage 2 is built with (VTCR_GUEST_IPA_BITS). bulkhead-check uses these;
 * the hypervisor then calls cfg_limits_for_cpu() with its CPU's ID registers. */
#define CFG_DEFAULT_PARANGE 4 /* ID_AA64MMFR0_EL1.PARange of cortex-a57: 44 bits */
void cfg_limits_default(const struct platform *plat, struct cfg_limits *lim);
/* ipa_bits and vmids exactly as stage 2 will use them on a CPU with these ID registers (the
 * same vtcr_compute() partition creation calls). */
void cfg_limits_for_cpu(struct cfg_limits *lim, uint64_t id_aa64mmfr0, uint64_t id_aa64mmfr1);

/* ---- The boot-time inputs: where U-Boot put the config and the images (core/config/config_load.c) ---- */

struct cfg_image {
	const char *name; /* file name: a property name of /chosen/bulkhead-images (in the board FDT) */
	uint64_t pa;      /* where U-Boot loaded it */
	uint64_t size;
	const void *data; /* the same bytes as seen by the caller (through the staging window) */
};

struct config_blobs {
	const void *config; /* the config DTB, header checked */
	uint64_t config_pa;
	size_t config_size; /* its totalsize */
	struct cfg_image *images;
	size_t n_images;
};

/* A range of physical memory the caller can read, and where: [pa, pa + size) is at ptr. The
 * hypervisor maps RAM 1:1, so it passes its own region with ptr = (const void *)pa; tests pass a
 * buffer standing in for RAM. */
struct cfg_window {
	uint64_t pa;
	uint64_t size;
	const void *ptr;
};

/* Read /chosen/bulkhead,config (<addr-hi addr-lo>) and /chosen/bulkhead-images (one property per
 * file, <addr-hi addr-lo size-hi size-lo>) from the board FDT. Every blob must lie in RAM and
 * inside `staging`; the config must be a DTB no larger than CFG_MAX_BLOB_SIZE. */
bool config_locate(const void *board_fdt, const struct platform *plat, const struct cfg_window *staging,
		   struct config_blobs *out, struct diag_list *dl);
void config_blobs_free(struct config_blobs *b);
/* The image called `name`, or NULL. */
const struct cfg_image *config_find_image(const struct config_blobs *b, const char *name);

/* ---- The resolved partition map: what the partition runtime and the SMMU driver consume ---- */

#define PMAP_HYPERVISOR (-1) /* owner of the console, GIC, SMMUs, PCI host bridges, timer */
#define PMAP_NOBODY \
	(-2) /* owner of what no partition may touch: a DMA master no IOMMU translates
			      * that no partition names (or anything unnamed when there is no host) */

struct pmap_mem {
	ipa_t ipa;
	pa_t pa;
	uint64_t size;
	bool fixed;     /* pa came from the config's `phys`; otherwise the allocator chose it */
	bool allocated; /* pa is valid (false only in an invalid map: no free RAM was found) */
};

struct pmap_device {
	size_t device; /* index into platform.devices */
	int master;    /* index into group_set.masters when it masters DMA, else -1 */
	bool named;    /* named in the config's `devices` (false: the host's by default) */
	bool trusted;  /* DMA without IOMMU coverage, accepted through `trusted-devices` */
};

/* A PCI function on the partition's virtual PCI host bridge (core/pci/vpci.h). */
struct pmap_pci {
	size_t fn;                           /* index into the PCI topology */
	char name[PCI_NAME_LEN];             /* its physical "SSSS:BB:DD.F" */
	uint8_t vdevfn;                      /* on virtual bus 0 */
	uint32_t intx;                       /* GIC INTID of its INTx, 0 when it has none */
	struct mem_range bars[PCI_MAX_BARS]; /* presented memory BARs at their CPU addresses (size 0: none) */
};

struct pmap_partition {
	char *name;
	bool host;
	unsigned index; /* position in the config = position in partition_map.parts */
	size_t *cpus;   /* indices into platform.cpus; vCPU i runs on cpus[i] */
	size_t n_cpus;
	struct pmap_mem *mem; /* in config order; no two overlap in IPA or PA */
	size_t n_mem;
	size_t *groups; /* indices into group_set.groups, ascending: whole groups only */
	size_t n_groups;
	size_t *masters; /* indices into group_set.masters of every DMA master in those groups */
	size_t n_masters;
	struct pmap_device *devices; /* platform devices it owns (DMA or not), ascending device index */
	size_t n_devices;
	uint32_t *spis; /* SPI INTIDs of those devices and of its PCI functions' INTx, ascending, each
			 * owned by this partition only */
	size_t n_spis;
	struct pmap_pci *pci; /* the endpoints of its groups, by virtual devfn (bridges stay bulkhead's) */
	size_t n_pci;
	uint64_t pci_ecam_ipa; /* its virtual ECAM window (VPCI_ECAM_SIZE bytes), when n_pci */
	char *kernel;          /* image names; NULL when absent */
	char *initrd;
	char *dtb;
	char *bootargs;
	enum cfg_console console;
	uint32_t manages;                   /* bit i: it may stop, start and restart partition i (`manages`) */
	struct pmap_part_channel *channels; /* the channels it maps, in the order of /channels */
	size_t n_channels;
};

/* A channel as a partition maps it: the channel's placement, copied for partition creation. */
struct pmap_part_channel {
	size_t channel;   /* index into partition_map.channels */
	const char *name; /* the channel's name (owned by partition_map.channels) */
	ipa_t ipa;
	pa_t pa;
	uint64_t size;
	bool read_only;
	bool dma;
	uint32_t doorbell;
};

/* A shared-memory channel: physical memory of its own, in no partition's memory regions. */
struct pmap_channel {
	char *name;
	uint64_t size;
	pa_t pa;
	bool allocated; /* pa is valid (false only in an invalid map) */
	size_t *parts;  /* the partitions that map it, in config order of the channel's nodes */
	size_t n_parts;
};

struct partition_map {
	struct pmap_partition *parts;
	size_t n_parts;
	size_t host;      /* index of the host partition (valid maps only) */
	int *group_owner; /* per group_set.groups entry: partition index or PMAP_NOBODY */
	size_t n_groups;
	int *master_owner;    /* per group_set.masters entry: the partition holding it (naming it,
				   * or the host by default when an IOMMU isolates it, else
				   * PMAP_NOBODY); differs from its group's owner only in
				   * an invalid map, where a group is split */
	bool *master_trusted; /* per group_set.masters entry: in its owner's trusted-devices */
	size_t n_masters;
	int *device_owner; /* per platform.devices entry: partition index, PMAP_HYPERVISOR or
				   * PMAP_NOBODY (a DMA master's is its master_owner) */
	size_t n_devices;
	struct pmap_channel *channels; /* in the order of /channels */
	size_t n_channels;
	struct mem_range hyp; /* the hypervisor's region the map was checked against */
	bool valid;           /* no error in the config (parse and validation) */
};

/* Everything cfg_validate() checks a config against. */
struct cfg_board {
	const struct platform *plat;
	const struct pci_topology *pci; /* may be NULL: no PCI functions (BARs not checked) */
	const struct group_set *gs;     /* may be NULL: no DMA masters known */
	struct cfg_limits lim;
	const struct config_blobs *images; /* may be NULL: image presence not checked (the checker
					    * without --images) */
	/* The board DTB plat was read from; may be NULL: the partitions' device trees are not
	 * measured (validate_guest_dt.c). */
	const void *fdt;
};

/* Check `cfg` against the board and build the map. Returns map->valid. The map is filled as far
 * as it can be even when invalid (for the report); release it with pmap_free(). */
bool cfg_validate(const struct config *cfg, const struct cfg_board *board, struct partition_map *map,
		  struct diag_list *dl);
void pmap_free(struct partition_map *map);

/* cfg_parse + cfg_validate: the verdict. When the config has no partition to check (bad header,
 * wrong compatible, no /partitions) the map is left empty. */
bool cfg_check(const void *blob, size_t size, const struct cfg_board *board, struct config *cfg,
	       struct partition_map *map, struct diag_list *dl);

/* The console block (docs/console.md, "partition map"): one line per partition, per memory
 * region, per owned group and per owned non-DMA device, then a verdict line. */
void pmap_report(const struct partition_map *map, const struct platform *plat, const struct group_set *gs);

const char *cfg_console_name(enum cfg_console c);

#endif
