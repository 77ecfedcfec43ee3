/* SMMUv2 pure encoders and decoders. Every expected word is worked out by hand from the field
 * positions in the Arm SMMUv2 architecture specification (IHI 0062), never produced by the code
 * under test:
 *
 *   SMR      ID [14:0], MASK [30:16], VALID [31]
 *   S2CR     CBNDX [7:0], TYPE [17:16] (0 translate, 1 bypass, 2 fault)
 *   CBAR     VMID [7:0], TYPE [17:16] (0 stage 2 only), IRPTNDX [31:24]
 *   CBA2R    VA64 [0], VMID16 [31:16]
 *   CB_TCR   (stage 2, AArch64) T0SZ [5:0], SL0 [7:6], IRGN0 [9:8], ORGN0 [11:10], SH0 [13:12],
 *            TG0 [15:14], PASize [18:16]
 *   CB_SCTLR M [0], TRE [1], AFE [2], CFRE [5], CFIE [6]
 *   sCR0     CLIENTPD [0], GFRE [1], GFIE [2], EXIDENABLE [3], GCFGFRE [4], GCFGFIE [5],
 *            USFCFG [10], VMIDPNE [11], PTM [12], FB [13], BSU [15:14], SMCFCFG [21],
 *            SHCFG [23:22], VMID16EN [31]
 *   ID0      NUMSMRG [7:0], NUMSIDB [12:9], NUMIRPT [23:16], SMS [27], NTS [28], S2TS [29], S1TS [30]
 *   ID1      NUMCB [7:0], NUMS2CB [23:16], NUMPAGENDXB [30:28], PAGESIZE [31]
 *   ID2      IAS [3:0], OAS [7:4], PTFS_4K [12], PTFS_64K [14], VMID16 [15]; ID7 MINOR [3:0], MAJOR [7:4]
 *   sGFSR    USF [1], MULTI [31]; sGFSYNR0 WNR [1]; sGFSYNR1 StreamID [15:0]
 *   CB_FSR   TF [1], AFF [2], PF [3], EF [4], ASF [7]; CB_FSYNR0 WNR [4]; CBFRSYNRA StreamID [15:0] */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/smmu/smmuv2_desc.h"
#include "drivers/smmu/smmuv2_regs.h"

static void test_masks(void **state)
{
	(void)state;
	assert_int_equal(SMR_ID, 0x00007fff);
	assert_int_equal(SMR_MASK, 0x7fff0000);
	assert_int_equal(SMR_VALID, 0x80000000);
	assert_int_equal(S2CR_TYPE, 0x00030000);
	assert_int_equal(CBAR_IRPTNDX, 0xff000000);
	assert_int_equal(ID1_NUMPAGENDXB, 0x70000000);
	assert_int_equal(CB_TCR_PASIZE, 0x00070000);
	assert_int_equal(SMMUV2_SMR(3), 0x80c);
	assert_int_equal(SMMUV2_S2CR(3), 0xc0c);
	assert_int_equal(SMMUV2_CBA2R(2), 0x808);
	assert_int_equal(SMMUV2_CBFRSYNRA(1), 0x404);
}

static void test_smr(void **state)
{
	(void)state;
	/* Tegra: SID 0x20 with stream-match-mask 0x7f80. */
	assert_int_equal(smmuv2_smr(0x20, 0x7f80, true), 0xff800020);
	assert_int_equal(smmuv2_smr(0x13, 0, true), 0x80000013);
	/* Linux-style probe of implemented bits: all ones, not valid. */
	assert_int_equal(smmuv2_smr(0x7fff, 0x7fff, false), 0x7fff7fff);
	assert_int_equal(smmuv2_smr(0, 0, false), 0);
}

static void test_s2cr(void **state)
{
	(void)state;
	assert_int_equal(smmuv2_s2cr_translate(5), 0x00000005);
	assert_int_equal(smmuv2_s2cr_translate(0x7f), 0x0000007f);
	assert_int_equal(smmuv2_s2cr_fault(), 0x00020000);
}

