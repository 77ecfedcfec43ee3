/* The physical ITS driver's register programming and command sequences, against a model ITS that
 * records every command it consumes. Expected words are written out by hand from IHI 0069:
 * commands (DW0 [7:0] number, [63:32] DeviceID; DW1 [31:0] EventID, [63:32] pINTID, [4:0] Size;
 * DW2 [63] V, [51:8] ITT address, [51:16] RDbase, [15:0] ICID), GITS_BASER<n> (Valid 63,
 * InnerCache [61:59], Type [58:56], Entry_Size [52:48], PA, Shareability [11:10], Page_Size
 * [9:8], Size [7:0]) and GITS_CBASER (Valid 63, InnerCache [61:59], PA [51:12], Shareability
 * [11:10], Size [7:0]). GICv4.0: GITS_TYPER [1] Virtual, [37] VMOVP; GITS_CTLR [7:4] ITS_Number;
 * GITS_BASER Type 2 = vPE table; CLEAR 0x04 (DW0 DeviceID, DW1 EventID); VMAPP 0x29 (DW1
 * [47:32] vPEID; DW2 [63] V, [51:16] RDbase; DW3
 * [51:16] VPT address, [4:0] VPT size = vINTID bits - 1), VMAPTI 0x2a (DW0 DeviceID, DW1 EventID
 * and vPEID, DW2 [31:0] vINTID, [63:32] doorbell pINTID), VMOVI 0x21 (DW0 DeviceID, DW1 EventID and
 * vPEID, DW2 [0] D, [63:32] doorbell pINTID), VMOVP 0x22 (DW0 [47:32] sequence
 * number, DW1 [15:0] ITS list and vPEID, DW2 RDbase), VSYNC 0x25 and VINVALL 0x2d (DW1 vPEID). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/irqchip/gicv3_its.h"

#define BASE 0x08080000u
#define MAX_LOG 128

/* The model: QEMU 7.2's ITS as far as these tests need it (GITS_TYPER with Physical, ITT entry
 * 12 bytes, 16 EventID bits, 16 DeviceID bits, CIL with 16 collection bits; BASER0 device table
 * of 8-byte entries, BASER1 collection table; 64 KiB pages). */
static struct model {
	uint64_t typer, ctlr, cbaser, cwriter, creadr;
	uint64_t baser[8];
	bool stuck;          /* never consumes commands */
	bool stall;          /* reports Stalled */
	unsigned its_number; /* GITS_CTLR.ITS_Number */
	uint64_t clock;
	uint64_t log[MAX_LOG][4];
	unsigned n_log;
	void *allocs[64];
	unsigned n_allocs;
} M;

static void consume(void)
{
	uint64_t *q = (uint64_t *)(uintptr_t)(M.cbaser & 0x000ffffffffff000);
	uint64_t size = ((M.cbaser & 0xff) + 1) * 4096;

	if (M.stuck)
		return;
	while (M.creadr != M.cwriter) {
		assert_true(M.n_log < MAX_LOG);
		memcpy(M.log[M.n_log++], &q[M.creadr / 8], 32);
		M.creadr = (M.creadr + 32) % size;
	}
}

static uint64_t m_read64(void *ctx, uintptr_t a)
{
	(void)ctx;
	switch (a - BASE) {
	case 0x8:
		return M.typer;
	case 0x80:
		return M.cbaser;
	case 0x88:
		return M.cwriter;
	case 0x90:
		return M.creadr | (M.stall ? 1 : 0);
	default:
		if (a - BASE >= 0x100 && a - BASE < 0x140)
			return M.baser[(a - BASE - 0x100) / 8];
		fail_msg("read64 at 0x%lx", (unsigned long)(a - BASE));
		return 0;
	}
}

static void m_write64(void *ctx, uintptr_t a, uint64_t v)
{
	(void)ctx;
	switch (a - BASE) {
	case 0x80:
		M.cbaser = v;
		return;
	case 0x88:
		M.cwriter = v & 0xfffe0;
		if (M.ctlr & 1)
			consume();
		return;
	default:
		if (a - BASE >= 0x100 && a - BASE < 0x140) {
			unsigned n = (unsigned)(a - BASE - 0x100) / 8;
			/* Type and Entry_Size are read-only. */
			M.baser[n] = (M.baser[n] & 0x071f000000000000) | (v & ~0x071f000000000000);
			return;
		}
		fail_msg("write64 at 0x%lx", (unsigned long)(a - BASE));
	}
}

