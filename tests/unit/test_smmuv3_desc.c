/* SMMUv3 pure encoders and decoders. Every expected word is written out by hand from the bit
 * positions in the SMMUv3 specification (IHI 0070), never produced by the code under test:
 *
 *   STE  dword0: V [0], Config [3:1], S1Fmt [5:4], S1ContextPtr [51:6], S1CDMax [63:59]
 *        dword1: S1CIR [3:2], S1COR [5:4], S1CSH [7:6], STRW [31:30], SHCFG [45:44]
 *        dword2: S2VMID [15:0], VTCR[18:0] at [50:32], S2AA64 [51], S2R [58]
 *        dword3: S2TTB [51:4]
 *   CD   dword0: T0SZ [5:0], TG0 [7:6], IRGN0 [9:8], ORGN0 [11:10], SH0 [13:12], EPD1 [30],
 *                V [31], IPS [34:32], AA64 [41], R [45], A [46], ASET [47], ASID [63:48]
 *        dword1: TTB0 [51:4]; dword3: MAIR
 *   CMD  dword0: opcode [7:0], SYNC.CS [13:12], TLBI VMID [47:32] / ASID [63:48], CFGI SID [63:32]
 *        dword1: CFGI Leaf [0] / Range [4:0]
 *   EVT  word0 [7:0] type, [11] SSV, [31:12] SubstreamID; word1 StreamID; word3 bit 1 PnU,
 *        bit 2 InD, bit 3 RnW, bit 7 S2, [9:8] CLASS; words 4-5 InputAddr; words 6-7 IPA
 *        [51:12] or FetchAddr [51:3].
 *
 * The ID register values are the ones QEMU 7.2 virt,iommu=smmuv3 returns (measured, see
 * /work/shared/docs/QEMU-VIRT-FACTS.md section 1.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/smmu/smmuv3_desc.h"
#include "drivers/smmu/smmuv3_regs.h"

#define QEMU_IDR0 0x0d40101au
#define QEMU_IDR1 0x02730010u
#define QEMU_IDR5 0x00000074u

static void assert_words(const uint64_t *got, const uint64_t *want, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (got[i] != want[i])
			print_error("word %u: got 0x%016llx want 0x%016llx\n", i, (unsigned long long)got[i],
				    (unsigned long long)want[i]);
		assert_int_equal(got[i], want[i]);
	}
}

/* A buffer full of junk, so that an encoder that forgets a word is caught. */
static void junk(uint64_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w[i] = 0xa5a5a5a5a5a5a5a5ull;
}

/* ---- Register masks ------------------------------------------------------------------ */

static void test_masks(void **state)
{
	(void)state;
	assert_int_equal(IDR0_ST_LEVEL, 0x18000000);
	assert_int_equal(IDR1_CMDQS, 0x03e00000);
	assert_int_equal(IDR1_EVENTQS, 0x001f0000);
	assert_int_equal(STRTAB_BASE_ADDR, 0x000fffffffffffc0ull);
	assert_int_equal(Q_BASE_ADDR, 0x000fffffffffffe0ull);
	assert_int_equal(STRTAB_BASE_CFG_FMT, 0x30000);
	assert_int_equal(STRTAB_BASE_CFG_SPLIT, 0x7c0);
	assert_int_equal(CMDQ_CONS_ERR, 0x7f000000);
	assert_int_equal(STRTAB_STE_0_S1CTXPTR, 0x000fffffffffffc0ull);
	assert_int_equal(STRTAB_STE_2_S2PS, 0x0007000000000000ull);
	assert_int_equal(CTXDESC_CD_0_ASID, 0xffff000000000000ull);
	assert_int_equal(EVTQ_3_IPA, 0x000ffffffffff000ull);
	assert_int_equal(SMMU_EVENTQ_PROD, 0x100a8);
	assert_int_equal(SMMU_EVENTQ_CONS, 0x100ac);
}

/* ---- ID registers -------------------------------------------------------------------- */

