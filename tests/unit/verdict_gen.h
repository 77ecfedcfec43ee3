/* Random plausible configs and the creation oracle they are judged by, shared by the seeded unit
 * test (tests/unit/test_verdict_agree.c), the libFuzzer target (fuzz/fuzz_verdict.c) and the QEMU
 * scenario's config generator (`test_verdict_agree gen`). No cmocka here: a broken invariant
 * aborts.
 *
 * Every choice the generator makes comes from a vg_source: a seeded xorshift generator, or the
 * bytes of a fuzzer input (so coverage steers the choices; past the end every choice is 0). */
#ifndef BULKHEAD_TESTS_VERDICT_GEN_H
#define BULKHEAD_TESTS_VERDICT_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/base/diag.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"

struct vg_source {
	uint64_t rng; /* used when data is NULL */
	const uint8_t *data;
	size_t len, pos;
};

void vg_seed(struct vg_source *s, uint64_t seed);
void vg_bytes(struct vg_source *s, const uint8_t *data, size_t len);
/* A choice in [0, n). */
unsigned vg_below(struct vg_source *s, unsigned n);

/* What the configs are generated for. */
enum vg_profile {
	/* The limits board (tests/unit/fixtures/limits/board.dts: 10 CPUs, 129 devices, 17 PCI
	 * functions behind an SMMUv3, 2 GiB of RAM): region, vCPU, device, PCI function and
	 * partition counts at and over each limit, memory against the 40-bit IPA limit, kernels
	 * that do or do not fit, bootargs around the old 64 KiB device tree buffer and (on the board
	 * with a big node) the 2 MiB limit. */
	VG_LIMITS,
	/* make run's QEMU machine (4 CPUs, 2 GiB) with the probe payload: what a bare-metal boot can
	 * run, with a few ways to be refused (CPU shared, too many regions, IPA out of range). */
	VG_QEMU,
};

/* Writes one config DTB into buf (cap bytes); returns its size. Aborts when cap is too small. */
size_t vg_make_config(struct vg_source *src, enum vg_profile profile, void *buf, size_t cap);
/* A buffer size that always holds vg_make_config's output. */
#define VG_CONFIG_CAP (3u << 20)

/* The limits board as every caller reads it, and the images its configs name: small.bin (a 2 MiB
 * kernel), big.bin (33 MiB in memory) and initrd (5 MiB). */
struct vg_board {
	void *fdt;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct config_blobs blobs;
};

/* big_node: the same board with VG_BIG_NODE bytes more in the node of VG_BIG_NODE_PATH. */
void vg_board_load(struct vg_board *b, bool big_node);
#define VG_BIG_NODE ((1024 + 64) * 1024)
#define VG_BIG_NODE_PATH "/dev@a010000"
/* Configs this large (long bootargs) are compared on the big-node board as well. */
#define VG_LONG_CONFIG (512 * 1024)
void vg_board_free(struct vg_board *b);

enum vg_verdict {
	VG_VALID_CREATED,     /* accepted, and created in full */
	VG_REFUSED_UNCREATED, /* refused only for what creation cannot do, and creation failed */
	VG_REFUSED_OTHER,     /* refused for something creation does not check: not compared */
	VG_DISAGREE,          /* the checker and creation differ: printed to `why` */
};

/* The config through validation (cfg_check, as bulkhead-check and the boot run it) and through a
 * host build of partition creation: the creation plan, its virtual PCI bus, image layout, stage-2
 * tables, the partition's device tree, and the SMMU stream assignment with each owner's stage-1
 * DMA mirror (what the boot does short of touching hardware). */
enum vg_verdict vg_compare(const struct vg_board *b, const void *cfg, size_t size, FILE *why);

#endif