static uint32_t m_read32(void *ctx, uintptr_t a)
{
	(void)ctx;
	assert_int_equal(a - BASE, 0);
	return (uint32_t)M.ctlr | M.its_number << 4 | 0x80000000u; /* Quiescent */
}

static void m_write32(void *ctx, uintptr_t a, uint32_t v)
{
	(void)ctx;
	assert_int_equal(a - BASE, 0);
	M.ctlr = v & 1;
	if (M.ctlr)
		consume();
}

static void m_publish(void *ctx)
{
	(void)ctx;
}

static uint64_t m_now(void *ctx)
{
	(void)ctx;
	return M.clock += 1000000; /* 1 ms per look */
}

static const struct gicv3_its_ops OPS = { m_read64, m_write64, m_read32, m_write32, m_publish, m_now, NULL };

static bool m_alloc(void *ctx, uint64_t size, uint64_t align, pa_t *out)
{
	void *p = aligned_alloc(align, (size + align - 1) / align * align);

	(void)ctx;
	if (!p || M.n_allocs >= 64)
		return false;
	M.allocs[M.n_allocs++] = p;
	*out = pa((uint64_t)(uintptr_t)p);
	return true;
}

static unsigned n_freed;

/* Gives p back and forgets it: M.allocs holds what is still allocated. */
static void m_free(void *ctx, pa_t p, uint64_t size)
{
	(void)ctx;
	assert_true(size >= 256);
	for (unsigned i = 0; i < M.n_allocs; i++) {
		if ((uintptr_t)M.allocs[i] == pa_val(p)) {
			free(M.allocs[i]);
			M.allocs[i] = M.allocs[--M.n_allocs];
			n_freed++;
			return;
		}
	}
	fail_msg("freed 0x%llx, which was not allocated", (unsigned long long)pa_val(p));
}

static int setup(void **state)
{
	(void)state;
	memset(&M, 0, sizeof(M));
	/* ITT entry 12 -> 11 in [7:4]; ID_bits 16 -> 15 in [12:8]; Devbits 16 -> 15 in [17:13];
	 * CIDbits 16 -> 15 in [35:32]; CIL [36]; Physical [0]. */
	M.typer = 0x1 | (11u << 4) | (15u << 8) | (15u << 13) | (UINT64_C(15) << 32) | (UINT64_C(1) << 36);
	M.baser[0] = 0x0107000000000000; /* Type 1 device, entry 8 bytes */
	M.baser[1] = 0x0407000000000000; /* Type 4 collection, entry 8 bytes */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned i = 0; i < M.n_allocs; i++)
		free(M.allocs[i]);
	return 0;
}

static void up(struct gicv3_its *its, unsigned n_cpus, bool pta)
{
	struct its_params p = { .n_cpus = n_cpus, .alloc = m_alloc };

	if (pta)
		M.typer |= 1u << 19;
	for (unsigned i = 0; i < n_cpus; i++) {
		p.proc_num[i] = i;
		p.redist_pa[i] = 0x080a0000 + (uint64_t)i * 0x20000;
	}
	assert_int_equal(its_probe(its, BASE, "/its", &OPS), ITS_OK);
	assert_int_equal(its_init(its, &p), ITS_OK);
}

