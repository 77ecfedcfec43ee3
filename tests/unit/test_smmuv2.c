/* drivers/smmu/smmuv2.c driven against the register model (tests/unit/smmuv2_model.c), with
 * partitions' stage-2 tables built by core/mm/pgtable in fake physical memory that the model
 * walks with the architectural descriptor format.
 *
 * What must hold: each partition's device translates into its own memory only; an unassigned
 * stream faults; another partition's memory faults; nothing ever bypasses; Tegra's instances
 * hold identical programming after every operation; a restart's TLBIVMID drops stale
 * translations of that VMID only. Expected register words are from the spec's field positions
 * (see test_smmuv2_desc.c's header), not from the driver. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/hw/smr.h"
#include "core/hw/vtcr.h"
#include "core/mm/pgtable.h"
#include "core/partition/part_maps.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "drivers/smmu/smmuv2.h"
#include "tests/unit/fixture.h"
#include "tests/unit/smmuv2_model.h"

#define FAKE_PA_BASE 0x0000009000000000ull
#define MAX_BLOCKS 1200

/* ---- fake physical memory for the tables ---- */

struct block {
	void *ptr;
	uint64_t pa;
	unsigned pages;
};

static struct block blocks[MAX_BLOCKS];
static size_t n_blocks;
static uint64_t next_pa;

static void *fake_alloc(void *ctx, unsigned pages, pa_t *out)
{
	size_t bytes = (size_t)pages * 4096;
	struct block *b;

	(void)ctx;
	assert_true(n_blocks < MAX_BLOCKS);
	b = &blocks[n_blocks++];
	b->ptr = aligned_alloc(bytes, bytes);
	assert_non_null(b->ptr);
	next_pa = (next_pa + bytes - 1) & ~(uint64_t)(bytes - 1);
	b->pa = next_pa;
	b->pages = pages;
	next_pa += bytes;
	*out = pa(b->pa);
	return b->ptr;
}

static struct block *find(uint64_t addr)
{
	for (size_t i = 0; i < n_blocks; i++)
		if (blocks[i].ptr && addr >= blocks[i].pa && addr - blocks[i].pa < (uint64_t)blocks[i].pages * 4096)
			return &blocks[i];
	fail_msg("no table at fake PA 0x%llx", (unsigned long long)addr);
	return NULL;
}

static void *fake_ptr(void *ctx, pa_t addr)
{
	struct block *b = find(pa_val(addr));

	(void)ctx;
	return (char *)b->ptr + (pa_val(addr) - b->pa);
}

static void fake_free(void *ctx, void *ptr, pa_t addr, unsigned pages)
{
	struct block *b = find(pa_val(addr));

	(void)ctx;
	(void)pages;
	assert_ptr_equal(b->ptr, ptr);
	free(b->ptr);
	b->ptr = NULL;
}

static const struct pgtable_alloc fake_alloc_ops = { fake_alloc, fake_free, fake_ptr, NULL };

static uint64_t read_desc(void *ctx, uint64_t addr)
{
	return *(uint64_t *)fake_ptr(ctx, pa(addr));
}

/* ---- partitions ---- */

#define IPA_BASE 0x80000000ull
#define PA_A 0x100000000ull
#define PA_B 0x200000000ull
#define MEM_SIZE 0x200000ull /* 2 MiB: one block unless pages_only */
#define VMID_A 1
#define VMID_B 2

struct env {
	struct smmuv2_model m;
	struct smmuv2 s;
	struct smmuv2_params params;
	struct pgtable s2a, s2b;
	struct vtcr_config vtcr;
	unsigned cb_a, cb_b;
};

static const struct smmuv2_ops model_ops = { model_read32, model_write32, model_barrier };

static void build_s2(struct pgtable *pt, unsigned ipa_bits, uint64_t out, bool pages_only)
{
	assert_int_equal(pgtable_init(pt, PGTABLE_STAGE2, ipa_bits, &fake_alloc_ops), PGTABLE_OK);
	pt->pages_only = pages_only;
	assert_int_equal(pgtable_map(pt, IPA_BASE, pa(out), MEM_SIZE, PTE_MEM_NORMAL, PTE_PERM_RW), PGTABLE_OK);
}

static void expect_identical(const struct env *e)
{
	char why[160];

	if (!model_instances_identical(&e->m, why, sizeof(why)))
		fail_msg("instances differ: %s", why);
	assert_int_equal(e->m.bad_accesses, 0);
}

/* Model, driver probe + reset, and two partitions' tables; `n_inst` instances. */
static struct env *setup_env(unsigned n_inst, bool pages_only)
{
	struct env *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	n_blocks = 0;
	next_pa = FAKE_PA_BASE;
	model_init(&e->m, n_inst);
	e->m.read_desc = read_desc;
	/* PARange 5 (48 bits), 8-bit VMIDs, 40-bit IPA wanted. */
	assert_int_equal(vtcr_compute(5, 0, 40, &e->vtcr), VTCR_OK);
	build_s2(&e->s2a, e->vtcr.ipa_bits, PA_A, pages_only);
	build_s2(&e->s2b, e->vtcr.ipa_bits, PA_B, pages_only);
	e->params = (struct smmuv2_params){ .path = "/iommu@12000000",
					    .ops = &model_ops,
					    .ctx = &e->m,
					    .n_inst = n_inst,
					    .window_size = model_window(&e->m),
					    .mmu500 = true,
					    .nvidia = n_inst > 1 };
	assert_int_equal(smmuv2_probe(&e->s, &e->params), SMMUV2_OK);
	expect_identical(e);
	assert_int_equal(smmuv2_reset(&e->s), SMMUV2_OK);
	expect_identical(e);
	return e;
}

