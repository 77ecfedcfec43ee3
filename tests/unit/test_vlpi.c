/* LPI configuration of a virtual redistributor. Fields by hand from the GICv3/v4 architecture
 * specification (IHI 0069):
 *   GICR_CTLR [0] EnableLPIs
 *   GICR_PROPBASER [4:0] IDbits, [9:7] InnerCache, [11:10] Shareability, [51:12] PA,
 *     [58:56] OuterCache
 *   GICR_PENDBASER [9:7] InnerCache, [11:10] Shareability, [51:16] PA, [58:56] OuterCache,
 *     [62] PTZ
 *   property table: one byte per LPI, LPI n at PA + (n - 8192); [7:2] priority, [0] Enable
 * Guest RAM here: 0x40000000, 256 KiB; the property table at 0x40010000. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vlpi.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x40000ull

static uint8_t ram[RAM_SIZE];
static unsigned reads;

static bool ram_read(void *ctx, uint64_t ipa, void *buf, uint64_t len)
{
	(void)ctx;
	reads++;
	if (ipa < RAM_BASE || ipa - RAM_BASE >= RAM_SIZE || len > RAM_SIZE - (ipa - RAM_BASE))
		return false;
	memcpy(buf, ram + (ipa - RAM_BASE), len);
	return true;
}

static const struct vits_mem_ops MEM = { .read = ram_read };

static void test_masks(void **state)
{
	(void)state;
	assert_int_equal(GICR_PROPBASER_IDBITS, 0x1f);
	assert_int_equal(GICR_PROPBASER_PA, 0x000ffffffffff000);
	assert_int_equal(GICR_PENDBASER_PA, 0x000fffffffff0000);
	assert_int_equal(GICR_PENDBASER_PTZ, 0x4000000000000000);
	assert_int_equal(LPI_PROP_PRIORITY, 0xfc);
}

static void test_registers(void **state)
{
	struct vgicr_lpi l;

	(void)state;
	assert_false(vgicr_lpi_init(&l, 13));
	assert_false(vgicr_lpi_init(&l, 25));
	/* no LPIs: writes ignored */
	assert_true(vgicr_lpi_init(&l, 0));
	vgicr_lpi_write_propbaser(&l, 0x40010000 | 15);
	vgicr_lpi_write_ctlr(&l, 1);
	assert_int_equal(l.propbaser, 0);
	assert_int_equal(vgicr_lpi_ctlr(&l), 0);

	assert_true(vgicr_lpi_init(&l, 16));
	/* inner WB RaWa (0b111 << 7), inner shareable (0b01 << 10), IDbits 15; bits 6:5 and 63 RES0 */
	vgicr_lpi_write_propbaser(&l, 0x8000000040010000 | 0x380 | 0x400 | 0x60 | 15);
	assert_int_equal(l.propbaser, 0x0000000040010000 | 0x380 | 0x400 | 15);
	/* PTZ is write-only; the address keeps bits 51:16 */
	vgicr_lpi_write_pendbaser(&l, 0x4000000040028000 | 0x400);
	assert_int_equal(vgicr_lpi_pendbaser(&l), 0x0000000040020000 | 0x400);
	vgicr_lpi_write_ctlr(&l, 1);
	assert_int_equal(vgicr_lpi_ctlr(&l), 1);
	/* enabled: sticky, and the tables cannot move */
	vgicr_lpi_write_ctlr(&l, 0);
	assert_int_equal(vgicr_lpi_ctlr(&l), 1);
	vgicr_lpi_write_propbaser(&l, 0x40030000 | 15);
	vgicr_lpi_write_pendbaser(&l, 0x40030000);
	assert_int_equal(l.propbaser & GICR_PROPBASER_PA, 0x40010000);
	assert_int_equal(vgicr_lpi_pendbaser(&l), 0x0000000040020000 | 0x400);
	vgicr_lpi_reset(&l);
	assert_int_equal(vgicr_lpi_ctlr(&l), 0);
	assert_int_equal(l.propbaser, 0);
	assert_int_equal(l.id_bits, 16);
}