static void test_idr_qemu(void **state)
{
	struct smmuv3_features f = smmuv3_decode_idr(QEMU_IDR0, QEMU_IDR1, QEMU_IDR5);

	(void)state;
	assert_true(f.s1p);
	assert_false(f.s2p);
	assert_true(f.st_2lvl);
	assert_true(f.ttf_aarch64);
	assert_true(f.le_tables);
	assert_true(f.coherent);
	assert_true(f.asid16);
	assert_false(f.vmid16);
	assert_false(f.hyp);
	assert_false(f.msi);
	assert_false(f.cd2l);
	assert_false(f.tables_preset);
	assert_false(f.queues_preset);
	assert_int_equal(f.sidsize, 16);
	assert_int_equal(f.ssidsize, 0);
	assert_int_equal(f.cmdq_max_log2, 19);
	assert_int_equal(f.eventq_max_log2, 19);
	assert_int_equal(f.oas, 4);
	assert_int_equal(f.oas_bits, 44);
	assert_true(f.gran4k);
	assert_true(f.gran16k);
	assert_true(f.gran64k);
}

static void test_idr_other(void **state)
{
	/* S2P [0], TTF=0b01 AArch32 only [3:2], HYP [9], VMID16 [18], CD2L [19],
	 * TTENDIAN=0b11 big-endian [22:21], ST_LEVEL=0b00 [28:27]. */
	uint32_t idr0 = (1u << 0) | (1u << 2) | (1u << 9) | (1u << 18) | (1u << 19) | (3u << 21);
	/* SIDSIZE 8, SSIDSIZE 5 [10:6], EVENTQS 7, CMDQS 8, QUEUES_PRESET [29],
	 * TABLES_PRESET [30] */
	uint32_t idr1 = 8u | (5u << 6) | (7u << 16) | (8u << 21) | (1u << 29) | (1u << 30);
	struct smmuv3_features f = smmuv3_decode_idr(idr0, idr1, 0x6 /* OAS 52, no granules */);

	(void)state;
	assert_false(f.s1p);
	assert_true(f.s2p);
	assert_false(f.st_2lvl);
	assert_false(f.ttf_aarch64);
	assert_false(f.le_tables);
	assert_false(f.coherent);
	assert_true(f.hyp);
	assert_true(f.vmid16);
	assert_true(f.cd2l);
	assert_true(f.queues_preset);
	assert_true(f.tables_preset);
	assert_int_equal(f.sidsize, 8);
	assert_int_equal(f.ssidsize, 5);
	assert_int_equal(f.eventq_max_log2, 7);
	assert_int_equal(f.cmdq_max_log2, 8);
	assert_int_equal(f.oas_bits, 52);
	assert_false(f.gran4k);

	/* TTF=0b11 is both formats; TTENDIAN=0b00 is mixed-endian, which allows LE. */
	f = smmuv3_decode_idr((3u << 2), 0, 7);
	assert_true(f.ttf_aarch64);
	assert_true(f.le_tables);
	assert_int_equal(f.oas_bits, 56);
}

static void test_ps(void **state)
{
	unsigned ps = 99;

	(void)state;
	assert_int_equal(smmuv3_ps_bits(0), 32);
	assert_int_equal(smmuv3_ps_bits(2), 40);
	assert_int_equal(smmuv3_ps_bits(5), 48);
	assert_int_equal(smmuv3_ps_bits(8), 0);
	assert_true(smmuv3_ps_encode(44, &ps));
	assert_int_equal(ps, 4);
	assert_true(smmuv3_ps_encode(42, &ps));
	assert_int_equal(ps, 3);
	assert_false(smmuv3_ps_encode(45, &ps));
	assert_false(smmuv3_ps_encode(64, &ps));
}

/* ---- Stream table geometry ----------------------------------------------------------- */

static void test_plan_linear(void **state)
{
	struct smmuv3_features f = smmuv3_decode_idr(QEMU_IDR0, QEMU_IDR1, QEMU_IDR5);
	struct smmuv3_strtab_plan p;

	(void)state;
	/* edu at 00:03.0 is StreamID 0x18: 5 bits, 32 STEs, 2 KiB, FMT 0, LOG2SIZE 5. */
	assert_true(smmuv3_strtab_plan(&f, 0x18, &p));
	assert_false(p.two_level);
	assert_int_equal(p.log2size, 5);
	assert_int_equal(p.split, 0);
	assert_int_equal(p.table_size, 2048);
	assert_int_equal(p.base_cfg, 0x5);

	/* Buses 0-3: 10 bits, the largest linear table, 64 KiB. */
	assert_true(smmuv3_strtab_plan(&f, 0x3ff, &p));
	assert_false(p.two_level);
	assert_int_equal(p.log2size, 10);
	assert_int_equal(p.table_size, 0x10000);
	assert_int_equal(p.base_cfg, 0xa);

	/* StreamID 0 alone: one STE. */
	assert_true(smmuv3_strtab_plan(&f, 0, &p));
	assert_int_equal(p.log2size, 0);
	assert_int_equal(p.table_size, 64);
	assert_int_equal(p.base_cfg, 0);
}