static void test_init_tables_and_mapc(void **state)
{
	struct gicv3_its its;
	uint64_t dt_pa, cq_pa;

	(void)state;
	up(&its, 2, false);
	assert_int_equal(its.feat.itt_entry_size, 12);
	assert_int_equal(its.feat.event_bits, 16);
	assert_int_equal(its.feat.dev_bits, 16);
	/* Device table: 2^16 entries of 8 bytes = 512 KiB = 8 pages of 64 KiB (Size 7). Valid,
	 * InnerCache WaWb (7), Type 1, Entry_Size 7, inner shareable (1), Page_Size 64K (2). */
	dt_pa = M.baser[0] & 0x0000ffffffff0000;
	assert_int_equal(dt_pa % 0x10000, 0);
	assert_int_equal(M.baser[0], 0xb907000000000000 | dt_pa | 0x607);
	/* Collection table: 2 entries fit one 64 KiB page (Size 0); HCC is 0 so it is needed. */
	assert_int_equal(M.baser[1] & ~0x0000ffffffff0000, 0xbc07000000000000 | 0x600);
	/* Other BASERs untouched. */
	assert_int_equal(M.baser[2], 0);
	/* Command queue: 16 pages of 4 KiB (Size 15), Valid, WaWb, inner shareable. */
	cq_pa = M.cbaser & 0x000ffffffffff000;
	assert_int_equal(M.cbaser, 0xb800000000000000 | cq_pa | 0x40f);
	assert_int_equal(M.ctlr, 1);
	/* MAPC ICID 0 -> PE 0, MAPC ICID 1 -> PE 1, then SYNC on PE 0. */
	assert_int_equal(M.n_log, 3);
	assert_int_equal(M.log[0][0], 0x09);
	assert_int_equal(M.log[0][2], 0x8000000000000000);
	assert_int_equal(M.log[1][0], 0x09);
	assert_int_equal(M.log[1][2], 0x8000000000010001);
	assert_int_equal(M.log[2][0], 0x05);
	assert_int_equal(M.log[2][2], 0);
	assert_int_equal(M.cwriter, 3 * 32);
}

/* Twenty CPUs: MAPCs go in batches of eight, each followed by a SYNC, and every collection i
 * is mapped to PE i exactly once, in order. */
static void test_many_cpus_mapc_in_batches(void **state)
{
	struct gicv3_its its;
	unsigned icid = 0, syncs = 0;

	(void)state;
	up(&its, 20, false);
	assert_int_equal(M.n_log, 20 + 3);
	for (unsigned i = 0; i < M.n_log; i++) {
		if ((M.log[i][0] & 0xff) == 0x05) {
			/* a SYNC closes each batch: after 8, 16 and 20 MAPCs */
			assert_int_equal(icid, syncs == 2 ? 20 : 8 * (syncs + 1));
			syncs++;
			continue;
		}
		assert_int_equal(M.log[i][0], 0x09);
		assert_int_equal(M.log[i][2], 0x8000000000000000 | ((uint64_t)icid << 16) | icid);
		icid++;
	}
	assert_int_equal(icid, 20);
	assert_int_equal(syncs, 3);
	assert_int_equal(M.cwriter, 23 * 32);
}

/* CPU 0 and CPU 2 of four did not start: collections 1 and 3 are mapped, the SYNCs go to CPU 1
 * (the first that is up), and commands naming CPU 0 or 2 are refused with nothing sent. */
static void test_absent_cpus_get_no_collection(void **state)
{
	struct gicv3_its its;
	struct its_params p = { .n_cpus = 4, .absent = 0x5, .alloc = m_alloc };

	(void)state;
	for (unsigned i = 0; i < 4; i++)
		p.proc_num[i] = i;
	assert_int_equal(its_probe(&its, BASE, "/its", &OPS), ITS_OK);
	assert_int_equal(its_init(&its, &p), ITS_OK);
	assert_int_equal(M.n_log, 3);
	assert_int_equal(M.log[0][0], 0x09);
	assert_int_equal(M.log[0][2], 0x8000000000010001); /* MAPC ICID 1 -> PE 1 */
	assert_int_equal(M.log[1][0], 0x09);
	assert_int_equal(M.log[1][2], 0x8000000000030003); /* MAPC ICID 3 -> PE 3 */
	assert_int_equal(M.log[2][0], 0x05);
	assert_int_equal(M.log[2][2], 0x10000); /* SYNC on PE 1 */
	assert_int_equal(its_map_device(&its, 0x100, 5), ITS_OK);
	assert_int_equal(M.log[4][2], 0x10000); /* MAPD's SYNC: PE 1, not the absent PE 0 */
	M.n_log = 0;
	assert_int_equal(its_map_event(&its, 0x100, 3, 8192, 2), ITS_E_RANGE);
	assert_int_equal(its_map_event(&its, 0x100, 3, 8192, 0), ITS_E_RANGE);
	assert_int_equal(M.n_log, 0);
	assert_int_equal(its_map_event(&its, 0x100, 3, 8192, 3), ITS_OK);
	assert_int_equal(M.log[0][2], 3);
	assert_int_equal(its_move_event(&its, 0x100, 3, 2), ITS_E_RANGE);
	assert_int_equal(its_move_event(&its, 0x100, 3, 1), ITS_OK);
}

