/* What the hypervisor needs to run one partition, resolved from a validated config: which
 * physical CPUs run its vCPUs, where its memory is (IPA -> PA), which device registers it may
 * touch, and its images. The partition runtime (arch/arm64/partition*.c) consumes only this. */
#ifndef BULKHEAD_CORE_PARTITION_H
#define BULKHEAD_CORE_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How many partitions this build runs at once; validation refuses more, so the checker and the
 * hypervisor agree on it. */
#define PART_MAX_PARTITIONS 8
#define PART_MAX_VCPUS 8
#define PART_MAX_MEM 8
#define PART_MAX_MMIO 128
#define PART_MAX_DEVICES 128 /* a host partition gets every unassigned device */
#define PART_MAX_SPIS 128
/* Shared-memory channels (docs/config.md, "Channels"): how many a config may have, how many one
 * partition may map, and how large one may be. */
#define CHANNEL_MAX 16
#define PART_MAX_CHANNELS 8
#define CHANNEL_MAX_SIZE (UINT64_C(64) << 20)

struct part_mem {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
};

/* A passed-through register window of an assigned device (mapped IPA == PA). */
struct part_mmio {
	uint64_t pa;
	uint64_t size;
};

#define PART_MAX_PCI 16
#define PCI_MAX_BARS 6

/* An assigned PCI function as the partition's DT describes it (compatible
 * "bulkhead,pci-function"): its memory BARs at their CPU addresses, mapped 1:1. */
struct part_pci_fn {
	char bdf[16];  /* "SSSS:BB:DD.F" */
	unsigned host; /* platform.pci_hosts index */
	uint8_t bus, devfn;
	bool is_bridge; /* kept by bulkhead: never quiesced or reset for the partition */
	uint16_t vendor, device;
	uint32_t class_code;
	unsigned n_bars;
	unsigned bar_index[PCI_MAX_BARS];
	uint64_t bar_cpu[PCI_MAX_BARS];
	uint64_t bar_size[PCI_MAX_BARS];
};

/* A physical SPI of an assigned device: forwarded to the partition's virtual GIC with
 * hardware-backed list registers. */
struct part_spi {
	uint32_t intid;
	bool edge; /* trigger from the board DT (before the guest programs GICD_ICFGR) */
};

/* The emulated PL011 a partition sees (config `console = "virtual"`): at the board console's
 * address, its interrupt an emulated SPI of the partition's virtual GIC. */
struct part_vuart {
	bool present;
	uint64_t base;
	uint64_t size;
	uint32_t intid;
};

/* A shared-memory channel as this partition maps it: Normal memory at `ipa`, writable unless
 * read_only, never executable; `doorbell` is the emulated edge SPI raised in this partition when
 * another partition on the channel rings. */
struct part_channel {
	const char *name;
	unsigned id; /* index into the config's channels */
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	bool read_only;
	bool dma; /* its DMA masters may reach the channel (config `dma;`) */
	uint32_t doorbell;
};

/* The doorbell GPIO controller of a partition that maps channels (docs/guest-abi.md, "Channels"):
 * an emulated PL061 at a fixed IPA beside the management window, its interrupt a fixed emulated
 * level SPI (the highest INTID the virtual GIC holds). Line k is the partition's channel k
 * (channels[k]), pulsed when a peer rings it; PART_MAX_CHANNELS lines are enough. */
#define CHANNEL_GPIO_IPA UINT64_C(0x09f02000)
#define CHANNEL_GPIO_SIZE UINT64_C(0x1000)
#define CHANNEL_GPIO_INTID 511u

struct part_blob {
	const void *data; /* the pristine copy, kept for restarts */
	size_t size;
};

struct vpci_bus; /* core/pci/vpci.h */

struct partition_spec {
	const char *name;
	unsigned vmid;
	bool is_host;
	unsigned n_vcpus;
	unsigned pcpu[PART_MAX_VCPUS]; /* board CPU index (DT order) running vCPU i */
	struct part_mem mem[PART_MAX_MEM];
	unsigned n_mem;
	struct part_mmio mmio[PART_MAX_MMIO];
	unsigned n_mmio;
	const char *devices[PART_MAX_DEVICES]; /* board DT paths copied into the guest DT */
	unsigned n_devices;
	struct part_pci_fn pci[PART_MAX_PCI];
	unsigned n_pci;
	/* Its virtual PCI host bridge: described in its DT (a pci-host-ecam-generic node) when set
	 * and holding functions. Only set by a runtime that traps the bridge's ECAM window. */
	const struct vpci_bus *vpci;
	struct part_blob kernel;
	struct part_blob initrd;
	const char *bootargs;
	struct part_spi spis[PART_MAX_SPIS]; /* SPIs of its devices, each owned by this partition only */
	unsigned n_spis;
	struct part_vuart vuart;
	unsigned index;     /* position in the config (console input focus: Ctrl-] N) */
	uint32_t manages;   /* bit i: it may stop, start and restart partition i (config `manages`) */
	bool s2_pages_only; /* a stream of it is on an SMMU that needs 4 KiB pages (smmu_needs_pages_only) */
	struct part_channel channels[PART_MAX_CHANNELS];
	unsigned n_channels;
};

/* IPA -> PA for [ipa, ipa + len) (len 0: one byte) when it lies within one memory region of the
 * partition; false otherwise. */
bool part_ipa_to_pa(const struct partition_spec *s, uint64_t ipa, uint64_t len, uint64_t *pa);

/* The channel mapped at `ipa` in this partition, or NULL. */
const struct part_channel *part_channel_at(const struct partition_spec *s, uint64_t ipa);

/* What the partition's DMA masters may reach through an SMMU (a stage-1 mirror of its memory map,
 * or a stage 2 of their own: core/partition/part_maps.h): every memory region, read-write, and each channel whose
 * mapping says `dma;`, read-only when the mapping is. Never a channel without `dma;`. Returns
 * the number of windows written (at most `max`). */
struct part_dma_window {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	bool write;
};
#define PART_MAX_DMA_WINDOWS (PART_MAX_MEM + PART_MAX_CHANNELS)
unsigned part_dma_windows(const struct partition_spec *s, struct part_dma_window *out, unsigned max);

#endif