static void test_plan_two_level(void **state)
{
	struct smmuv3_features f = smmuv3_decode_idr(QEMU_IDR0, QEMU_IDR1, QEMU_IDR5);
	struct smmuv3_strtab_plan p;

	(void)state;
	/* 0x400 needs 11 bits: 2-level, SPLIT 8, 8 L1 descriptors (64 bytes), 16 KiB L2 tables.
	 * BASE_CFG = FMT 1 << 16 | SPLIT 8 << 6 | LOG2SIZE 11 = 0x10000 | 0x200 | 0xb. */
	assert_true(smmuv3_strtab_plan(&f, 0x400, &p));
	assert_true(p.two_level);
	assert_int_equal(p.log2size, 11);
	assert_int_equal(p.split, 8);
	assert_int_equal(p.l1_entries, 8);
	assert_int_equal(p.table_size, 64);
	assert_int_equal(p.l2_size, 16384);
	assert_int_equal(p.l1_span, 9);
	assert_int_equal(p.base_cfg, 0x1020b);

	/* The whole 16-bit space (iommu-map length 0x10000): 256 descriptors, 2 KiB. */
	assert_true(smmuv3_strtab_plan(&f, 0xffff, &p));
	assert_true(p.two_level);
	assert_int_equal(p.l1_entries, 256);
	assert_int_equal(p.table_size, 2048);
	assert_int_equal(p.base_cfg, 0x10210);

	/* Beyond SIDSIZE: no plan. */
	assert_false(smmuv3_strtab_plan(&f, 0x10000, &p));
}

static void test_plan_no_2lvl(void **state)
{
	struct smmuv3_features f = smmuv3_decode_idr(QEMU_IDR0 & ~(3u << 27), QEMU_IDR1, QEMU_IDR5);
	struct smmuv3_strtab_plan p;

	(void)state;
	assert_false(f.st_2lvl);
	/* Without 2-level support a 16-bit space is a 4 MiB linear table. */
	assert_true(smmuv3_strtab_plan(&f, 0xffff, &p));
	assert_false(p.two_level);
	assert_int_equal(p.table_size, 0x400000);
	assert_int_equal(p.base_cfg, 0x10);
}

static void test_l1_desc(void **state)
{
	(void)state;
	/* L2Ptr [51:6] | Span [4:0] */
	assert_int_equal(smmuv3_l1_desc(pa(0x42000000), 9), 0x42000009);
	assert_int_equal(smmuv3_l1_desc(pa(0x8042004000ull), 9), 0x8042004009ull);
	assert_int_equal(smmuv3_l1_desc(pa(0x42000000), 0), 0);
}

/* ---- STEs ---------------------------------------------------------------------------- */

static void test_ste_abort_bypass(void **state)
{
	uint64_t ste[8];
	const uint64_t want_abort[8] = { 0x1 };                         /* V, Config 0b000 */
	const uint64_t want_bypass[8] = { 0x9, 0x0000100000000000ull }; /* Config 0b100; SHCFG 1 */

	(void)state;
	junk(ste, 8);
	smmuv3_ste_abort(ste);
	assert_words(ste, want_abort, 8);
	junk(ste, 8);
	smmuv3_ste_bypass(ste);
	assert_words(ste, want_bypass, 8);
}

static void test_ste_closed(void **state)
{
	/* A stage-1 STE (V | Config 0b101 | S1ContextPtr 0x41234540; S1CIR/S1COR WBWA, S1CSH ISH):
	 * closed, only bit 0 (V) of word 0 changes. */
	const uint64_t open[8] = { 0x4123454bull, 0xd4, 0, 0, 0, 0, 0, 0x77 };
	const uint64_t want[8] = { 0x4123454aull, 0xd4, 0, 0, 0, 0, 0, 0x77 };
	uint64_t ste[8];

	(void)state;
	junk(ste, 8);
	smmuv3_ste_closed(ste, open);
	assert_words(ste, want, 8);
	/* In place as well. */
	memcpy(ste, open, sizeof(ste));
	smmuv3_ste_closed(ste, ste);
	assert_words(ste, want, 8);
}

