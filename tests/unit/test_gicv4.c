/* GICv4.0 virtual LPI registers. Expected values are written out by hand from IHI 0069 (GICv4.0
 * layouts), never computed with the code under test:
 *
 *   GICR_VPROPBASER  VLPI_base (RD_base + 0x20000) + 0x70: [4:0] IDbits, [9:7] InnerCache,
 *                    [11:10] Shareability, [51:12] Physical_Address, [58:56] OuterCache
 *   GICR_VPENDBASER  VLPI_base + 0x78: [9:7] InnerCache, [11:10] Shareability, [51:16]
 *                    Physical_Address, [58:56] OuterCache, [60] Dirty, [61] PendingLast,
 *                    [62] IDAI, [63] Valid
 *   GICR_TYPER [1] VLPIS: the redistributor has four 64 KiB frames (RD, SGI, VLPI, reserved)
 *   instead of two; ICH_VTR_EL2 [20] nV4: no direct injection of virtual LPIs
 *   GITS_TYPER [1] Virtual, [37] VMOVP; GITS_BASER Type 2 = vPE; GITS_CTLR [7:4] ITS_Number */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/hw/gicv4.h"

static const struct gicv4_mem_attr WAWB_INNER = { .inner_cache = 7, .shareability = 1 };

static void test_masks_and_offsets(void **state)
{
	(void)state;
	assert_int_equal(GICR_VPROPBASER, 0x20070);
	assert_int_equal(GICR_VPENDBASER, 0x20078);
	assert_int_equal(GICR_VPROPBASER_IDBITS, 0x1f);
	assert_int_equal(GICR_VPROPBASER_INNER_CACHE, 0x380);
	assert_int_equal(GICR_VPROPBASER_SHAREABILITY, 0xc00);
	assert_int_equal(GICR_VPROPBASER_PA, 0x000ffffffffff000);
	assert_int_equal(GICR_VPROPBASER_OUTER_CACHE, 0x0700000000000000);
	assert_int_equal(GICR_VPENDBASER_PA, 0x000fffffffff0000);
	assert_int_equal(GICR_VPENDBASER_OUTER_CACHE, 0x0700000000000000);
	assert_int_equal(GICR_VPENDBASER_DIRTY, 0x1000000000000000);
	assert_int_equal(GICR_VPENDBASER_PENDING_LAST, 0x2000000000000000);
	assert_int_equal(GICR_VPENDBASER_IDAI, 0x4000000000000000);
	assert_int_equal(GICR_VPENDBASER_VALID, 0x8000000000000000);
	assert_int_equal(GITS_TYPER_VMOVP, 0x2000000000);
	assert_int_equal(GITS_CTLR_ITS_NUMBER, 0xf0);
	assert_int_equal(GITS_BASER_TYPE_VPE, 2);
}

static void test_table_sizes(void **state)
{
	(void)state;
	/* 16 vINTID bits: 65536 - 8192 property bytes, 65536 / 8 pending bytes. */
	assert_int_equal(gicv4_vprop_bytes(16), 57344);
	assert_int_equal(gicv4_vpt_bytes(16), 8192);
	/* 14 bits: 8192 LPIs' bytes; 16384 / 8 = 2 KiB pending. */
	assert_int_equal(gicv4_vprop_bytes(14), 8192);
	assert_int_equal(gicv4_vpt_bytes(14), 2048);
	/* Fewer than 14 bits have no LPI; more than bulkhead sets up are refused. */
	assert_int_equal(gicv4_vprop_bytes(13), 0);
	assert_int_equal(gicv4_vpt_bytes(13), 0);
	assert_int_equal(gicv4_vprop_bytes(17), 0);
	assert_int_equal(gicv4_vpt_bytes(24), 0);
}

/* The pending table of 16 vINTID bits: 8 KiB, vINTID n at bit n % 8 of byte n / 8 (IHI 0069,
 * "Virtual LPI Pending table"); bytes 0-1023 (INTIDs below 8192) are IMPLEMENTATION DEFINED. */
