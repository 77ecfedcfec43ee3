/* A partition's CPU stage 2 and its devices' tables (core/partition/part_maps.h), built in fake
 * physical memory and read back with pgtable_lookup. What must hold: the devices' stage 2 maps the
 * MSI doorbell page (the vITS translation page's IPA -> the physical GITS_TRANSLATER page),
 * write-only and Device-nGnRE; the CPUs' stage 2 maps nothing of the vITS frame (a CPU's access
 * traps to the emulation); memory is in both; assigned device registers and channels without
 * `dma;` only in the CPUs'. Expected descriptor fields from the Arm ARM (VMSAv8-64 stage 2
 * block and page descriptors): [0] valid, [1] page at level 3, MemAttr [5:2] (0b0001
 * Device-nGnRE, 0b1111 Normal write-back), S2AP [7:6] (0b01 read, 0b10 write, 0b11 both), AF
 * [10], output address [47:12], XN [54:53] (0b10: not executable). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition/part_maps.h"

#define FAKE_PA_BASE UINT64_C(0x0000009000000000)
#define MAX_BLOCKS 256

static struct {
	void *ptr;
	uint64_t pa;
	unsigned pages;
} blocks[MAX_BLOCKS];
static unsigned n_blocks;
static uint64_t next_pa;

static void *fake_alloc(void *ctx, unsigned pages, pa_t *out)
{
	size_t bytes = (size_t)pages * 4096;

	(void)ctx;
	assert_true(n_blocks < MAX_BLOCKS);
	blocks[n_blocks].ptr = aligned_alloc(bytes, bytes);
	assert_non_null(blocks[n_blocks].ptr);
	next_pa = (next_pa + bytes - 1) & ~(uint64_t)(bytes - 1);
	blocks[n_blocks].pa = next_pa;
	blocks[n_blocks].pages = pages;
	*out = pa(next_pa);
	next_pa += bytes;
	return blocks[n_blocks++].ptr;
}

static unsigned find(uint64_t addr)
{
	for (unsigned i = 0; i < n_blocks; i++)
		if (blocks[i].ptr && addr >= blocks[i].pa && addr - blocks[i].pa < (uint64_t)blocks[i].pages * 4096)
			return i;
	fail_msg("no table at fake PA 0x%llx", (unsigned long long)addr);
	return 0;
}

static void *fake_ptr(void *ctx, pa_t addr)
{
	unsigned i = find(pa_val(addr));

	(void)ctx;
	return (char *)blocks[i].ptr + (pa_val(addr) - blocks[i].pa);
}

static void fake_free(void *ctx, void *ptr, pa_t addr, unsigned pages)
{
	unsigned i = find(pa_val(addr));

	(void)ctx;
	(void)pages;
	assert_ptr_equal(blocks[i].ptr, ptr);
	free(ptr);
	blocks[i].ptr = NULL;
}

static const struct pgtable_alloc fake = { fake_alloc, fake_free, fake_ptr, NULL };

/* QEMU virt's ITS: frame at 0x8080000, its translation page (GITS_TRANSLATER at +0x40) at
 * 0x8090000; the partition's virtual ITS at the same IPA. */
#define ITS_FRAME UINT64_C(0x8080000)
#define DOORBELL UINT64_C(0x8090000)
#define MEM_IPA UINT64_C(0x80000000)
#define MEM_PA UINT64_C(0x100000000)
#define MEM_SIZE UINT64_C(0x400000)
#define BAR_PA UINT64_C(0x10000000)
#define CHAN_DMA_IPA UINT64_C(0xc0000000)
#define CHAN_CPU_IPA UINT64_C(0xc0100000)

static struct partition_spec spec(void)
{
	struct partition_spec s;

	memset(&s, 0, sizeof(s));
	s.name = "guest";
	s.mem[0] = (struct part_mem){ MEM_IPA, MEM_PA, MEM_SIZE };
	s.n_mem = 1;
	s.mmio[0] = (struct part_mmio){ BAR_PA, 0x4000 };
	s.n_mmio = 1;
	s.channels[0] = (struct part_channel){ .name = "dmachan",
					       .ipa = CHAN_DMA_IPA,
					       .pa = UINT64_C(0x98000000),
					       .size = 0x10000,
					       .read_only = true,
					       .dma = true };
	s.channels[1] = (struct part_channel){
		.name = "cpuchan", .ipa = CHAN_CPU_IPA, .pa = UINT64_C(0x98100000), .size = 0x10000
	};
	s.n_channels = 2;
	return s;
}

static void build(struct pgtable *pt, enum pgtable_stage stage, bool devices, const struct part_doorbell *db)
{
	struct partition_spec s = spec();

	assert_int_equal(pgtable_init(pt, stage, stage == PGTABLE_STAGE2 ? 40 : PGTABLE_EL2_VA_BITS, &fake),
			 PGTABLE_OK);
	if (devices)
		assert_int_equal(part_map_dma(pt, &s, db), PGTABLE_OK);
	else
		assert_int_equal(part_map_cpu(pt, &s), PGTABLE_OK);
}

static bool mapped(const struct pgtable *pt, uint64_t ipa, struct pgtable_mapping *m)
{
	int r = pgtable_lookup(pt, ipa, m);

	assert_true(r == PGTABLE_OK || r == PGTABLE_ERR_NOT_MAPPED);
	return r == PGTABLE_OK;
}

static int setup(void **state)
{
	(void)state;
	n_blocks = 0;
	next_pa = FAKE_PA_BASE;
	return 0;
}