static void test_ste_s1(void **state)
{
	uint64_t ste[8];
	/* V | Config 0b101 (0xa) | S1ContextPtr 0x41234540; S1CIR=1 (0x4) | S1COR=1 (0x10) |
	 * S1CSH=3 (0xc0) | STRW 0 */
	const uint64_t want[8] = { 0x4123454bull, 0xd4 };
	const uint64_t want_abort[8] = { 0x1 };

	(void)state;
	junk(ste, 8);
	assert_true(smmuv3_ste_s1(ste, pa(0x41234540)));
	assert_words(ste, want, 8);

	/* A CD above 4 GiB keeps its high bits. */
	assert_true(smmuv3_ste_s1(ste, pa(0x8000001000ull)));
	assert_int_equal(ste[0], 0x800000100bull);

	/* Not 64-byte aligned, or beyond 52 bits: refused, and the buffer aborts. */
	junk(ste, 8);
	assert_false(smmuv3_ste_s1(ste, pa(0x41234548)));
	assert_words(ste, want_abort, 8);
	assert_false(smmuv3_ste_s1(ste, pa(1ull << 52)));
	assert_words(ste, want_abort, 8);
}

static void test_ste_s2(void **state)
{
	uint64_t ste[8];
	/* VTCR_EL2: T0SZ 24 (0x18) | SL0 1 (0x40) | IRGN0 1 (0x100) | ORGN0 1 (0x400) |
	 * SH0 3 (0x3000) | TG0 0 | PS 2 (0x20000) = 0x23558, plus RES1 bit 31 and VS bit 19 that
	 * the STE must not pick up. */
	struct smmuv3_s2_cfg cfg = {
		.vmid = 0x2a,
		.vttb = pa(0x48000000),
		.vtcr = 0x80000000ull | (1ull << 19) | 0x23558,
	};
	/* dword0: V | Config 0b110 = 0xd. dword1: SHCFG incoming (bit 44).
	 * dword2: VMID 0x2a | 0x23558 << 32 | S2AA64 (bit 51) | S2R (bit 58).
	 * dword3: S2TTB. */
	const uint64_t want[8] = { 0xd, 0x0000100000000000ull, 0x040a35580000002aull, 0x48000000ull };
	const uint64_t want_abort[8] = { 0x1 };

	(void)state;
	junk(ste, 8);
	assert_true(smmuv3_ste_s2(ste, &cfg));
	assert_words(ste, want, 8);

	/* Reserved TG0 (0b11), T0SZ 40, SL0 0b11, PS 7, an unaligned VTTB: all refused. */
	cfg.vtcr = 0x23558 | (3ull << 14);
	assert_false(smmuv3_ste_s2(ste, &cfg));
	assert_words(ste, want_abort, 8);
	cfg.vtcr = (0x23558 & ~0x3full) | 40;
	assert_false(smmuv3_ste_s2(ste, &cfg));
	cfg.vtcr = 0x23558 | (3ull << 6);
	assert_false(smmuv3_ste_s2(ste, &cfg));
	cfg.vtcr = 0x23558 | (7ull << 16);
	assert_false(smmuv3_ste_s2(ste, &cfg));
	cfg.vtcr = 0x23558;
	cfg.vttb = pa(0x48000008);
	assert_false(smmuv3_ste_s2(ste, &cfg));
}

/* ---- CDs ----------------------------------------------------------------------------- */