/* No CPU up: nothing to map collections to. */
static void test_all_cpus_absent_refused(void **state)
{
	struct gicv3_its its;
	struct its_params p = { .n_cpus = 2, .absent = 0x3, .alloc = m_alloc };

	(void)state;
	assert_int_equal(its_probe(&its, BASE, "/its", &OPS), ITS_OK);
	assert_int_equal(its_init(&its, &p), ITS_E_RANGE);
	assert_int_equal(M.n_log, 0);
}

static void test_pta_names_redistributor_addresses(void **state)
{
	struct gicv3_its its;

	(void)state;
	up(&its, 2, true);
	/* RDbase = redistributor PA bits [51:16], in DW2 [51:16]: the address itself. */
	assert_int_equal(M.log[1][2], 0x8000000000000000 | 0x080c0000 | 1);
}

static void test_map_device_and_event(void **state)
{
	struct gicv3_its its;
	uint64_t itt;

	(void)state;
	up(&its, 2, false);
	M.n_log = 0;
	assert_int_equal(its_map_device(&its, 0x100, 5), ITS_OK);
	/* MAPD DeviceID 0x100, Size 5 - 1 = 4, V, ITT 256-byte aligned; then SYNC. */
	assert_int_equal(M.log[0][0], 0x0000010000000008);
	assert_int_equal(M.log[0][1], 4);
	itt = M.log[0][2] & 0x000fffffffffff00;
	assert_int_not_equal(itt, 0);
	assert_int_equal(M.log[0][2], 0x8000000000000000 | itt);
	assert_int_equal(M.log[1][0], 0x05);
	M.n_log = 0;
	assert_int_equal(its_map_event(&its, 0x100, 3, 8192, 1), ITS_OK);
	/* MAPTI DeviceID 0x100, EventID 3, pINTID 8192, ICID 1; SYNC on PE 1. */
	assert_int_equal(M.log[0][0], 0x000001000000000a);
	assert_int_equal(M.log[0][1], 0x0000200000000003);
	assert_int_equal(M.log[0][2], 1);
	assert_int_equal(M.log[1][0], 0x05);
	assert_int_equal(M.log[1][2], 0x10000);
	M.n_log = 0;
	assert_int_equal(its_move_event(&its, 0x100, 3, 0), ITS_OK);
	assert_int_equal(M.log[0][0], 0x0000010000000001); /* MOVI */
	assert_int_equal(M.log[0][1], 3);
	assert_int_equal(M.log[0][2], 0);
	M.n_log = 0;
	assert_int_equal(its_discard(&its, 0x100, 3), ITS_OK);
	assert_int_equal(M.log[0][0], 0x000001000000000f);
	assert_int_equal(M.log[0][1], 3);
	M.n_log = 0;
	assert_int_equal(its_unmap_device(&its, 0x100), ITS_OK);
	assert_int_equal(M.log[0][0], 0x0000010000000008);
	assert_int_equal(M.log[0][2], 0); /* V = 0 */
	/* The ITT is kept: mapping again reuses it. */
	M.n_log = 0;
	assert_int_equal(its_map_device(&its, 0x100, 3), ITS_OK);
	assert_int_equal(M.log[0][2], 0x8000000000000000 | itt);
	assert_int_equal(M.log[0][1], 4); /* the ITT still holds 2^5 events */
}

/* With a free function: an unmapped device's ITT is given back once its MAPD V=0 completed, and
 * a larger mapping gives back the smaller ITT it replaces; 1,000 map/unmap cycles of varying
 * sizes leave nothing allocated (the model's table of 64 allocations would run out otherwise). */