static void attach_both(struct env *e)
{
	assert_int_equal(smmuv2_attach_context(&e->s, VMID_A, pa_val(pgtable_root_pa(&e->s2a)), e->vtcr.vtcr_el2,
					       &e->cb_a),
			 SMMUV2_OK);
	expect_identical(e);
	assert_int_equal(smmuv2_attach_context(&e->s, VMID_B, pa_val(pgtable_root_pa(&e->s2b)), e->vtcr.vtcr_el2,
					       &e->cb_b),
			 SMMUV2_OK);
	expect_identical(e);
	assert_int_not_equal(e->cb_a, e->cb_b);
}

static void free_env(struct env *e)
{
	pgtable_destroy(&e->s2a);
	pgtable_destroy(&e->s2b);
	free(e);
}

static uint64_t dma_ok(struct env *e, unsigned inst, uint32_t sid, uint64_t iova, bool write)
{
	uint64_t out = 0;
	enum model_result r = model_dma(&e->m, inst, sid, iova, write, &out);

	if (r != MODEL_TRANSLATED)
		fail_msg("sid 0x%x IOVA 0x%llx via instance %u: result %d, expected a translation", sid,
			 (unsigned long long)iova, inst, r);
	return out;
}

static void dma_faults(struct env *e, unsigned inst, uint32_t sid, uint64_t iova, enum model_result expected)
{
	uint64_t out;

	assert_int_equal(model_dma(&e->m, inst, sid, iova, false, &out), expected);
}

/* ---- tests ---- */

static void test_reset_state(void **state)
{
	struct env *e = setup_env(2, false);

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		const struct model_inst *in = &e->m.inst[i];

		/* sCR0 from 0x1 (CLIENTPD): GFRE|GFIE|GCFGFRE|GCFGFIE|USFCFG|VMIDPNE|PTM|SMCFCFG. */
		assert_int_equal(in->scr0, 0x00201c36);
		/* sACR: CACHE_LOCK [26] cleared, SMTNMB/MMUDISB/S2CRB_TLBEN [10:8] set. */
		assert_int_equal(in->sacr, 0x00000700);
		for (unsigned n = 0; n < MODEL_SMRS; n++) {
			assert_int_equal(in->smr[n], 0);
			assert_int_equal(in->s2cr[n], 0x00020000); /* TYPE = fault */
		}
		for (unsigned cb = 0; cb < MODEL_CBS; cb++) {
			assert_int_equal(in->cb[cb].sctlr, 0);
			assert_int_equal(in->cb[cb].actlr, 0x1); /* CPRE [1] cleared, CMTLB kept */
		}
		assert_int_equal(in->gfsr, 0);  /* the firmware's leftover fault acknowledged */
		assert_true(in->tlbi_all >= 1); /* and its TLB contents dropped */
		assert_true(in->syncs >= 1);
	}
	assert_int_equal(e->s.smr_id_bits, 0x7fff);
	assert_int_equal(e->s.smr_mask_bits, 0x7fff);
	/* The firmware's bypass SMR for stream 0x7f is gone: it faults now, on either instance. */
	dma_faults(e, 0, 0x7f, 0x1000, MODEL_GLOBAL_FAULT);
	dma_faults(e, 1, 0x7f, 0x1000, MODEL_GLOBAL_FAULT);
	assert_int_equal(e->m.inst[1].gfsr, 0x2); /* USF */
	assert_int_equal(e->m.inst[1].gfsynr1, 0x7f);
	free_env(e);
}

static void test_context_programming(void **state)
{
	struct env *e = setup_env(2, false);
	uint64_t root_a;

	(void)state;
	attach_both(e);
	root_a = pa_val(pgtable_root_pa(&e->s2a));
	for (unsigned i = 0; i < 2; i++) {
		const struct model_inst *in = &e->m.inst[i];

		/* CBAR: TYPE 0 (stage 2), VMID 1, IRPTNDX 0 (one context interrupt). */
		assert_int_equal(in->cbar[e->cb_a], 0x00000001);
		assert_int_equal(in->cbar[e->cb_b], 0x00000002);
		assert_int_equal(in->cba2r[e->cb_a], 0x1); /* VA64 */
		/* 40-bit IPA, start level 1, WBWA inner shareable walks, 4 KiB, PS 5 (48 bits). */
		assert_int_equal(in->cb[e->cb_a].tcr, 0x00053558);
		assert_int_equal(in->cb[e->cb_a].ttbr0, root_a);
		assert_int_equal(in->cb[e->cb_a].sctlr, 0x67);
	}
	/* Attaching VMID 1 again reuses its bank. */
	{
		unsigned again;

		assert_int_equal(smmuv2_attach_context(&e->s, VMID_A, root_a, e->vtcr.vtcr_el2, &again), SMMUV2_OK);
		assert_int_equal(again, e->cb_a);
	}
	free_env(e);
}