static void test_cd_s1(void **state)
{
	uint64_t cd[8];
	/* The configuration the QEMU probe used: T0SZ 25, 4K, IPS 44 (4), ASID 1, EPD1. */
	struct smmuv3_cd_cfg cfg = {
		.ttb0 = pa(0x41000000),
		.t0sz = 25,
		.ips_bits = 44,
		.asid = 1,
		.mair = 0xff,
	};
	/* low 32: T0SZ 0x19 | IRGN0 0x100 | ORGN0 0x400 | SH0 0x3000 | EPD1 0x40000000 |
	 *         V 0x80000000 = 0xc0003519
	 * high 32: IPS 4 (bit 32) = 0x4 | AA64 (41) 0x200 | R (45) 0x2000 | A (46) 0x4000 |
	 *          ASET (47) 0x8000 | ASID 1 (48) 0x10000 = 0x1e204 */
	const uint64_t want[8] = { 0x0001e204c0003519ull, 0x41000000, 0, 0xff };
	const uint64_t want_invalid[8] = { 0 };

	(void)state;
	junk(cd, 8);
	assert_true(smmuv3_cd_s1(cd, &cfg));
	assert_words(cd, want, 8);

	/* ASID 0xbeef lands in [63:48]; T0SZ 16 (48-bit VA), IPS 48 (5). */
	cfg.asid = 0xbeef;
	cfg.t0sz = 16;
	cfg.ips_bits = 48;
	assert_true(smmuv3_cd_s1(cd, &cfg));
	assert_int_equal(cd[0], 0xbeefe205c0003510ull);

	/* Refusals leave V = 0 and nothing else. */
	cfg.t0sz = 25;
	cfg.ips_bits = 44;
	const struct {
		pa_t ttb0;
		unsigned t0sz, ips;
	} bad[] = {
		{ pa(0x41000000), 15, 44 }, /* T0SZ below 16 */
		{ pa(0x41000000), 40, 44 }, /* above 39 */
		{ pa(0x41000000), 25, 45 }, /* not an IPS size */
		{ pa(1ull << 44), 25, 44 }, /* TTB0 beyond IPS */
		{ pa(1ull << 48), 25, 52 }, /* beyond 48 bits with a 4K granule */
		{ pa(0x41000008), 25, 44 }, /* bits below TTB0's field */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cfg.ttb0 = bad[i].ttb0;
		cfg.t0sz = bad[i].t0sz;
		cfg.ips_bits = bad[i].ips;
		junk(cd, 8);
		assert_false(smmuv3_cd_s1(cd, &cfg));
		assert_words(cd, want_invalid, 8);
	}
}

/* ---- Commands ------------------------------------------------------------------------ */

static void test_commands(void **state)
{
	uint64_t cmd[2];

	(void)state;
	junk(cmd, 2);
	smmuv3_cmd_cfgi_ste(cmd, 0x18); /* opcode 0x03, SID [63:32], Leaf */
	assert_int_equal(cmd[0], 0x0000001800000003ull);
	assert_int_equal(cmd[1], 0x1);

	junk(cmd, 2);
	smmuv3_cmd_cfgi_all(cmd); /* CFGI_STE_RANGE 0x04, SID 0, Range 31 */
	assert_int_equal(cmd[0], 0x4);
	assert_int_equal(cmd[1], 0x1f);

	junk(cmd, 2);
	smmuv3_cmd_tlbi_nh_asid(cmd, 0x1234); /* 0x11, ASID [63:48], VMID 0 */
	assert_int_equal(cmd[0], 0x1234000000000011ull);
	assert_int_equal(cmd[1], 0);

	junk(cmd, 2);
	smmuv3_cmd_tlbi_s12_vmall(cmd, 0x2a); /* 0x28, VMID [47:32] */
	assert_int_equal(cmd[0], 0x0000002a00000028ull);
	assert_int_equal(cmd[1], 0);

	junk(cmd, 2);
	smmuv3_cmd_tlbi_nsnh_all(cmd);
	assert_int_equal(cmd[0], 0x30);
	assert_int_equal(cmd[1], 0);

	junk(cmd, 2);
	smmuv3_cmd_tlbi_el2_all(cmd);
	assert_int_equal(cmd[0], 0x20);
	assert_int_equal(cmd[1], 0);

	junk(cmd, 2);
	smmuv3_cmd_sync(cmd, SMMUV3_SYNC_NONE); /* 0x46, CS 0 */
	assert_int_equal(cmd[0], 0x46);
	assert_int_equal(cmd[1], 0);
	smmuv3_cmd_sync(cmd, SMMUV3_SYNC_IRQ); /* CS [13:12] = 1 */
	assert_int_equal(cmd[0], 0x1046);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(smmuv3_cmd_name(0x46), "CMD_SYNC");
	assert_string_equal(smmuv3_cmd_name(0x04), "CMD_CFGI_STE_RANGE");
	assert_string_equal(smmuv3_cmd_name(0x25), "UNKNOWN");
	assert_string_equal(smmuv3_cerror_name(1), "ILL");
	assert_string_equal(smmuv3_cerror_name(2), "ABT");
	assert_string_equal(smmuv3_gerror_name(0), "CMDQ_ERR");
	assert_string_equal(smmuv3_gerror_name(2), "EVENTQ_ABT_ERR");
	assert_string_equal(smmuv3_gerror_name(8), "SFM_ERR");
	assert_string_equal(smmuv3_gerror_name(20), "UNKNOWN");
}