static void test_itts_given_back(void **state)
{
	struct gicv3_its its;
	struct its_params p = { .n_cpus = 1, .alloc = m_alloc, .free = m_free };
	unsigned base;

	(void)state;
	assert_int_equal(its_probe(&its, BASE, "/its", &OPS), ITS_OK);
	assert_int_equal(its_init(&its, &p), ITS_OK);
	base = M.n_allocs; /* device table, collection table, command queue */
	n_freed = 0;
	assert_int_equal(its_map_device(&its, 0x100, 5), ITS_OK);
	assert_int_equal(M.n_allocs, base + 1);
	assert_int_equal(its_map_device(&its, 0x100, 9), ITS_OK); /* larger: a new ITT, the old one back */
	assert_int_equal(M.n_allocs, base + 1);
	assert_int_equal(n_freed, 1);
	M.n_log = 0;
	assert_int_equal(its_map_device(&its, 0x100, 3), ITS_OK); /* smaller: the mapped one does */
	assert_int_equal(M.log[0][1], 8);                         /* Size 9 - 1 */
	for (unsigned cycle = 0; cycle < 1000; cycle++) {
		uint32_t dev = 0x100 + cycle % 70; /* more device IDs than the driver has slots */

		M.n_log = 0;
		assert_int_equal(its_unmap_device(&its, cycle ? 0x100 + (cycle - 1) % 70 : 0x100), ITS_OK);
		assert_int_equal(M.n_allocs, base);
		assert_int_equal(its_map_device(&its, dev, 1 + cycle % 16), ITS_OK);
		assert_int_equal(its_map_event(&its, dev, cycle % 2, 8192 + cycle, 0), ITS_OK);
		assert_int_equal(its_discard(&its, dev, cycle % 2), ITS_OK);
		assert_int_equal(M.n_allocs, base + 1);
	}
	/* a MAPD V=0 that does not complete keeps the ITT: the ITS may still read it */
	M.stuck = true;
	assert_int_equal(its_unmap_device(&its, 0x100 + 999 % 70), ITS_E_TIMEOUT);
	assert_int_equal(M.n_allocs, base + 1);
}

static void test_refusals_send_nothing(void **state)
{
	struct gicv3_its its;

	(void)state;
	up(&its, 2, false);
	M.n_log = 0;
	assert_int_equal(its_map_device(&its, 0x10000, 5), ITS_E_RANGE); /* beyond 16 DeviceID bits */
	assert_int_equal(its_map_device(&its, 1, 17), ITS_E_RANGE);      /* beyond 16 EventID bits */
	assert_int_equal(its_map_device(&its, 1, 0), ITS_E_RANGE);
	assert_int_equal(its_map_event(&its, 2, 0, 8192, 0), ITS_E_RANGE); /* device not mapped */
	assert_int_equal(its_map_device(&its, 2, 2), ITS_OK);
	M.n_log = 0;
	assert_int_equal(its_map_event(&its, 2, 4, 8192, 0), ITS_E_RANGE); /* event beyond 2^2 */
	assert_int_equal(its_map_event(&its, 2, 0, 8191, 0), ITS_E_RANGE); /* not an LPI */
	assert_int_equal(its_map_event(&its, 2, 0, 8192, 2), ITS_E_RANGE); /* no such CPU */
	assert_int_equal(its_move_event(&its, 2, 0, 5), ITS_E_RANGE);
	assert_int_equal(M.n_log, 0);
}

static void test_stuck_queue_times_out(void **state)
{
	struct gicv3_its its;

	(void)state;
	up(&its, 1, false);
	M.stuck = true;
	assert_int_equal(its_map_device(&its, 1, 2), ITS_E_TIMEOUT);
	assert_int_equal(its.timeouts, 1);
	M.stuck = false;
	M.stall = true;
	assert_int_equal(its_map_device(&its, 2, 2), ITS_E_STALLED);
}

static void test_no_physical_lpis(void **state)
{
	struct gicv3_its its;

	(void)state;
	M.typer = 0;
	assert_int_equal(its_probe(&its, BASE, "/its", &OPS), ITS_E_NODEV);
}