static void test_isolation(void **state)
{
	struct env *e = setup_env(2, false);

	(void)state;
	attach_both(e);
	/* Tegra's stream-match-mask 0x7f80: SID bits 7-14 ignored. */
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x13, 0x7f80), SMMUV2_OK);
	expect_identical(e);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_b, 0x20, 0x7f80), SMMUV2_OK);
	expect_identical(e);
	assert_int_equal(e->m.inst[1].smr[0], 0xff800013);
	assert_int_equal(e->m.inst[1].s2cr[0], e->cb_a);

	for (unsigned i = 0; i < 2; i++) {
		/* Each device reaches its own partition's memory, at guest-physical addresses. */
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE + 0x1000, true), PA_A + 0x1000);
		assert_int_equal(dma_ok(e, i, 0x20, IPA_BASE + 0x1000, false), PA_B + 0x1000);
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE + MEM_SIZE - 8, false), PA_A + MEM_SIZE - 8);
		/* Masked bits: 0x1013 is stream 0x13 to this SMMU. */
		assert_int_equal(dma_ok(e, i, 0x1013, IPA_BASE, false), PA_A);
	}
	/* Outside its partition's memory: a translation fault in its own bank, on that instance. */
	dma_faults(e, 1, 0x13, IPA_BASE + MEM_SIZE, MODEL_CONTEXT_FAULT);
	assert_int_equal(e->m.inst[1].cb[e->cb_a].fsr, 0x2);
	assert_int_equal(e->m.inst[1].cb[e->cb_a].far, IPA_BASE + MEM_SIZE);
	assert_int_equal(e->m.inst[1].cbfrsynra[e->cb_a], 0x13);
	assert_int_equal(e->m.inst[0].cb[e->cb_a].fsr, 0);
	/* The other partition's memory, by its physical address: not in this stage 2 either. */
	dma_faults(e, 0, 0x13, PA_B + 0x1000, MODEL_CONTEXT_FAULT);
	dma_faults(e, 0, 0x20, PA_A, MODEL_CONTEXT_FAULT);
	/* A stream nobody owns: unidentified stream fault, never bypass. */
	dma_faults(e, 0, 0x55, IPA_BASE, MODEL_GLOBAL_FAULT);
	dma_faults(e, 1, 0x55, IPA_BASE, MODEL_GLOBAL_FAULT);
	assert_int_equal(e->m.inst[0].gfsr & 0x2, 0x2);
	expect_identical(e);
	free_env(e);
}

static void test_smr_conflicts(void **state)
{
	struct env *e = setup_env(1, false);
	unsigned valid = 0;

	(void)state;
	attach_both(e);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x400, 0x7f), SMMUV2_OK);
	/* Inside 0x400/0x7f, same bank: reuses that SMR. */
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x423, 0), SMMUV2_OK);
	/* The same stream for another partition: refused. */
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_b, 0x423, 0), SMMUV2_E_CONFLICT);
	/* Partial overlap (0x47f/0x80 covers 0x47f and 0x4ff): refused even for the same bank. */
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x47f, 0x80), SMMUV2_E_CONFLICT);
	/* Disjoint (bit 7 differs): fine. */
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_b, 0x480, 0x1), SMMUV2_OK);
	for (unsigned n = 0; n < MODEL_SMRS; n++)
		valid += (e->m.inst[0].smr[n] >> 31) & 1;
	assert_int_equal(valid, 2);
	/* Never two matching SMRs: 0x423 translates once, to A. */
	assert_int_equal(dma_ok(e, 0, 0x423, IPA_BASE, false), PA_A);
	assert_int_equal(dma_ok(e, 0, 0x481, IPA_BASE, false), PA_B);
	free_env(e);
}

static void test_smr_implemented_bits(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	unsigned cb;

	(void)state;
	model_init(&e->m, 1);
	e->m.smr_id_impl = 0x3ff;
	e->m.smr_mask_impl = 0x3ff;
	e->params = (struct smmuv2_params){ "/iommu", &model_ops, &e->m, 1, model_window(&e->m), true, false };
	assert_int_equal(smmuv2_probe(&e->s, &e->params), SMMUV2_OK);
	assert_int_equal(smmuv2_reset(&e->s), SMMUV2_OK);
	assert_int_equal(e->s.smr_id_bits, 0x3ff);
	assert_int_equal(e->s.smr_mask_bits, 0x3ff);
	assert_int_equal(smmuv2_attach_context(&e->s, 1, 0x1000, 0x80053558, &cb), SMMUV2_OK);
	assert_int_equal(smmuv2_add_stream(&e->s, cb, 0x400, 0), SMMUV2_E_RANGE);
	assert_int_equal(smmuv2_add_stream(&e->s, cb, 0x13, 0x7f80), SMMUV2_E_RANGE);
	assert_int_equal(smmuv2_add_stream(&e->s, cb, 0x3ff, 0x3), SMMUV2_OK);
	/* VMIDs are 8 bits (VMID16EN stays clear). */
	assert_int_equal(smmuv2_attach_context(&e->s, 0x100, 0x1000, 0x80053558, &cb), SMMUV2_E_RANGE);
	assert_int_equal(e->m.bad_accesses, 0);
	free(e);
}