static void test_enabled_prio(void **state)
{
	struct vgicr_lpi l;
	uint8_t prio = 0;

	(void)state;
	memset(ram, 0, sizeof(ram));
	assert_true(vgicr_lpi_init(&l, 16));
	vgicr_lpi_write_propbaser(&l, 0x40010000 | 15);
	ram[0x10000 + 0] = 0xa0 | 0x2 | 0x1; /* LPI 8192: priority 0xa0, enabled */
	ram[0x10000 + 8] = 0x83;             /* LPI 8200: priority 0x80, enabled */
	ram[0x10000 + 9] = 0x42;             /* LPI 8201: disabled */
	ram[0x10000 + 57343] = 0x11;         /* LPI 65535: priority 0x10, enabled */
	/* before EnableLPIs nothing is delivered, and guest memory is not read */
	reads = 0;
	assert_false(vlpi_enabled_prio(&l, 8192, &MEM, NULL, &prio));
	assert_int_equal(reads, 0);
	vgicr_lpi_write_ctlr(&l, 1);
	assert_true(vlpi_enabled_prio(&l, 8192, &MEM, NULL, &prio));
	assert_int_equal(prio, 0xa0);
	assert_true(vlpi_enabled_prio(&l, 8200, &MEM, NULL, &prio));
	assert_int_equal(prio, 0x80);
	assert_false(vlpi_enabled_prio(&l, 8201, &MEM, NULL, &prio));
	assert_int_equal(prio, 0x40);
	assert_true(vlpi_enabled_prio(&l, 65535, &MEM, NULL, &prio));
	assert_int_equal(prio, 0x10);
	/* out of range: not LPIs, or beyond 16 bits; no read */
	reads = 0;
	assert_false(vlpi_enabled_prio(&l, 8191, &MEM, NULL, &prio));
	assert_false(vlpi_enabled_prio(&l, 65536, &MEM, NULL, &prio));
	assert_int_equal(reads, 0);
}

/* LPIs enabled at a redistributor of a 16-bit partition whose PROPBASER the guest wrote as
 * propbaser. */
static void table_at(struct vgicr_lpi *l, uint64_t propbaser)
{
	assert_true(vgicr_lpi_init(l, 16));
	vgicr_lpi_write_propbaser(l, propbaser);
	vgicr_lpi_write_ctlr(l, 1);
}

static void test_table_bounds(void **state)
{
	struct vgicr_lpi l;
	uint8_t prio = 0;

	(void)state;
	memset(ram, 0xff, sizeof(ram));
	/* the guest says 14 bits: LPIs 8192..16383 only, even though the partition has 16 */
	table_at(&l, 0x40010000 | 13);
	assert_true(vlpi_enabled_prio(&l, 16383, &MEM, NULL, &prio));
	assert_false(vlpi_enabled_prio(&l, 16384, &MEM, NULL, &prio));
	/* the guest says 24 bits: capped at the partition's 16 */
	table_at(&l, 0x40010000 | 23);
	assert_false(vlpi_enabled_prio(&l, 65536, &MEM, NULL, &prio));
	/* fewer than 14 bits: no LPIs at all */
	table_at(&l, 0x40010000 | 12);
	assert_false(vlpi_enabled_prio(&l, 8192, &MEM, NULL, &prio));
	/* a table running past the partition's RAM: the LPIs whose byte is outside are not
	 * deliverable, the others are */
	table_at(&l, (RAM_BASE + RAM_SIZE - 0x1000) | 15);
	assert_true(vlpi_enabled_prio(&l, 8192 + 0xfff, &MEM, NULL, &prio));
	assert_false(vlpi_enabled_prio(&l, 8192 + 0x1000, &MEM, NULL, &prio));
	/* a table at an address that is not RAM */
	table_at(&l, 0x08000000 | 15);
	assert_false(vlpi_enabled_prio(&l, 8192, &MEM, NULL, &prio));
}