/* The same ITS with GICv4.0 virtual LPIs: GITS_TYPER.Virtual, BASER2 a vPE table of 8-byte
 * entries, ITS_Number 2. */
static int setup_v4(void **state)
{
	setup(state);
	M.typer |= 0x2;
	M.baser[2] = 0x0207000000000000;
	M.its_number = 2;
	return 0;
}

#define VPT_PA 0x4a050000u /* a 64 KiB aligned address: the driver only passes it on */

static void test_v4_vpe_table(void **state)
{
	struct gicv3_its its;
	uint64_t vt_pa;

	(void)state;
	up(&its, 2, false);
	assert_true(its.feat.virt);
	assert_false(its.feat.vmovp);
	assert_int_equal(its.feat.its_number, 2);
	assert_int_equal(its.vpe_table_ids, ITS_MAX_VPES);
	/* 64 entries of 8 bytes: one 64 KiB page (Size 0). Valid, WaWb, Type 2, Entry_Size 7, inner
	 * shareable, Page_Size 64K. */
	vt_pa = M.baser[2] & 0x0000ffffffff0000;
	assert_int_not_equal(vt_pa, 0);
	assert_int_equal(M.baser[2], 0xba07000000000000 | vt_pa | 0x600);
}

static void test_v4_no_virtual_no_vpe_table(void **state)
{
	struct gicv3_its its;

	(void)state;
	M.baser[2] = 0x0207000000000000; /* a vPE register, but GITS_TYPER.Virtual is clear */
	up(&its, 2, false);
	assert_false(its.feat.virt);
	assert_int_equal(M.baser[2], 0x0207000000000000); /* left invalid */
	M.n_log = 0;
	assert_int_equal(its_vmapp(&its, 0, 0, pa(VPT_PA), 16), ITS_E_RANGE);
	assert_int_equal(its_vsync(&its, 0), ITS_E_RANGE);
	assert_int_equal(M.n_log, 0);
}

/* Command i of the log is a VSYNC (0x25) of vPE vpe: DW1 [47:32] vPEID, nothing else. */
static void expect_vsync(unsigned i, uint64_t vpe)
{
	assert_int_equal(M.log[i][0], 0x25);
	assert_int_equal(M.log[i][1], vpe << 32);
	assert_int_equal(M.log[i][2], 0);
	assert_int_equal(M.log[i][3], 0);
}