/* ---- Queue indices ------------------------------------------------------------------- */

static void test_queue_index(void **state)
{
	(void)state;
	/* 4 entries: index bits [1:0], wrap bit 2. */
	assert_int_equal(smmuv3_q_next(0, 2), 1);
	assert_int_equal(smmuv3_q_next(3, 2), 4); /* index 3 -> 0, wrap 0 -> 1 */
	assert_int_equal(smmuv3_q_next(7, 2), 0); /* index 3 -> 0, wrap 1 -> 0 */
	assert_true(smmuv3_q_empty(4, 4, 2));
	assert_false(smmuv3_q_full(4, 4, 2));
	assert_true(smmuv3_q_full(4, 0, 2)); /* same index, wrap differs */
	assert_true(smmuv3_q_full(5, 1, 2));
	assert_false(smmuv3_q_empty(5, 1, 2));
	assert_false(smmuv3_q_full(2, 1, 2));
	/* CMDQ_CONS.ERR [30:24] and EVENTQ_PROD.OVFLG [31] do not disturb the comparison. */
	assert_true(smmuv3_q_empty(0x0100000b, 0xb, 4));
	assert_true(smmuv3_q_empty(0x80000003, 0x3, 5));
	/* One entry (log2 0): the wrap bit is bit 0. */
	assert_int_equal(smmuv3_q_next(0, 0), 1);
	assert_int_equal(smmuv3_q_next(1, 0), 0);
	assert_true(smmuv3_q_full(1, 0, 0));
}

/* ---- Events -------------------------------------------------------------------------- */

static void test_event_translation(void **state)
{
	/* What QEMU wrote for an edu read of IOVA 0x10000040 (SID 0x18) with no mapping: type
	 * 0x10, StreamID in word 1, RnW (word 3 bit 3) set, InputAddr in words 4-5. */
	const uint32_t rec[8] = { 0x10, 0x18, 0, 0x8, 0x10000040, 0, 0, 0 };
	struct smmuv3_event e = smmuv3_event_decode(rec);

	(void)state;
	assert_int_equal(e.type, 0x10);
	assert_string_equal(e.name, "F_TRANSLATION");
	assert_int_equal(e.sid, 0x18);
	assert_false(e.ssv);
	assert_true(e.has_addr);
	assert_int_equal(e.addr, 0x10000040);
	assert_true(e.read);
	assert_false(e.s2);
	assert_false(e.has_ipa); /* stage 1: IPA is UNKNOWN */
	assert_false(e.has_fetch_addr);

	/* The same as a write, with a 64-bit IOVA and PnU (word 3 bit 1). */
	const uint32_t wr[8] = { 0x10, 0x18, 0, 0x2, 0x89abc000, 0x1234, 0, 0 };
	e = smmuv3_event_decode(wr);
	assert_false(e.read);
	assert_true(e.pnu);
	assert_false(e.ind);
	assert_int_equal(e.addr, 0x0000123489abc000ull);
}

static void test_event_stage2(void **state)
{
	/* F_PERMISSION at stage 2: S2 (word 3 bit 7), CLASS IN = 2 (word 3 [9:8]), RnW clear;
	 * IPA 0x8_1234_5000 in words 6-7, with junk below bit 12 that must be dropped.
	 * SSV (word 0 bit 11) with SubstreamID 5 (word 0 [31:12]). */
	const uint32_t rec[8] = { 0x5813, 0x100, 0, 0x280, 0x7000, 0, 0x12345fff, 0x8 };
	struct smmuv3_event e = smmuv3_event_decode(rec);

	(void)state;
	assert_string_equal(e.name, "F_PERMISSION");
	assert_int_equal(e.sid, 0x100);
	assert_true(e.ssv);
	assert_int_equal(e.ssid, 5);
	assert_true(e.s2);
	assert_int_equal(e.cls, 2);
	assert_false(e.read);
	assert_true(e.has_ipa);
	assert_int_equal(e.ipa, 0x812345000ull);
	assert_int_equal(e.addr, 0x7000);
}