/* A 40-bit SMMU (IAS = OAS = 2): a 40-bit IPA space fits, PS 48 is programmed as 40 bits; a
 * 44-bit IPA space does not fit. */
static void test_address_sizes(void **state)
{
	struct smmuv2_model m;
	struct smmuv2 s;
	struct smmuv2_params p = { "/iommu", &model_ops, &m, 1, 0, true, false };
	unsigned cb;

	(void)state;
	model_init(&m, 1);
	m.id2 = (m.id2 & ~0xffu) | 0x22;
	p.window_size = model_window(&m);
	assert_int_equal(smmuv2_probe(&s, &p), SMMUV2_OK);
	assert_int_equal(smmuv2_reset(&s), SMMUV2_OK);
	/* VTCR: T0SZ 24 (40 bits), SL0 1, WBWA, inner shareable, PS 5. */
	assert_int_equal(smmuv2_attach_context(&s, 1, 0x1000, 0x80053558, &cb), SMMUV2_OK);
	assert_int_equal(m.inst[0].cb[cb].tcr, 0x00023558); /* PASize 2 (40 bits) */
	/* T0SZ 20: 44-bit IPA. */
	assert_int_equal(smmuv2_attach_context(&s, 2, 0x1000, 0x80053554, &cb), SMMUV2_E_RANGE);
	assert_int_equal(m.bad_accesses, 0);
}

static void test_context_banks_run_out(void **state)
{
	struct env *e = setup_env(1, false);
	unsigned cb;

	(void)state;
	for (unsigned v = 1; v <= MODEL_CBS; v++)
		assert_int_equal(smmuv2_attach_context(&e->s, (uint16_t)v, 0x1000, e->vtcr.vtcr_el2, &cb), SMMUV2_OK);
	assert_int_equal(smmuv2_attach_context(&e->s, MODEL_CBS + 1, 0x1000, e->vtcr.vtcr_el2, &cb), SMMUV2_E_FULL);
	free_env(e);
}

/* Rewrite the leaf for IPA_BASE in `pt` to point `delta` further (what a stale TLB would hide). */
static void move_leaf(struct pgtable *pt, uint64_t delta)
{
	struct pgtable_mapping m;
	uint64_t *slot = NULL;
	uint64_t *table = pt->root;

	assert_int_equal(pgtable_lookup(pt, IPA_BASE, &m), PGTABLE_OK);
	/* Walk to the leaf's slot: level 1 (root, 40-bit IPA) then level 2. */
	slot = &table[(IPA_BASE >> 30) & 0x3ff];
	if ((*slot & 3) == 3 && m.level > 1) {
		table = fake_ptr(NULL, pa(*slot & 0x0000fffffffff000ull));
		slot = &table[(IPA_BASE >> 21) & 511];
		if (m.level > 2) {
			table = fake_ptr(NULL, pa(*slot & 0x0000fffffffff000ull));
			slot = &table[(IPA_BASE >> 12) & 511];
		}
	}
	assert_int_equal(*slot, m.desc);
	*slot += delta;
}

static void test_restart_invalidates(void **state)
{
	struct env *e = setup_env(2, false);
	const uint64_t moved = 0x10000000;

	(void)state;
	attach_both(e);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x13, 0), SMMUV2_OK);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_b, 0x20, 0), SMMUV2_OK);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE, true), PA_A);
		assert_int_equal(dma_ok(e, i, 0x20, IPA_BASE, true), PA_B);
	}
	move_leaf(&e->s2a, moved);
	move_leaf(&e->s2b, moved);
	/* Cached: the old translation still wins, on both instances. */
	for (unsigned i = 0; i < 2; i++)
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE, true), PA_A);
	/* Partition A restarts: its VMID only is invalidated, on every instance. */
	assert_int_equal(smmuv2_tlbi_vmid(&e->s, VMID_A), SMMUV2_OK);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(e->m.inst[i].tlbi_vmid, 3); /* two attaches and the restart */
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE, true), PA_A + moved);
		assert_int_equal(dma_ok(e, i, 0x20, IPA_BASE, true), PA_B);
	}
	expect_identical(e);
	free_env(e);
}

/* Partition A stops: its stream faults (S2CR type fault, a global fault recorded: ICF in the
 * model) on every instance, its VMID's TLB entries are gone, B translates on; A starts again:
 * its stream translates into its memory, through a fresh walk. */