static void test_context_bank(void **state)
{
	(void)state;
	assert_int_equal(smmuv2_cbar_s2(3, 2), 0x02000003);
	assert_int_equal(smmuv2_cbar_s2(0xff, 0), 0x000000ff);
	assert_int_equal(smmuv2_cba2r(0), 0x00000001);
	assert_int_equal(smmuv2_cba2r(0x1234), 0x12340001);
	assert_int_equal(smmuv2_cb_sctlr_enable(), 0x67);
}

static void test_tcr_from_vtcr(void **state)
{
	/* 40-bit IPA: T0SZ 24, SL0 1 (start at level 1), IRGN0 = ORGN0 = 1 (WBWA), SH0 3, TG0 0
	 * (4 KiB), PS 2 (40 bits), plus VS [19] and RES1 [31], which have no place in CB_TCR. */
	const uint64_t vtcr = 0x18 | 1 << 6 | 1 << 8 | 1 << 10 | 3 << 12 | 2 << 16 | 1 << 19 | 1u << 31;

	(void)state;
	assert_int_equal(vtcr, 0x800a3558);
	assert_int_equal(smmuv2_cb_tcr_from_vtcr(vtcr), 0x00023558);
	/* 48-bit: T0SZ 16, SL0 2 (level 0), PS 5. */
	assert_int_equal(smmuv2_cb_tcr_from_vtcr(0x80053590), 0x00053590);
}

static void test_scr0(void **state)
{
	(void)state;
	/* Reset value with CLIENTPD set: USFCFG, GFRE, GFIE, GCFGFRE, GCFGFIE, VMIDPNE, PTM, SMCFCFG. */
	assert_int_equal(smmuv2_scr0(0x00000001, false), 0x00201c36);
	/* Firmware left FB, BSU = 3, EXIDENABLE and SHCFG = 1: the first three go, SHCFG stays. */
	assert_int_equal(smmuv2_scr0(0x0040e009, false), 0x00601c36);
	assert_int_equal(smmuv2_scr0(0, true), 0x80201c36);
	/* Already right: unchanged. */
	assert_int_equal(smmuv2_scr0(0x00201c36, false), 0x00201c36);
}

static void test_idr_tegra_like(void **state)
{
	/* A Tegra194-like MMU-500: 128 SMRs, 15 SID bits, 1 context interrupt, stages 1, 2, nested;
	 * 64 KiB pages, 64 of them global (8 MiB window), 64 context banks; 48-bit IAS/OAS, 4K and
	 * 64K granules, 16-bit VMIDs; r2p1. */
	struct smmuv2_idr r = smmuv2_idr_decode(0x78011e80, 0xd0000040, 0x0000d055, 0x21);

	(void)state;
	assert_int_equal(r.num_smrg, 128);
	assert_true(r.sms);
	assert_true(r.s1ts);
	assert_true(r.s2ts);
	assert_true(r.nts);
	assert_false(r.exids);
	assert_int_equal(r.num_sid_bits, 15);
	assert_int_equal(r.num_irpt, 1);
	assert_int_equal(r.page_shift, 16);
	assert_int_equal(r.num_page, 64);
	assert_int_equal(r.num_cb, 64);
	assert_int_equal(r.num_s2cb, 0);
	assert_int_equal(r.ias_bits, 48);
	assert_int_equal(r.oas_bits, 48);
	assert_int_equal(r.oas_field, 5);
	assert_true(r.ptfs_4k);
	assert_true(r.vmid16);
	assert_int_equal(r.major, 2);
	assert_int_equal(r.minor, 1);
}