static void enabled_table(struct vgicr_lpi *l)
{
	memset(ram, 0, sizeof(ram));
	table_at(l, 0x40010000 | 15);
}

static void test_config_states(void **state)
{
	struct vgicr_lpi l;
	uint8_t prio = 0x55;

	(void)state;
	enabled_table(&l);
	ram[0x10000 + 1] = 0x61; /* LPI 8193: priority 0x60, enabled */
	ram[0x10000 + 2] = 0x62; /* LPI 8194: priority 0x60, disabled */
	assert_int_equal(vlpi_config_of(&l, 8193, &MEM, NULL, &prio), VLPI_ENABLED);
	assert_int_equal(prio, 0x60);
	prio = 0;
	assert_int_equal(vlpi_config_of(&l, 8194, &MEM, NULL, &prio), VLPI_DISABLED);
	assert_int_equal(prio, 0x60);
	prio = 0x55;
	assert_int_equal(vlpi_config_of(&l, 100, &MEM, NULL, &prio), VLPI_UNDELIVERABLE);
	assert_int_equal(prio, 0x55); /* untouched: nothing was read */
}

/* An LPI that arrives disabled stays pending and is delivered by the INV that follows its
 * enabling; one that is undeliverable is dropped; CLEAR withdraws a kept one. */
static void test_pending_while_disabled(void **state)
{
	struct vgicr_lpi l;
	struct vlpi_pending p;
	uint32_t ready[4];
	uint8_t prio[4] = { 0 }, pr = 0;

	(void)state;
	enabled_table(&l);
	vlpi_pending_init(&p);
	ram[0x10000 + 8] = 0xa2;  /* LPI 8200: priority 0xa0, disabled */
	ram[0x10000 + 9] = 0x81;  /* LPI 8201: priority 0x80, enabled */
	ram[0x10000 + 10] = 0x42; /* LPI 8202: disabled */
	assert_true(vlpi_pending_arrive(&p, &l, 8201, &MEM, NULL, &pr));
	assert_int_equal(pr, 0x80);
	assert_false(vlpi_pending_arrive(&p, &l, 8200, &MEM, NULL, &pr));
	assert_false(vlpi_pending_arrive(&p, &l, 8200, &MEM, NULL, &pr)); /* still one pending state */
	assert_false(vlpi_pending_arrive(&p, &l, 8202, &MEM, NULL, &pr));
	assert_false(vlpi_pending_arrive(&p, &l, 70000, &MEM, NULL, &pr)); /* undeliverable: not kept */
	assert_int_equal(p.n, 2);
	/* INV before enabling: nothing */
	assert_int_equal(vlpi_pending_recheck(&p, &l, 8200, &MEM, NULL, ready, prio, 4), 0);
	/* the guest enables 8200 and 8202, then INV 8200: only 8200 comes out */
	ram[0x10000 + 8] = 0xa3;
	ram[0x10000 + 10] = 0x43;
	assert_int_equal(vlpi_pending_recheck(&p, &l, 8200, &MEM, NULL, ready, prio, 4), 1);
	assert_int_equal(ready[0], 8200);
	assert_int_equal(prio[0], 0xa0);
	assert_int_equal(p.n, 1);
	/* CLEAR withdraws 8202 before the INVALL that would have delivered it */
	vlpi_pending_clear(&p, 8202);
	assert_int_equal(vlpi_pending_recheck(&p, &l, VLPI_ALL, &MEM, NULL, ready, prio, 4), 0);
	assert_int_equal(p.n, 0);
}

/* MOVALL: the LPIs kept while disabled at one vCPU are kept at the other, once each, and
 * delivered there by the INVALL after enabling. */