static void test_event_config(void **state)
{
	/* C_BAD_STE: only type and StreamID. */
	const uint32_t bad_ste[8] = { 0x04, 0x200, 0, 0, 0, 0, 0, 0 };
	/* F_STE_FETCH: FetchAddr [51:3] in words 6-7 (0x8040001040). */
	const uint32_t ste_fetch[8] = { 0x03, 0x18, 0, 0, 0, 0, 0x40001040, 0x80 };
	/* F_WALK_EABT: InputAddr, RnW and FetchAddr (the descriptor). */
	const uint32_t walk[8] = { 0x0b, 0x18, 0, 0x108, 0x1000, 0, 0x41002008, 0 };
	/* The record QEMU 7.2 wrote for an edu write to IOVA 0x101000 with TTB0 = 0x5_0000_0000
	 * (nothing there): CLASS TT (word 3 [9:8] = 1), FetchAddr = the level-1 descriptor. */
	const uint32_t walk_qemu[8] = { 0x0b, 0x18, 0, 0x100, 0x101000, 0, 0, 0x5 };
	const uint32_t streamid[8] = { 0x02, 0x10000, 0, 0, 0, 0, 0, 0 };
	const uint32_t unknown[8] = { 0x7f, 1, 0, 0, 0, 0, 0, 0 };
	struct smmuv3_event e;

	(void)state;
	e = smmuv3_event_decode(bad_ste);
	assert_string_equal(e.name, "C_BAD_STE");
	assert_int_equal(e.sid, 0x200);
	assert_false(e.has_addr);
	assert_false(e.has_ipa);
	assert_false(e.has_fetch_addr);

	e = smmuv3_event_decode(ste_fetch);
	assert_string_equal(e.name, "F_STE_FETCH");
	assert_false(e.has_addr);
	assert_true(e.has_fetch_addr);
	assert_int_equal(e.fetch_addr, 0x8040001040ull);

	e = smmuv3_event_decode(walk);
	assert_string_equal(e.name, "F_WALK_EABT");
	assert_true(e.has_addr);
	assert_true(e.read);
	assert_int_equal(e.cls, 1); /* TT */
	assert_true(e.has_fetch_addr);
	assert_int_equal(e.fetch_addr, 0x41002008);
	assert_false(e.has_ipa);

	/* F_CD_FETCH as the architecture lays it out (FetchAddr in words 6-7)... */
	e = smmuv3_event_decode((const uint32_t[8]){ 0x09, 0x18, 0, 0, 0, 0, 0x41000040, 0 });
	assert_string_equal(e.name, "F_CD_FETCH");
	assert_true(e.has_fetch_addr);
	assert_false(e.has_addr);
	assert_int_equal(e.fetch_addr, 0x41000040);
	/* ...and as QEMU 7.2 writes it (measured: CD pointer 0x5_0000_0000, address in the
	 * InputAddr words 4-5, FetchAddr zero). */
	e = smmuv3_event_decode((const uint32_t[8]){ 0x09, 0x18, 0, 0, 0, 0x5, 0, 0 });
	assert_true(e.has_fetch_addr);
	assert_false(e.has_addr);
	assert_int_equal(e.fetch_addr, 0x500000000ull);

	e = smmuv3_event_decode(walk_qemu);
	assert_false(e.read);
	assert_int_equal(e.addr, 0x101000);
	assert_int_equal(e.cls, 1);
	assert_int_equal(e.fetch_addr, 0x500000000ull);

	e = smmuv3_event_decode(streamid);
	assert_string_equal(e.name, "C_BAD_STREAMID");
	assert_int_equal(e.sid, 0x10000);

	e = smmuv3_event_decode(unknown);
	assert_int_equal(e.type, 0x7f);
	assert_string_equal(e.name, "UNKNOWN");

	assert_string_equal(smmuv3_event_name(0x0a), "C_BAD_CD");
	assert_string_equal(smmuv3_event_name(0x09), "F_CD_FETCH");
	assert_string_equal(smmuv3_event_name(0x25), "F_VMS_FETCH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_idr_qemu),
		cmocka_unit_test(test_idr_other),
		cmocka_unit_test(test_ps),
		cmocka_unit_test(test_plan_linear),
		cmocka_unit_test(test_plan_two_level),
		cmocka_unit_test(test_plan_no_2lvl),
		cmocka_unit_test(test_l1_desc),
		cmocka_unit_test(test_ste_abort_bypass),
		cmocka_unit_test(test_ste_closed),
		cmocka_unit_test(test_ste_s1),
		cmocka_unit_test(test_ste_s2),
		cmocka_unit_test(test_cd_s1),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_queue_index),
		cmocka_unit_test(test_event_translation),
		cmocka_unit_test(test_event_stage2),
		cmocka_unit_test(test_event_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