static void test_vpt_take_pending(void **state)
{
	static uint64_t vpt[8192 / 8];
	uint8_t *bytes = (uint8_t *)vpt;
	uint32_t got[4];

	(void)state;
	memset(vpt, 0, sizeof(vpt));
	bytes[0] = 0xff;           /* the IMPLEMENTATION DEFINED area: not vLPIs */
	bytes[1024] = 0x01 | 0x20; /* 8192, 8197 */
	bytes[1025] = 0x80;        /* 8207 */
	bytes[8191] = 0x80;        /* 65535 */
	bytes[2000] = 0x04;        /* 16002 */
	assert_int_equal(gicv4_vpt_take_pending(vpt, 16, got, 4), 4);
	assert_int_equal(got[0], 8192);
	assert_int_equal(got[1], 8197);
	assert_int_equal(got[2], 8207);
	assert_int_equal(got[3], 16002);
	assert_int_equal(bytes[1024], 0);
	assert_int_equal(bytes[1025], 0);
	assert_int_equal(bytes[2000], 0);
	assert_int_equal(bytes[8191], 0x80); /* beyond max: still pending */
	assert_int_equal(gicv4_vpt_take_pending(vpt, 16, got, 4), 1);
	assert_int_equal(got[0], 65535);
	assert_int_equal(gicv4_vpt_take_pending(vpt, 16, got, 4), 0);
	assert_int_equal(bytes[0], 0xff);
	/* 14 bits: 2 KiB, nothing read beyond */
	bytes[2047] = 0x80; /* 16383 */
	bytes[2048] = 0x01; /* 16384: beyond a 14-bit table */
	assert_int_equal(gicv4_vpt_take_pending(vpt, 14, got, 4), 1);
	assert_int_equal(got[0], 16383);
	assert_int_equal(bytes[2048], 0x01);
}

static void test_vpropbaser(void **state)
{
	(void)state;
	/* Table at 0x4812_3000, 16 bits (IDbits 15 = 0xf), InnerCache 7 (0x380), inner shareable
	 * (0x400). */
	assert_int_equal(gicv4_vpropbaser(0x48123000, 16, WAWB_INNER), 0x4812378f);
	/* Address bits below 4 KiB and above bit 51 are not the register's. */
	assert_int_equal(gicv4_vpropbaser(0xfffff00048123fff, 14, (struct gicv4_mem_attr){ 0, 0 }), 0x000ff0004812300d);
}

static void test_vpendbaser(void **state)
{
	(void)state;
	/* Pending table at 0x4a05_0000: Valid, WaWb, inner shareable; neither flag. */
	assert_int_equal(gicv4_vpendbaser_resident(0x4a050000, WAWB_INNER, false, false), 0x800000004a050780);
	/* Made resident again: PendingLast (61) and IDAI (62) as asked. */
	assert_int_equal(gicv4_vpendbaser_resident(0x4a050000, WAWB_INNER, true, false), 0xa00000004a050780);
	assert_int_equal(gicv4_vpendbaser_resident(0x4a050000, WAWB_INNER, true, true), 0xe00000004a050780);
	/* A pending table address keeps bits [51:16] only. */
	assert_int_equal(gicv4_vpendbaser_resident(0x4a05ffff, (struct gicv4_mem_attr){ 0, 0 }, false, false),
			 0x800000004a050000);
	assert_int_equal(GICV4_VPENDBASER_NOT_RESIDENT, 0);
	/* Dirty is bit 60, nothing else. */
	assert_true(gicv4_vpendbaser_busy(0x1000000000000000));
	assert_false(gicv4_vpendbaser_busy(0xe00000004a050780));
}

static void test_redist_bytes(void **state)
{
	(void)state;
	assert_int_equal(GICV4_GICR_TYPER_VLPIS, 0x2);
	assert_int_equal(gicv4_redist_bytes(0x0000000000000001), 0x20000); /* PLPIS only */
	assert_int_equal(gicv4_redist_bytes(0x0000000100000013), 0x40000); /* PLPIS, VLPIS, Last */
}

static void test_missing(void **state)
{
	struct gicv4_support all = {
		.its_virtual = true, .its_vpe_table = true, .n_cpus = 4, .cpus_vlpis = 4, .cpuif_nv4 = false
	};
	struct gicv4_support s;

	(void)state;
	assert_null(gicv4_missing(&all));
	s = all;
	s.its_virtual = false; /* QEMU gic-version=3 */
	s.its_vpe_table = false;
	s.cpus_vlpis = 0;
	s.cpuif_nv4 = true;
	assert_string_equal(gicv4_missing(&s), "GITS_TYPER.Virtual clear");
	s = all;
	s.its_vpe_table = false;
	assert_string_equal(gicv4_missing(&s), "no vPE table (GITS_BASER type 2)");
	s = all;
	s.cpus_vlpis = 3;
	assert_string_equal(gicv4_missing(&s), "a redistributor without GICR_TYPER.VLPIS");
	s = all;
	s.n_cpus = s.cpus_vlpis = 0;
	assert_string_equal(gicv4_missing(&s), "a redistributor without GICR_TYPER.VLPIS");
	s = all;
	s.cpuif_nv4 = true;
	assert_string_equal(gicv4_missing(&s), "ICH_VTR_EL2.nV4 set");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks_and_offsets), cmocka_unit_test(test_table_sizes),
		cmocka_unit_test(test_vpt_take_pending),  cmocka_unit_test(test_vpropbaser),
		cmocka_unit_test(test_vpendbaser),        cmocka_unit_test(test_redist_bytes),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