static void test_stop_faults_then_start_translates(void **state)
{
	struct env *e = setup_env(2, false);
	const uint64_t moved = 0x10000000;
	unsigned tlbi_before;

	(void)state;
	attach_both(e);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x13, 0), SMMUV2_OK);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_b, 0x20, 0), SMMUV2_OK);
	for (unsigned i = 0; i < 2; i++)
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE, true), PA_A); /* now in the TLB */
	tlbi_before = e->m.inst[0].tlbi_vmid;
	assert_int_equal(smmuv2_streams_fault(&e->s, VMID_A), SMMUV2_OK);
	expect_identical(e);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(e->m.inst[i].s2cr[0], 0x20000); /* TYPE [17:16] = 0b10, fault */
		assert_int_equal(e->m.inst[i].s2cr[1], e->cb_b);
		assert_int_equal(e->m.inst[i].tlbi_vmid, tlbi_before + 1);
		dma_faults(e, i, 0x13, IPA_BASE, MODEL_GLOBAL_FAULT);
		assert_int_equal(e->m.inst[i].gfsr & 0x1, 0x1);
		assert_int_equal(dma_ok(e, i, 0x20, IPA_BASE, true), PA_B);
	}
	/* Its tables change while it is stopped (as a scrub and reload may); the restart sees them. */
	move_leaf(&e->s2a, moved);
	assert_int_equal(smmuv2_streams_translate(&e->s, VMID_A), SMMUV2_OK);
	expect_identical(e);
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(e->m.inst[i].s2cr[0], e->cb_a);
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE, true), PA_A + moved);
	}
	free_env(e);
}

static void test_sync_waits_for_every_instance(void **state)
{
	struct env *e = setup_env(2, false);
	unsigned before0 = e->m.inst[0].status_reads, before1 = e->m.inst[1].status_reads;

	(void)state;
	/* Instance 1 stays busy for 5 polls, instance 0 not at all: both are polled until 1 is done. */
	e->m.inst[1].sync_delay = 5;
	assert_int_equal(smmuv2_tlb_sync(&e->s), SMMUV2_OK);
	assert_int_equal(e->m.inst[1].status_reads - before1, 6);
	assert_int_equal(e->m.inst[0].status_reads - before0, 6);
	assert_int_equal(e->m.inst[1].sync_busy, 0);
	/* Never done: a timeout, not a hang. */
	e->m.inst[1].sync_delay = ~0u;
	assert_int_equal(smmuv2_tlb_sync(&e->s), SMMUV2_E_TIMEOUT);
	assert_int_equal(smmuv2_tlbi_vmid(&e->s, VMID_A), SMMUV2_E_TIMEOUT);
	free_env(e);
}

struct reports {
	char lines[4][200];
	unsigned inst[4];
	unsigned n;
};

static void record(void *ctx, const struct smmuv2 *s, unsigned inst, const struct smmuv2_fault *f)
{
	struct reports *r = ctx;

	(void)s;
	assert_true(r->n < 4);
	r->inst[r->n] = inst;
	smmuv2_fault_format(r->lines[r->n++], sizeof(r->lines[0]), f, f->sid == 0x13 ? "guest" : "none",
			    f->sid == 0x13 ? "/ethernet@2490000" : "unknown");
}

static void test_faults_from_every_instance(void **state)
{
	struct env *e = setup_env(2, false);
	struct reports r = { 0 };

	(void)state;
	attach_both(e);
	assert_int_equal(smmuv2_add_stream(&e->s, e->cb_a, 0x13, 0), SMMUV2_OK);
	dma_faults(e, 1, 0x55, 0x1234000, MODEL_GLOBAL_FAULT);
	dma_faults(e, 0, 0x13, IPA_BASE + MEM_SIZE, MODEL_CONTEXT_FAULT);
	assert_int_equal(smmuv2_handle_faults(&e->s, record, &r, 8), 2);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.inst[0], 0);
	assert_string_equal(r.lines[0], "CB_FSR.TF: partition guest, device /ethernet@2490000, sid 0x13: read from "
					"IOVA "
					"0x80200000: translation fault: not in the partition's memory");
	assert_int_equal(r.inst[1], 1);
	assert_string_equal(r.lines[1], "sGFSR.USF: partition none, device unknown, sid 0x55: read from IOVA "
					"0x1234000: stream ID matches no stream mapping register (not assigned)");
	/* Acknowledged where they were recorded. */
	assert_int_equal(e->m.inst[1].gfsr, 0);
	assert_int_equal(e->m.inst[0].cb[e->cb_a].fsr, 0);
	assert_int_equal(smmuv2_handle_faults(&e->s, record, &r, 8), 0);
	/* Rate limit: three faults, one report, all three acknowledged. */
	r.n = 0;
	dma_faults(e, 0, 0x55, 0, MODEL_GLOBAL_FAULT);
	dma_faults(e, 1, 0x56, 0, MODEL_GLOBAL_FAULT);
	dma_faults(e, 1, 0x13, PA_B, MODEL_CONTEXT_FAULT);
	assert_int_equal(smmuv2_handle_faults(&e->s, record, &r, 1), 3);
	assert_int_equal(r.n, 1);
	assert_int_equal(e->m.inst[0].gfsr | e->m.inst[1].gfsr | e->m.inst[1].cb[e->cb_a].fsr, 0);
	free_env(e);
}