static void test_pending_move(void **state)
{
	struct vgicr_lpi l;
	struct vlpi_pending a, b;
	uint32_t ready[4];
	uint8_t prio[4], pr;

	(void)state;
	enabled_table(&l); /* every LPI disabled */
	vlpi_pending_init(&a);
	vlpi_pending_init(&b);
	assert_false(vlpi_pending_arrive(&a, &l, 8200, &MEM, NULL, &pr));
	assert_false(vlpi_pending_arrive(&a, &l, 8201, &MEM, NULL, &pr));
	assert_false(vlpi_pending_arrive(&b, &l, 8201, &MEM, NULL, &pr));
	vlpi_pending_move(&a, &b);
	assert_int_equal(a.n, 0);
	assert_int_equal(b.n, 2);
	ram[0x10000 + 8] = 0x31; /* 8200 and 8201 enabled, priority 0x30 */
	ram[0x10000 + 9] = 0x31;
	assert_int_equal(vlpi_pending_recheck(&a, &l, VLPI_ALL, &MEM, NULL, ready, prio, 4), 0);
	assert_int_equal(vlpi_pending_recheck(&b, &l, VLPI_ALL, &MEM, NULL, ready, prio, 4), 2);
	assert_true((ready[0] == 8200 && ready[1] == 8201) || (ready[0] == 8201 && ready[1] == 8200));
	assert_int_equal(prio[0], 0x30);
	/* a full destination: the moved one is dropped and counted */
	ram[0x10000 + 8] = 0;
	ram[0x10000 + 9] = 0;
	for (unsigned i = 0; i < VLPI_PENDING_MAX; i++)
		assert_false(vlpi_pending_arrive(&b, &l, 9000 + i, &MEM, NULL, &pr));
	assert_false(vlpi_pending_arrive(&a, &l, 8200, &MEM, NULL, &pr));
	vlpi_pending_move(&a, &b);
	assert_int_equal(a.n, 0);
	assert_int_equal(b.n, VLPI_PENDING_MAX);
	assert_int_equal(b.dropped, 1);
}

static void test_pending_bounds(void **state)
{
	struct vgicr_lpi l;
	struct vlpi_pending p;
	uint32_t ready[VLPI_PENDING_MAX];
	uint8_t prio[VLPI_PENDING_MAX], pr;
	unsigned got = 0, n;

	(void)state;
	enabled_table(&l); /* every LPI disabled (zero bytes) */
	vlpi_pending_init(&p);
	for (unsigned i = 0; i < VLPI_PENDING_MAX + 5; i++)
		assert_false(vlpi_pending_arrive(&p, &l, 9000 + i, &MEM, NULL, &pr));
	assert_int_equal(p.n, VLPI_PENDING_MAX);
	assert_int_equal(p.dropped, 5);
	/* INVALL after enabling all: out in batches of max, nothing lost or repeated */
	memset(ram + 0x10000 + (9000 - 8192), 0x11, VLPI_PENDING_MAX + 5);
	while ((n = vlpi_pending_recheck(&p, &l, VLPI_ALL, &MEM, NULL, ready + got, prio + got, 10)) > 0)
		got += n;
	assert_int_equal(got, VLPI_PENDING_MAX);
	for (unsigned i = 0; i < got; i++) {
		assert_true(ready[i] >= 9000 && ready[i] < 9000 + VLPI_PENDING_MAX);
		assert_int_equal(prio[i], 0x10);
		for (unsigned j = 0; j < i; j++)
			assert_int_not_equal(ready[i], ready[j]);
	}
	assert_int_equal(p.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks),          cmocka_unit_test(test_registers),
		cmocka_unit_test(test_enabled_prio),   cmocka_unit_test(test_table_bounds),
		cmocka_unit_test(test_config_states),  cmocka_unit_test(test_pending_while_disabled),
		cmocka_unit_test(test_pending_bounds), cmocka_unit_test(test_pending_move),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