static void test_devices_stage2_has_the_doorbell(void **state)
{
	const struct part_doorbell db = { DOORBELL, DOORBELL };
	struct pgtable dev, cpu;
	struct pgtable_mapping m;

	(void)state;
	build(&dev, PGTABLE_STAGE2, true, &db);
	build(&cpu, PGTABLE_STAGE2, false, NULL);
	/* GITS_TRANSLATER through the devices' stage 2: the physical ITS's page, one 4 KiB page. */
	assert_true(mapped(&dev, DOORBELL + 0x40, &m));
	assert_int_equal(pa_val(m.out), DOORBELL + 0x40);
	assert_int_equal(m.level, 3);
	assert_int_equal(m.desc & 3, 3);
	assert_int_equal((m.desc >> 2) & 0xf, 0x1); /* Device-nGnRE */
	assert_int_equal((m.desc >> 6) & 3, 2);     /* S2AP: write only */
	assert_int_equal((m.desc >> 10) & 1, 1);    /* AF */
	assert_int_equal(m.desc & UINT64_C(0x0000fffffffff000), DOORBELL);
	assert_int_equal((m.desc >> 53) & 3, 2); /* XN */
	/* Only that page: the vITS control page and the next page are not mapped. */
	assert_false(mapped(&dev, ITS_FRAME, &m));
	assert_false(mapped(&dev, DOORBELL - 0x1000, &m));
	assert_false(mapped(&dev, DOORBELL + 0x1000, &m));
	/* The CPUs' stage 2 holds nothing of the vITS frame: their stores trap to the emulation. */
	for (uint64_t a = ITS_FRAME; a < ITS_FRAME + 0x20000; a += 0x1000)
		assert_false(mapped(&cpu, a, &m));
	pgtable_destroy(&dev);
	pgtable_destroy(&cpu);
}

static void test_memory_in_both_registers_and_cpu_channels_in_cpus_only(void **state)
{
	struct pgtable dev, cpu;
	struct pgtable_mapping m;

	(void)state;
	build(&dev, PGTABLE_STAGE2, true, NULL);
	build(&cpu, PGTABLE_STAGE2, false, NULL);
	/* Memory: Normal write-back, read/write for devices. */
	assert_true(mapped(&dev, MEM_IPA + MEM_SIZE - 8, &m));
	assert_int_equal(pa_val(m.out), MEM_PA + MEM_SIZE - 8);
	assert_int_equal((m.desc >> 2) & 0xf, 0xf);
	assert_int_equal((m.desc >> 6) & 3, 3);
	assert_true(mapped(&cpu, MEM_IPA, &m));
	assert_int_equal(pa_val(m.out), MEM_PA);
	/* The `dma;` channel, read-only as configured, in both; the other in the CPUs' only. */
	assert_true(mapped(&dev, CHAN_DMA_IPA, &m));
	assert_int_equal((m.desc >> 6) & 3, 1);
	assert_true(mapped(&cpu, CHAN_DMA_IPA, &m));
	assert_false(mapped(&dev, CHAN_CPU_IPA, &m));
	assert_true(mapped(&cpu, CHAN_CPU_IPA, &m));
	assert_int_equal((m.desc >> 6) & 3, 3);
	/* Assigned device registers: the CPUs', at IPA == PA; no peer-to-peer for devices. */
	assert_true(mapped(&cpu, BAR_PA, &m));
	assert_int_equal((m.desc >> 2) & 0xf, 0x1);
	assert_false(mapped(&dev, BAR_PA, &m));
	/* No virtual ITS: no doorbell. */
	assert_false(mapped(&dev, DOORBELL, &m));
	pgtable_destroy(&dev);
	pgtable_destroy(&cpu);
}

static void test_stage1_mirror_has_the_doorbell_read_write(void **state)
{
	const struct part_doorbell db = { DOORBELL, DOORBELL };
	struct pgtable s1;
	struct pgtable_mapping m;

	(void)state;
	build(&s1, PGTABLE_STAGE1_EL2, true, &db);
	/* Stage 1 cannot express write-only (AP[2] chooses read-only or read/write). */
	assert_true(mapped(&s1, DOORBELL + 0x40, &m));
	assert_int_equal(pa_val(m.out), DOORBELL + 0x40);
	assert_int_equal(m.mem, PTE_MEM_DEVICE_nGnRE);
	assert_int_equal(m.perms, PTE_PERM_RW);
	assert_false(mapped(&s1, ITS_FRAME, &m));
	assert_false(mapped(&s1, CHAN_CPU_IPA, &m));
	pgtable_destroy(&s1);
}

static void test_doorbell_over_memory_is_refused(void **state)
{
	const struct part_doorbell db = { MEM_IPA, DOORBELL };
	struct partition_spec s = spec();
	struct pgtable dev;

	(void)state;
	assert_int_equal(pgtable_init(&dev, PGTABLE_STAGE2, 40, &fake), PGTABLE_OK);
	assert_int_equal(part_map_dma(&dev, &s, &db), PGTABLE_ERR_EXISTS);
	pgtable_destroy(&dev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_devices_stage2_has_the_doorbell, setup),
		cmocka_unit_test_setup(test_memory_in_both_registers_and_cpu_channels_in_cpus_only, setup),
		cmocka_unit_test_setup(test_stage1_mirror_has_the_doorbell_read_write, setup),
		cmocka_unit_test_setup(test_doorbell_over_memory_is_refused, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