static void test_tegra_pages_only(void **state)
{
	struct env *blocks_env = setup_env(2, false);
	struct env *pages_env;

	(void)state;
	/* With blocks, the SMMU would walk a 2 MiB block (the erratum's trigger). */
	attach_both(blocks_env);
	assert_int_equal(smmuv2_add_stream(&blocks_env->s, blocks_env->cb_a, 0x13, 0), SMMUV2_OK);
	dma_ok(blocks_env, 0, 0x13, IPA_BASE, false);
	assert_true(blocks_env->m.block_walks > 0);
	free_env(blocks_env);
	/* Tables built pages_only, as bulkhead builds them for partitions behind nvidia,smmu-500. */
	pages_env = setup_env(2, true);
	assert_true(pages_env->s.p.nvidia);
	attach_both(pages_env);
	assert_int_equal(smmuv2_add_stream(&pages_env->s, pages_env->cb_a, 0x13, 0), SMMUV2_OK);
	assert_int_equal(dma_ok(pages_env, 1, 0x13, IPA_BASE + 0x101000, false), PA_A + 0x101000);
	assert_int_equal(pages_env->m.block_walks, 0);
	free_env(pages_env);
}

/* A partition with a virtual ITS behind an MMU-500 (no stage 1 here: only stage 2 can be used).
 * Its context bank walks the devices' own stage 2 (core/partition/part_maps.h, as
 * arch/arm64/vm/smmu_dma_map.c builds it): an MSI write to the doorbell IPA reaches the physical
 * GITS_TRANSLATER page; a read of it is a permission fault (write-only). The CPUs' stage 2 of
 * the same partition, given to another bank, faults the same write: that is why the devices do
 * not share it. On a Tegra (pages only) the doorbell is found the same way, with no block walk. */
#define DOORBELL 0x8090000ull /* QEMU virt's ITS translation page; the vITS frame's IPA too */

static void doorbell_case(bool pages_only)
{
	struct env *e = setup_env(pages_only ? 2 : 1, pages_only);
	const struct part_doorbell db = { DOORBELL, DOORBELL };
	struct partition_spec spec;
	struct pgtable dev, cpu;
	unsigned cb_dev, cb_cpu, dev_block_walks = 0;
	uint64_t out;

	memset(&spec, 0, sizeof(spec));
	spec.name = "guest";
	spec.mem[0] = (struct part_mem){ IPA_BASE, PA_A, MEM_SIZE };
	spec.n_mem = 1;
	assert_int_equal(pgtable_init(&dev, PGTABLE_STAGE2, e->vtcr.ipa_bits, &fake_alloc_ops), PGTABLE_OK);
	dev.pages_only = pages_only;
	assert_int_equal(part_map_dma(&dev, &spec, &db), PGTABLE_OK);
	assert_int_equal(pgtable_init(&cpu, PGTABLE_STAGE2, e->vtcr.ipa_bits, &fake_alloc_ops), PGTABLE_OK);
	assert_int_equal(part_map_cpu(&cpu, &spec), PGTABLE_OK);
	assert_int_equal(smmuv2_attach_context(&e->s, VMID_A, pa_val(pgtable_root_pa(&dev)), e->vtcr.vtcr_el2, &cb_dev),
			 SMMUV2_OK);
	assert_int_equal(smmuv2_attach_context(&e->s, VMID_B, pa_val(pgtable_root_pa(&cpu)), e->vtcr.vtcr_el2, &cb_cpu),
			 SMMUV2_OK);
	assert_int_equal(smmuv2_add_stream(&e->s, cb_dev, 0x13, 0), SMMUV2_OK);
	assert_int_equal(smmuv2_add_stream(&e->s, cb_cpu, 0x20, 0), SMMUV2_OK);
	expect_identical(e);
	for (unsigned i = 0; i < e->s.p.n_inst; i++) {
		/* The MSI write: GITS_TRANSLATER (page + 0x40) of the physical ITS. */
		assert_int_equal(model_dma(&e->m, i, 0x13, DOORBELL + 0x40, true, &out), MODEL_TRANSLATED);
		assert_int_equal(out, DOORBELL + 0x40);
		/* Memory as before, at guest-physical addresses. */
		assert_int_equal(dma_ok(e, i, 0x13, IPA_BASE + 0x1000, true), PA_A + 0x1000);
		/* Reading the doorbell: a permission fault (CB_FSR.PF) in the devices' bank. */
		assert_int_equal(model_dma(&e->m, i, 0x13, DOORBELL + 0x40, false, &out), MODEL_CONTEXT_FAULT);
		assert_int_equal(e->m.inst[i].cb[cb_dev].fsr, 0x8);
		dev_block_walks = e->m.block_walks;
		/* Through the CPUs' tables the same MSI write finds nothing (CB_FSR.TF). */
		assert_int_equal(model_dma(&e->m, i, 0x20, DOORBELL + 0x40, true, &out), MODEL_CONTEXT_FAULT);
		assert_int_equal(e->m.inst[i].cb[cb_cpu].fsr, 0x2);
		assert_int_equal(dma_ok(e, i, 0x20, IPA_BASE, true), PA_A);
		e->m.block_walks = dev_block_walks;
	}
	/* (The CPUs' tables have blocks: no SMMU walks them but this test's second bank.) */
	if (pages_only)
		assert_int_equal(dev_block_walks, 0);
	else
		assert_true(dev_block_walks > 0);
	pgtable_destroy(&dev);
	pgtable_destroy(&cpu);
	free_env(e);
}