static void test_v4_commands(void **state)
{
	struct gicv3_its its;

	(void)state;
	up(&its, 2, false);
	assert_int_equal(its_map_device(&its, 0x100, 5), ITS_OK);
	M.n_log = 0;
	/* VMAPP vPE 3 on PE 1, VPT at VPT_PA of 16 bits (size 15), V; then VSYNC vPE 3. */
	assert_int_equal(its_vmapp(&its, 3, 1, pa(VPT_PA), 16), ITS_OK);
	assert_int_equal(M.n_log, 2);
	assert_int_equal(M.log[0][0], 0x29);
	assert_int_equal(M.log[0][1], 0x0000000300000000);
	assert_int_equal(M.log[0][2], 0x8000000000010000);
	assert_int_equal(M.log[0][3], 0x4a05000f);
	expect_vsync(1, 3);
	M.n_log = 0;
	/* VMAPTI DeviceID 0x100, EventID 3, vPE 3, vINTID 8200, no doorbell (1023); VSYNC. */
	assert_int_equal(its_vmapti(&its, 0x100, 3, 3, 8200, 1023), ITS_OK);
	assert_int_equal(M.log[0][0], 0x000001000000002a);
	assert_int_equal(M.log[0][1], 0x0000000300000003);
	assert_int_equal(M.log[0][2], 0x000003ff00002008);
	assert_int_equal(M.log[0][3], 0);
	assert_int_equal(M.log[1][0], 0x25);
	assert_int_equal(M.log[1][1], 0x0000000300000000);
	M.n_log = 0;
	/* With a doorbell LPI 8192 instead. */
	assert_int_equal(its_vmapti(&its, 0x100, 4, 3, 8201, 8192), ITS_OK);
	assert_int_equal(M.log[0][2], 0x0000200000002009);
	M.n_log = 0;
	/* VMOVI DeviceID 0x100 EventID 3 to vPE 3, no doorbell: D clear, doorbell field 1023;
	 * with doorbell 8192: D (bit 0) set. */
	assert_int_equal(its_vmovi(&its, 0x100, 3, 3, 1023), ITS_OK);
	assert_int_equal(M.log[0][0], 0x0000010000000021);
	assert_int_equal(M.log[0][1], 0x0000000300000003);
	assert_int_equal(M.log[0][2], 0x000003ff00000000);
	assert_int_equal(M.log[1][0], 0x25);
	assert_int_equal(its_vmovi(&its, 0x100, 3, 3, 8192), ITS_OK);
	assert_int_equal(M.log[2][2], 0x0000200000000001);
	assert_int_equal(its_vmovi(&its, 0x100, 3, 4, 1023), ITS_E_RANGE); /* vPE 4 not mapped */
	assert_int_equal(its_vmovi(&its, 0x100, 3, 3, 30), ITS_E_RANGE);   /* doorbell not an LPI */
	assert_int_equal(M.n_log, 4);
	M.n_log = 0;
	/* VMOVP vPE 3 to PE 0: sequence 0, ITS list = bit 2 (ITS_Number 2), RDbase 0; again to PE 1:
	 * sequence 1. */
	assert_int_equal(its_vmovp(&its, 3, 0), ITS_OK);
	assert_int_equal(M.log[0][0], 0x22);
	assert_int_equal(M.log[0][1], 0x0000000300000004);
	assert_int_equal(M.log[0][2], 0);
	assert_int_equal(M.log[1][0], 0x25);
	assert_int_equal(its_vmovp(&its, 3, 1), ITS_OK);
	assert_int_equal(M.log[2][0], 0x0000000100000022);
	assert_int_equal(M.log[2][1], 0x0000000300000004);
	assert_int_equal(M.log[2][2], 0x10000);
	M.n_log = 0;
	/* VINVALL vPE 3, VSYNC; then a VSYNC alone. */
	assert_int_equal(its_vinvall(&its, 3), ITS_OK);
	assert_int_equal(its_vsync(&its, 3), ITS_OK);
	assert_int_equal(M.n_log, 3);
	assert_int_equal(M.log[0][0], 0x2d);
	assert_int_equal(M.log[0][1], 0x0000000300000000);
	assert_int_equal(M.log[1][0], 0x25);
	assert_int_equal(M.log[2][0], 0x25);
	assert_int_equal(M.log[2][1], 0x0000000300000000);
	M.n_log = 0;
	/* CLEAR DeviceID 0x100 EventID 3 (mapped to vPE 3 above), then VSYNC of vPE 3: the vLPI's
	 * pending state is in that vPE's table, which a SYNC does not wait for. */
	assert_int_equal(its_vclear(&its, 0x100, 3, 3), ITS_OK);
	assert_int_equal(M.n_log, 2);
	assert_int_equal(M.log[0][0], 0x0000010000000004);
	assert_int_equal(M.log[0][1], 3);
	assert_int_equal(M.log[0][2], 0);
	assert_int_equal(M.log[0][3], 0);
	expect_vsync(1, 3);
	M.n_log = 0;
	/* VMAPP V=0 on its redistributor (PE 1), then SYNC there (a VSYNC needs a mapped vPE). */
	assert_int_equal(its_vunmapp(&its, 3), ITS_OK);
	assert_int_equal(M.log[0][0], 0x29);
	assert_int_equal(M.log[0][1], 0x0000000300000000);
	assert_int_equal(M.log[0][2], 0x10000);
	assert_int_equal(M.log[0][3], 0);
	assert_int_equal(M.log[1][0], 0x05);
	assert_int_equal(M.log[1][2], 0x10000);
}