static void test_idr_small(void **state)
{
	/* Stage 2 only, indexing (no SMS), 4 KiB pages, NUMPAGENDXB 0 (2 pages), 8 banks of which
	 * 8 stage-2 only, IAS 40 (2), OAS 36 (1), no 4K granule; IAS 7 is reserved. */
	struct smmuv2_idr r = smmuv2_idr_decode(0x20000010, 0x00080008, 0x00000012, 0x10);
	struct smmuv2_idr bad = smmuv2_idr_decode(0, 0, 0x77, 0);

	(void)state;
	assert_int_equal(r.num_smrg, 16);
	assert_false(r.sms);
	assert_false(r.s1ts);
	assert_true(r.s2ts);
	assert_int_equal(r.page_shift, 12);
	assert_int_equal(r.num_page, 2);
	assert_int_equal(r.num_cb, 8);
	assert_int_equal(r.num_s2cb, 8);
	assert_int_equal(r.ias_bits, 40);
	assert_int_equal(r.oas_bits, 36);
	assert_false(r.ptfs_4k);
	assert_false(r.vmid16);
	assert_int_equal(r.major, 1);
	assert_int_equal(bad.ias_bits, 0);
	assert_int_equal(bad.oas_bits, 0);
}

static void test_global_fault(void **state)
{
	/* USF + MULTI, a write (WNR), stream 0x21, address 0x1234000. */
	struct smmuv2_fault f = smmuv2_gfault_decode(0x80000002, 0x2, 0x00050021, 0x1234000);
	char line[256];

	(void)state;
	assert_string_equal(f.name, "sGFSR.USF");
	assert_true(f.global);
	assert_int_equal(f.sid, 0x21); /* SSD_Index 5 in [31:16] is not the stream */
	assert_true(f.has_addr);
	assert_false(f.read);
	assert_true(f.multi);
	smmuv2_fault_format(line, sizeof(line), &f, "none", "unknown");
	assert_string_equal(line, "sGFSR.USF: partition none, device unknown, sid 0x21: write to IOVA 0x1234000: "
				  "stream ID matches no stream mapping register (not assigned)");
	/* A configuration fault has no address. */
	f = smmuv2_gfault_decode(0x8, 0, 0x7, 0xdead);
	assert_string_equal(f.name, "sGFSR.UCBF");
	assert_false(f.has_addr);
	smmuv2_fault_format(line, sizeof(line), &f, "host", "/dma@1");
	assert_string_equal(line, "sGFSR.UCBF: partition host, device /dma@1, sid 0x7: S2CR names a context bank "
				  "that is not implemented");
}

static void test_context_fault(void **state)
{
	/* TF, a read (WNR clear), FAR 0x80001000, CBFRSYNRA stream 0x13. Same shape as the SMMUv3
	 * line "F_TRANSLATION: partition P, device D, sid 0xS: read from IOVA 0xA: translation fault:
	 * not in the partition's memory". */
	struct smmuv2_fault f = smmuv2_cbfault_decode(2, 0x2, 0x0, 0x80001000, 0x13);
	char line[256];

	(void)state;
	assert_string_equal(f.name, "CB_FSR.TF");
	assert_false(f.global);
	assert_int_equal(f.cb, 2);
	assert_true(f.read);
	assert_false(f.multi);
	smmuv2_fault_format(line, sizeof(line), &f, "guest", "/ethernet@2490000");
	assert_string_equal(line, "CB_FSR.TF: partition guest, device /ethernet@2490000, sid 0x13: read from IOVA "
				  "0x80001000: translation fault: not in the partition's memory");
	/* A permission fault on a write (WNR = bit 4). */
	f = smmuv2_cbfault_decode(0, 0x8, 0x10, 0x4000, 0x5);
	assert_string_equal(f.name, "CB_FSR.PF");
	assert_false(f.read);
	/* Several bits: the translation fault is named, MULTI noted. */
	f = smmuv2_cbfault_decode(0, 0x80000012, 0, 0, 0);
	assert_string_equal(f.name, "CB_FSR.TF");
	assert_true(f.multi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks),          cmocka_unit_test(test_smr),
		cmocka_unit_test(test_s2cr),           cmocka_unit_test(test_context_bank),
		cmocka_unit_test(test_tcr_from_vtcr),  cmocka_unit_test(test_scr0),
		cmocka_unit_test(test_idr_tegra_like), cmocka_unit_test(test_idr_small),
		cmocka_unit_test(test_global_fault),   cmocka_unit_test(test_context_fault),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