static void test_mmu500_msi_doorbell(void **state)
{
	(void)state;
	doorbell_case(false);
}

static void test_tegra_msi_doorbell_pages_only(void **state)
{
	(void)state;
	doorbell_case(true);
}

static void test_probe_refusals(void **state)
{
	struct smmuv2_model m;
	struct smmuv2 s;
	struct smmuv2_params p = { "/iommu", &model_ops, &m, 1, 0, true, false };

	(void)state;
	model_init(&m, 1);
	p.window_size = model_window(&m) - 0x1000;
	assert_int_equal(smmuv2_probe(&s, &p), SMMUV2_E_WINDOW);
	p.window_size = model_window(&m);
	m.id0 &= ~(1u << 29); /* no stage 2 */
	assert_int_equal(smmuv2_probe(&s, &p), SMMUV2_E_UNSUPPORTED);
	model_init(&m, 1);
	m.id2 &= ~(1u << 12); /* no AArch64 4 KiB granule */
	assert_int_equal(smmuv2_probe(&s, &p), SMMUV2_E_UNSUPPORTED);
	model_init(&m, 1);
	m.id0 &= ~(1u << 27); /* stream indexing, not matching */
	assert_int_equal(smmuv2_probe(&s, &p), SMMUV2_E_UNSUPPORTED);
	p.n_inst = SMMUV2_MAX_INSTANCES + 1;
	assert_int_equal(smmuv2_probe(&s, &p), SMMUV2_E_UNSUPPORTED);
	assert_int_equal(m.bad_accesses, 0);
	assert_non_null(strstr(smmuv2_status_name(SMMUV2_E_CONFLICT), "overlap"));
}

/* ---- end to end: the Tegra194-shaped board and its demo config ---- */

struct board_run {
	void *board, *cfg_blob;
	struct platform plat;
	struct pci_topology pci;
	struct group_set gs;
	struct config cfg;
	struct partition_map map;
	struct pgtable s2[2];
};

struct stream_ref {
	const struct master_stream *st;
	int owner;
};

/* Heaviest mask first, as the hypervisor installs them (arch/arm64/vm/smmuv2_setup.c). */
static int heavier_first(const void *a, const void *b)
{
	const struct stream_ref *x = a, *y = b;
	unsigned wx = smr_mask_weight(x->st->mask), wy = smr_mask_weight(y->st->mask);

	if (wx != wy)
		return wx > wy ? -1 : 1;
	return x->st->sid < y->st->sid ? -1 : x->st->sid > y->st->sid;
}

static void load_tegra194(struct board_run *r)
{
	struct diag_list dl;
	struct cfg_board cb;
	size_t size;

	memset(r, 0, sizeof(*r));
	diag_init(&dl);
	r->board = fixture_load_path("build/configs/boards/tegra194.dtb", NULL);
	assert_true(platform_discover(r->board, &r->plat, &dl));
	assert_true(pci_dt_read(r->board, &r->plat, &r->pci, &dl));
	assert_true(groups_build(&r->plat, &r->pci, &r->gs, &dl));
	cb = (struct cfg_board){ .plat = &r->plat, .pci = &r->pci, .gs = &r->gs };
	cfg_limits_default(&r->plat, &cb.lim);
	r->cfg_blob = fixture_load_path("build/configs/tegra194/demo.dtb", &size);
	assert_true(cfg_check(r->cfg_blob, size, &cb, &r->cfg, &r->map, &dl));
	assert_int_equal(dl.count, 0);
	diag_free(&dl);
}

static void free_tegra194(struct board_run *r)
{
	for (unsigned i = 0; i < 2; i++)
		pgtable_destroy(&r->s2[i]);
	pmap_free(&r->map);
	cfg_free(&r->cfg);
	groups_free(&r->gs);
	pci_topology_free(&r->pci);
	platform_free(&r->plat);
	free(r->cfg_blob);
	free(r->board);
}

static uint32_t sid_of(const struct board_run *r, const char *path)
{
	int m = groups_find_master(&r->gs, path);

	assert_true(m >= 0);
	return r->gs.masters[m].streams[0].sid;
}