static void test_v4_vmovp_without_list(void **state)
{
	struct gicv3_its its;

	(void)state;
	M.typer |= UINT64_C(1) << 37; /* GITS_TYPER.VMOVP: no list, no sequence number */
	up(&its, 2, false);
	assert_true(its.feat.vmovp);
	assert_int_equal(its_vmapp(&its, 0, 0, pa(VPT_PA), 16), ITS_OK);
	M.n_log = 0;
	assert_int_equal(its_vmovp(&its, 0, 1), ITS_OK);
	assert_int_equal(its_vmovp(&its, 0, 0), ITS_OK);
	assert_int_equal(M.log[0][0], 0x22);
	assert_int_equal(M.log[0][1], 0);
	assert_int_equal(M.log[0][2], 0x10000);
	assert_int_equal(M.log[2][0], 0x22);
	assert_int_equal(M.log[2][1], 0);
}

static void test_v4_refusals_send_nothing(void **state)
{
	struct gicv3_its its;

	(void)state;
	up(&its, 2, false);
	assert_int_equal(its_map_device(&its, 0x100, 2), ITS_OK);
	M.n_log = 0;
	assert_int_equal(its_vmapp(&its, 64, 0, pa(VPT_PA), 16), ITS_E_RANGE);         /* beyond the table */
	assert_int_equal(its_vmapp(&its, 0, 2, pa(VPT_PA), 16), ITS_E_RANGE);          /* no such CPU */
	assert_int_equal(its_vmapp(&its, 0, 0, pa(VPT_PA), 17), ITS_E_RANGE);          /* too many bits */
	assert_int_equal(its_vmapp(&its, 0, 0, pa(VPT_PA), 13), ITS_E_RANGE);          /* no vLPI */
	assert_int_equal(its_vmapp(&its, 0, 0, pa(VPT_PA + 0x1000), 16), ITS_E_RANGE); /* not 64 KiB */
	assert_int_equal(its_vmapti(&its, 0x100, 0, 0, 8192, 1023), ITS_E_RANGE);      /* vPE unmapped */
	assert_int_equal(its_vsync(&its, 0), ITS_E_RANGE);
	assert_int_equal(its_vinvall(&its, 0), ITS_E_RANGE);
	assert_int_equal(its_vmovp(&its, 0, 1), ITS_E_RANGE);
	assert_int_equal(its_vunmapp(&its, 0), ITS_E_RANGE);
	assert_int_equal(its_vclear(&its, 0x100, 0, 0), ITS_E_RANGE); /* vPE unmapped */
	assert_int_equal(M.n_log, 0);
	assert_int_equal(its_vmapp(&its, 0, 0, pa(VPT_PA), 14), ITS_OK);
	M.n_log = 0;
	assert_int_equal(its_vmapti(&its, 0x100, 0, 0, 8191, 1023), ITS_E_RANGE);  /* not an LPI */
	assert_int_equal(its_vmapti(&its, 0x100, 0, 0, 16384, 1023), ITS_E_RANGE); /* beyond 14 bits */
	assert_int_equal(its_vmapti(&its, 0x100, 0, 0, 8192, 30), ITS_E_RANGE);    /* doorbell not an LPI */
	assert_int_equal(its_vmapti(&its, 0x100, 4, 0, 8192, 1023), ITS_E_RANGE);  /* event beyond 2^2 */
	assert_int_equal(its_vmapti(&its, 0x101, 0, 0, 8192, 1023), ITS_E_RANGE);  /* device unmapped */
	assert_int_equal(its_vmovp(&its, 0, 2), ITS_E_RANGE);
	assert_int_equal(its_vclear(&its, 0x101, 0, 0), ITS_E_RANGE); /* device unmapped */
	assert_int_equal(its_vclear(&its, 0x100, 4, 0), ITS_E_RANGE); /* event beyond 2^2 */
	assert_int_equal(M.n_log, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_tables_and_mapc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_cpus_mapc_in_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_cpus_get_no_collection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_cpus_absent_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pta_names_redistributor_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_device_and_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_itts_given_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_send_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stuck_queue_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_physical_lpis, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v4_vpe_table, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_v4_no_virtual_no_vpe_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v4_commands, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_v4_vmovp_without_list, setup_v4, teardown),
		cmocka_unit_test_setup_teardown(test_v4_refusals_send_nothing, setup_v4, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