static void test_tegra194_demo_end_to_end(void **state)
{
	struct board_run r;
	struct smmuv2_model m;
	struct smmuv2 dev;
	struct vtcr_config vtcr;
	struct stream_ref refs[16];
	size_t n = 0;
	unsigned valid = 0, cbs[2];
	uint64_t out, host_pa, guest_pa;
	const struct plat_smmu *ps;

	(void)state;
	n_blocks = 0;
	next_pa = FAKE_PA_BASE;
	load_tegra194(&r);
	assert_int_equal(r.plat.n_smmus, 1);
	ps = &r.plat.smmus[0];
	/* The stage 2 of both partitions as the hypervisor builds it: pages only behind Tegra's SMMU. */
	assert_int_equal(vtcr_compute(5, 0, 40, &vtcr), VTCR_OK);
	for (unsigned p = 0; p < 2; p++) {
		assert_int_equal(pgtable_init(&r.s2[p], PGTABLE_STAGE2, vtcr.ipa_bits, &fake_alloc_ops), PGTABLE_OK);
		r.s2[p].pages_only = smmu_needs_pages_only(ps);
		for (size_t k = 0; k < r.map.parts[p].n_mem; k++)
			assert_int_equal(pgtable_map(&r.s2[p], ipa_val(r.map.parts[p].mem[k].ipa),
						     r.map.parts[p].mem[k].pa, r.map.parts[p].mem[k].size,
						     PTE_MEM_NORMAL, PTE_PERM_RW),
					 PGTABLE_OK);
	}
	host_pa = pa_val(r.map.parts[0].mem[0].pa);
	guest_pa = pa_val(r.map.parts[1].mem[0].pa);
	/* configs/tegra194/demo.dts: the host's 1 GiB fixed at 0x88000000, the guest's 256 MiB (IPA
	 * 0x80000000) placed right after it. */
	assert_int_equal(host_pa, 0x88000000);
	assert_int_equal(guest_pa, 0xc8000000);

	model_init(&m, ps->n_inst);
	m.read_desc = read_desc;
	assert_int_equal(smmuv2_probe(&dev, &(struct smmuv2_params){ ps->path, &model_ops, &m, ps->n_inst,
								     model_window(&m), true, true }),
			 SMMUV2_OK);
	assert_int_equal(smmuv2_reset(&dev), SMMUV2_OK);
	for (unsigned p = 0; p < 2; p++)
		assert_int_equal(smmuv2_attach_context(&dev, (uint16_t)(p + 1), pa_val(pgtable_root_pa(&r.s2[p])),
						       vtcr.vtcr_el2, &cbs[p]),
				 SMMUV2_OK);
	for (size_t i = 0; i < r.gs.n_masters; i++)
		for (size_t k = 0; k < r.gs.masters[i].n_streams && n < 16; k++)
			refs[n++] = (struct stream_ref){ &r.gs.masters[i].streams[k],
							 r.map.group_owner[r.gs.masters[i].group] };
	qsort(refs, n, sizeof(refs[0]), heavier_first);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(smmuv2_add_stream(&dev, cbs[refs[i].owner], (uint16_t)refs[i].st->sid,
						   (uint16_t)refs[i].st->mask),
				 SMMUV2_OK);
	/* DMA controller and both I2C controllers share one SMR: 4 entries for 6 masters. */
	for (unsigned k = 0; k < MODEL_SMRS; k++)
		valid += m.inst[0].smr[k] >> 31;
	assert_int_equal(valid, 4);
	for (unsigned i = 0; i < ps->n_inst; i++) {
		/* The guest's Ethernet reaches guest memory at guest-physical addresses ... */
		assert_int_equal(model_dma(&m, i, sid_of(&r, "/bus@0/ethernet@2490000"), 0x80001000, true, &out),
				 MODEL_TRANSLATED);
		assert_int_equal(out, guest_pa + 0x1000);
		/* ... but not the host's memory (identity-mapped, so its IPA is its PA) above the guest's
		 * 256 MiB of IPA space. */
		assert_int_equal(model_dma(&m, i, sid_of(&r, "/bus@0/ethernet@2490000"), host_pa + 0x38000000, true,
					   &out),
				 MODEL_CONTEXT_FAULT);
		/* The host's I2C (stream 0x20, the DMA controller's) reaches the host's memory only. */
		assert_int_equal(model_dma(&m, i, sid_of(&r, "/bus@0/i2c@3160000"), 0x88000000, false, &out),
				 MODEL_TRANSLATED);
		assert_int_equal(out, host_pa);
		assert_int_equal(model_dma(&m, i, sid_of(&r, "/bus@0/i2c@3160000"), 0x80001000, false, &out),
				 MODEL_CONTEXT_FAULT);
		/* A stream ID no device in the DT has. */
		assert_int_equal(model_dma(&m, i, 0x7e, 0x88000000, false, &out), MODEL_GLOBAL_FAULT);
	}
	assert_int_equal(m.block_walks, 0);
	assert_int_equal(m.bad_accesses, 0);
	free_tegra194(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_context_programming),
		cmocka_unit_test(test_isolation),
		cmocka_unit_test(test_smr_conflicts),
		cmocka_unit_test(test_smr_implemented_bits),
		cmocka_unit_test(test_address_sizes),
		cmocka_unit_test(test_context_banks_run_out),
		cmocka_unit_test(test_restart_invalidates),
		cmocka_unit_test(test_stop_faults_then_start_translates),
		cmocka_unit_test(test_sync_waits_for_every_instance),
		cmocka_unit_test(test_faults_from_every_instance),
		cmocka_unit_test(test_tegra_pages_only),
		cmocka_unit_test(test_mmu500_msi_doorbell),
		cmocka_unit_test(test_tegra_msi_doorbell_pages_only),
		cmocka_unit_test(test_probe_refusals),
		cmocka_unit_test(test_tegra194_demo_end_to_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
