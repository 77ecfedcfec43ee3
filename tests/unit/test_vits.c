/* The virtual ITS: registers, command processing, refusals, queue semantics, flood bounds, reset.
 *
 * Commands are written into a fake guest RAM as the spec lays them out (IHI 0069, "ITS
 * commands"), by hand here rather than with core/hw/its_cmd (tested on its own):
 *   DW0 [7:0] command, [63:32] DeviceID; DW1 [31:0] EventID, [63:32] pINTID (MAPTI), [4:0]
 *   Size-1 (MAPD); DW2 [63] V, [51:8] ITT address, [51:16] RDbase, [15:0] ICID; DW3 [51:16]
 *   RDbase2 (MOVALL).
 * Register values (IHI 0069, "The ITS register map"): GITS_CTLR [0] Enabled, [31] Quiescent;
 * GITS_TYPER [0] Physical, [7:4] ITT_entry_size-1, [12:8] ID_bits-1, [17:13] Devbits-1, [19]
 * PTA; GITS_CBASER [63] Valid, [51:12] PA, [7:0] pages-1; GITS_CWRITER/CREADR [19:5] offset;
 * GITS_BASER<n> [63] Valid, [62] Indirect, [58:56] Type, [52:48] Entry_Size-1, [47:12] PA;
 * GITS_PIDR2 [7:4] ArchRev.
 *
 * The partition: 2 vCPUs, 16 INTID bits, devices 0x08 -> physical 0x108 and 0x10 -> 0x210, 64
 * events each; RAM at 0x40000000 (1 MiB), command queue at 0x40010000 (one 4 KiB page = 128
 * commands) unless a test says otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/vdev/vits.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x100000ull
#define QUEUE 0x40010000ull
#define ITT 0x40020000ull

static uint8_t ram[RAM_SIZE];
static struct vits ITS;

static bool ram_read(void *ctx, uint64_t ipa, void *buf, uint64_t len)
{
	(void)ctx;
	if (ipa < RAM_BASE || ipa - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (ipa - RAM_BASE))
		return false;
	memcpy(buf, ram + (ipa - RAM_BASE), len);
	return true;
}

static bool ram_write(void *ctx, uint64_t ipa, const void *buf, uint64_t len)
{
	(void)ctx;
	if (ipa < RAM_BASE || ipa - RAM_BASE > RAM_SIZE || len > RAM_SIZE - (ipa - RAM_BASE))
		return false;
	memcpy(ram + (ipa - RAM_BASE), buf, len);
	return true;
}

static const struct vits_mem_ops MEM = { .read = ram_read, .write = ram_write };

/* ---- recorded physical side ---- */

struct call {
	char kind; /* D map_device, d unmap_device, E map_event, e unmap_event, M move, I inject, C clear,
		      V invalidate, A move_pending (MOVALL) */
	uint32_t dev;
	uint32_t event;
	uint32_t vlpi;
	unsigned vcpu;
};

static struct call calls[4096];
static unsigned n_calls;
static int fail_next; /* the next map/unmap/move call returns this */
static bool stamp;    /* map_event keeps a value with the event, unmap/move check it */

static uint32_t stamp_of(uint32_t ev)
{
	return 0xc0de0000u | ev;
}

static void check_stamp(uint32_t pdevid, uint32_t ev)
{
	uint32_t v = 0;

	if (stamp) {
		assert_true(vits_phys(&ITS, pdevid, ev, &v));
		assert_int_equal(v, stamp_of(ev));
	}
}

static void rec(char kind, uint32_t dev, uint32_t event, uint32_t vlpi, unsigned vcpu)
{
	assert_true(n_calls < sizeof(calls) / sizeof(calls[0]));
	calls[n_calls++] = (struct call){ kind, dev, event, vlpi, vcpu };
}

static int result(void)
{
	int r = fail_next;

	fail_next = 0;
	return r;
}

static int p_map_device(void *ctx, uint32_t pdevid, unsigned bits)
{
	(void)ctx;
	rec('D', pdevid, bits, 0, 0);
	return result();
}

static int p_unmap_device(void *ctx, uint32_t pdevid)
{
	(void)ctx;
	rec('d', pdevid, 0, 0, 0);
	return result();
}

static int p_map_event(void *ctx, uint32_t pdevid, uint32_t ev, uint32_t vlpi, unsigned vcpu)
{
	(void)ctx;
	rec('E', pdevid, ev, vlpi, vcpu);
	if (stamp)
		assert_true(vits_set_phys(&ITS, pdevid, ev, stamp_of(ev)));
	return result();
}

static int p_unmap_event(void *ctx, uint32_t pdevid, uint32_t ev)
{
	(void)ctx;
	rec('e', pdevid, ev, 0, 0);
	check_stamp(pdevid, ev);
	return result();
}

static int p_move_event(void *ctx, uint32_t pdevid, uint32_t ev, unsigned vcpu)
{
	(void)ctx;
	rec('M', pdevid, ev, 0, vcpu);
	check_stamp(pdevid, ev);
	return result();
}

static void p_inject(void *ctx, unsigned vcpu, uint32_t vlpi)
{
	(void)ctx;
	rec('I', 0, 0, vlpi, vcpu);
}

static void p_clear(void *ctx, uint32_t pdevid, uint32_t eventid, unsigned vcpu, uint32_t vlpi)
{
	(void)ctx;
	rec('C', pdevid, eventid, vlpi, vcpu);
}

static void p_invalidate(void *ctx, unsigned vcpu, uint32_t vlpi)
{
	(void)ctx;
	rec('V', 0, 0, vlpi, vcpu);
}

static void p_move_pending(void *ctx, unsigned from, unsigned to)
{
	(void)ctx;
	rec('A', 0, 0, from, to); /* vlpi: the source vCPU */
}

static const struct vits_phys_ops PHYS = {
	.map_device = p_map_device,
	.unmap_device = p_unmap_device,
	.map_event = p_map_event,
	.unmap_event = p_unmap_event,
	.move_event = p_move_event,
	.inject = p_inject,
	.clear = p_clear,
	.invalidate = p_invalidate,
	.move_pending = p_move_pending,
};

static void expect_call(unsigned i, char kind, uint32_t dev, uint32_t event, uint32_t vlpi, unsigned vcpu)
{
	assert_true(i < n_calls);
	assert_int_equal(calls[i].kind, kind);
	assert_int_equal(calls[i].dev, dev);
	assert_int_equal(calls[i].event, event);
	assert_int_equal(calls[i].vlpi, vlpi);
	assert_int_equal(calls[i].vcpu, vcpu);
}

/* ---- the vITS under test ---- */

static const struct vits_device DEVS[] = { { 0x08, 0x108 }, { 0x10, 0x210 } };
static uint64_t queue_base, queue_size, wr_off;

static struct vits_config config(void)
{
	return (struct vits_config){ .frame_ipa = 0x08080000,
				     .devices = DEVS,
				     .n_devices = 2,
				     .n_vcpus = 2,
				     .lpi_id_bits = 16,
				     .max_events_per_device = 64 };
}

static uint64_t rd(uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeef;

	assert_int_equal(vits_mmio(&ITS, off, false, size, &v, &MEM, &PHYS, NULL), VDEV_HANDLED);
	return v;
}

static void wr(uint64_t off, unsigned size, uint64_t v)
{
	assert_int_equal(vits_mmio(&ITS, off, true, size, &v, &MEM, &PHYS, NULL), VDEV_HANDLED);
}

/* A queue of pages 4 KiB pages at base, enabled, with CWRITER at 0. */
static void start_queue(uint64_t base, unsigned pages)
{
	queue_base = base;
	queue_size = pages * 4096ull;
	wr_off = 0;
	wr(GITS_CTLR, 4, 0);
	wr(GITS_CBASER, 8, (1ull << 63) | base | (pages - 1));
	wr(GITS_CWRITER, 8, 0);
	wr(GITS_CTLR, 4, 1);
}

/* Put one command at the write offset without telling the vITS. */
static void put(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	uint64_t raw[4] = { w0, w1, w2, w3 };

	memcpy(ram + (queue_base - RAM_BASE) + wr_off, raw, sizeof(raw));
	wr_off = (wr_off + 32) % queue_size;
}

static void kick(void)
{
	wr(GITS_CWRITER, 4, wr_off);
}

/* One command, processed. */
static void cmd(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	put(w0, w1, w2, w3);
	kick();
	assert_int_equal(rd(GITS_CREADR, 4), wr_off);
}

static void mapd(uint32_t dev, unsigned bits, uint64_t itt, bool v)
{
	cmd(0x08 | (uint64_t)dev << 32, bits - 1, itt | (v ? 1ull << 63 : 0), 0);
}

static void mapc(uint16_t icid, uint64_t rdbase, bool v)
{
	cmd(0x09, 0, (v ? 1ull << 63 : 0) | rdbase << 16 | icid, 0);
}

static void mapti(uint32_t dev, uint32_t ev, uint32_t intid, uint16_t icid)
{
	cmd(0x0a | (uint64_t)dev << 32, (uint64_t)intid << 32 | ev, icid, 0);
}

static void devcmd(uint8_t op, uint32_t dev, uint32_t ev)
{
	cmd(op | (uint64_t)dev << 32, ev, 0, 0);
}

static struct vits_refusal last_refusal(unsigned expect_count)
{
	struct vits_refusal r[VITS_LOG_MAX];
	unsigned n = vits_take_refusals(&ITS, r, VITS_LOG_MAX, NULL);

	assert_int_equal(n, expect_count);
	return r[n - 1];
}

static void expect_refusal(enum vits_refusal_code code, uint8_t op, uint64_t value)
{
	struct vits_refusal r = last_refusal(1);

	assert_int_equal(r.code, code);
	assert_int_equal(r.op, op);
	assert_int_equal(r.value, value);
}

static int setup(void **state)
{
	struct vits_config c = config();

	(void)state;
	memset(ram, 0, sizeof(ram));
	n_calls = 0;
	fail_next = 0;
	stamp = false;
	assert_int_equal(vits_init(&ITS, &c), 0);
	start_queue(QUEUE, 1);
	return 0;
}

/* The usual start: both vCPUs have a collection (ICID = vCPU, as Linux does), device 0x08 has a
 * 32-event ITT and event 3 -> vLPI 8195 on collection 1. */
static void linux_like_start(void)
{
	mapc(0, 0, true);
	mapc(1, 1, true);
	mapd(0x08, 5, ITT, true);
	mapti(0x08, 3, 8195, 1);
	n_calls = 0;
}

/* ---- tests ---- */

static void test_init_limits(void **state)
{
	struct vits_config c;
	struct vits_device dup[2] = { { 1, 2 }, { 1, 3 } };
	struct vits v;

	(void)state;
	c = config();
	c.n_vcpus = 0;
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.n_vcpus = VITS_MAX_VCPUS + 1;
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.lpi_id_bits = 13;
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.max_events_per_device = 48; /* not a power of two */
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.max_events_per_device = 1024; /* 2 devices * 1024 > VITS_MAX_ITES */
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.devices = dup; /* one guest device ID twice */
	assert_int_equal(vits_init(&v, &c), -1);
	dup[1] = (struct vits_device){ 4, 2 }; /* one physical device behind two guest IDs */
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.frame_ipa = 0x08081000;
	assert_int_equal(vits_init(&v, &c), -1);
	c = config();
	c.max_events_per_device = 512;
	assert_int_equal(vits_init(&v, &c), 0);
}

static void test_id_registers(void **state)
{
	(void)state;
	/* Physical | ITT entry 8 bytes (7 << 4) | 16 EventID bits, as many as INTID bits (15 << 8) |
	 * DeviceIDs up to 0x10 need 5 bits (4 << 13); PTA = 0, Virtual = 0, CIL = 0 */
	assert_int_equal(rd(GITS_TYPER, 8), 0x8f71);
	assert_int_equal(rd(GITS_TYPER, 4), 0x8f71);
	assert_int_equal(rd(GITS_TYPER + 4, 4), 0);
	assert_int_equal(rd(GITS_PIDR2, 4), 0x30);
	assert_int_equal(rd(GITS_IIDR, 4), 0x4200043b);
	assert_int_equal(rd(0xffd0, 4), 0);
	/* wrong sizes fault; reserved offsets are RAZ/WI */
	uint64_t v = 0;
	assert_int_equal(vits_mmio(&ITS, GITS_CTLR, false, 8, &v, &MEM, &PHYS, NULL), VDEV_FAULT);
	assert_int_equal(vits_mmio(&ITS, GITS_TYPER, false, 2, &v, &MEM, &PHYS, NULL), VDEV_FAULT);
	assert_int_equal(vits_mmio(&ITS, GITS_CWRITER + 2, false, 2, &v, &MEM, &PHYS, NULL), VDEV_FAULT);
	assert_int_equal(vits_mmio(&ITS, 0x20000, false, 4, &v, &MEM, &PHYS, NULL), VDEV_NOT_MINE);
	assert_int_equal(rd(0x0040, 4), 0);
	wr(0x0040, 4, 5);
	assert_int_equal(ITS.stats.reserved, 2);
}

static void test_ctlr_and_tables(void **state)
{
	struct vits_config c = config();

	(void)state;
	assert_int_equal(vits_init(&ITS, &c), 0);
	/* out of reset: disabled and quiescent */
	assert_int_equal(rd(GITS_CTLR, 4), 0x80000000);
	/* BASER0: Device table (Type 1), BASER1: Collection table (Type 4), 8-byte entries (7 << 48) */
	assert_int_equal(rd(GITS_BASER(0), 8), 0x0107000000000000);
	assert_int_equal(rd(GITS_BASER(1), 8), 0x0407000000000000);
	assert_int_equal(rd(GITS_BASER(2), 8), 0);
	/* kept as written, except Type/Entry_Size (read-only) and Indirect (flat only) */
	wr(GITS_BASER(0), 8, 0xc200000040080101); /* Valid, Indirect, Type 2, PA 0x40080000, 64K, 2 pages */
	assert_int_equal(rd(GITS_BASER(0), 8), 0x8107000040080101);
	wr(GITS_BASER(2), 8, 0x8100000040090000); /* unimplemented: WI */
	assert_int_equal(rd(GITS_BASER(2), 8), 0);
	/* 32-bit halves */
	wr(GITS_BASER(1) + 4, 4, 0x80000000);
	wr(GITS_BASER(1), 4, 0x400a0000);
	assert_int_equal(rd(GITS_BASER(1), 8), 0x84070000400a0000);
	/* CBASER: rewinds CREADR; ignored while enabled */
	wr(GITS_CBASER, 8, 0x8000000040010000);
	assert_int_equal(rd(GITS_CBASER, 8), 0x8000000040010000);
	wr(GITS_CTLR, 4, 1);
	assert_int_equal(rd(GITS_CTLR, 4), 1);
	wr(GITS_CBASER, 8, 0x8000000040030000);
	wr(GITS_BASER(0), 8, 0);
	assert_int_equal(rd(GITS_CBASER, 8), 0x8000000040010000);
	assert_int_equal(rd(GITS_BASER(0), 8), 0x8107000040080101);
	wr(GITS_CTLR, 4, 0);
	assert_int_equal(rd(GITS_CTLR, 4), 0x80000000);
}

static void test_mapc_mapd_mapti_int(void **state)
{
	(void)state;
	mapc(0, 0, true);
	mapc(1, 1, true);
	assert_int_equal(n_calls, 0); /* collections are bulkhead's own state */
	mapd(0x08, 5, ITT, true);
	expect_call(0, 'D', 0x108, 5, 0, 0);
	mapti(0x08, 3, 8195, 1);
	expect_call(1, 'E', 0x108, 3, 8195, 1);
	devcmd(0x03, 0x08, 3); /* INT */
	expect_call(2, 'I', 0, 0, 8195, 1);
	devcmd(0x04, 0x08, 3); /* CLEAR */
	expect_call(3, 'C', 0x108, 3, 8195, 1);
	devcmd(0x0c, 0x08, 3); /* INV */
	expect_call(4, 'V', 0, 0, 8195, 1);
	cmd(0x0d, 0, 1, 0); /* INVALL ICID 1 */
	expect_call(5, 'V', 0, 0, VITS_ALL_VLPIS, 1);
	cmd(0x05, 0, 1ull << 16, 0); /* SYNC vCPU 1 */
	cmd(0x0e, 0, 1ull << 16, 0); /* MOVALL vCPU 1 -> vCPU 0: the pending vLPIs move */
	expect_call(6, 'A', 0, 0, 1, 0);
	cmd(0x0e, 0, 1ull << 16, 1ull << 16); /* MOVALL vCPU 1 -> vCPU 1: nothing to move */
	assert_int_equal(n_calls, 7);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);

	unsigned vcpu;
	uint32_t vlpi;
	assert_true(vits_lookup(&ITS, 0x08, 3, &vcpu, &vlpi));
	assert_int_equal(vcpu, 1);
	assert_int_equal(vlpi, 8195);
	assert_false(vits_lookup(&ITS, 0x08, 4, &vcpu, &vlpi));
	assert_false(vits_lookup(&ITS, 0x10, 3, &vcpu, &vlpi));
	assert_int_equal(ITS.stats.commands, 11);
	assert_int_equal(ITS.stats.refused, 0);
}

static void test_mapi_movi_discard(void **state)
{
	struct vits_config c = config();
	unsigned vcpu;
	uint32_t vlpi;

	(void)state;
	/* MAPI: MAPTI with pINTID = EventID (IHI 0069, "MAPI"). A 14-bit ITT holds EventIDs up to
	 * 16383, so 8192..16383 are LPIs it can map. */
	mapc(7, 0, true);
	mapd(0x08, 14, ITT, true);
	n_calls = 0;
	cmd(0x0b | 0x08ull << 32, 8200, 7, 0); /* MAPI EventID 8200, ICID 7 (vCPU 0) */
	expect_call(0, 'E', 0x108, 8200, 8200, 0);
	assert_true(vits_lookup(&ITS, 0x08, 8200, &vcpu, &vlpi));
	assert_int_equal(vcpu, 0);
	assert_int_equal(vlpi, 8200);
	devcmd(0x03, 0x08, 8200); /* INT reaches the vLPI = EventID */
	expect_call(1, 'I', 0, 0, 8200, 0);
	cmd(0x0b | 0x08ull << 32, 30, 7, 0); /* MAPI EventID 30: INTID 30 is not an LPI */
	expect_refusal(VITS_REFUSE_MAPI_EVENT, 0x0b, 30);
	cmd(0x0b | 0x08ull << 32, 16384, 7, 0); /* beyond the 14-bit ITT */
	expect_refusal(VITS_REFUSE_EVENT_RANGE, 0x0b, 16384);
	cmd(0x0b | 0x08ull << 32, 8201, 3, 0); /* ICID 3 not mapped */
	expect_refusal(VITS_REFUSE_COLLECTION_UNMAPPED, 0x0b, 3);
	cmd(0x0b | 0x0aull << 32, 8200, 7, 0); /* not the partition's device */
	expect_refusal(VITS_REFUSE_FOREIGN_DEVICE, 0x0b, 0x0a);
	assert_int_equal(n_calls, 2);
	/* the largest: a 16-bit ITT, EventID 65535 = the partition's last LPI */
	mapd(0x10, 16, ITT, true);
	cmd(0x0b | 0x10ull << 32, 65535, 7, 0);
	expect_call(3, 'E', 0x210, 65535, 65535, 0);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);

	assert_int_equal(vits_init(&ITS, &c), 0);
	start_queue(QUEUE, 1);
	linux_like_start();
	mapc(9, 0, true);
	cmd(0x01 | 0x08ull << 32, 3, 9, 0); /* MOVI event 3 to ICID 9 (vCPU 0) */
	expect_call(0, 'M', 0x108, 3, 0, 0);
	assert_true(vits_lookup(&ITS, 0x08, 3, &vcpu, &vlpi));
	assert_int_equal(vcpu, 0);
	cmd(0x01 | 0x08ull << 32, 3, 0, 0); /* MOVI to ICID 0: also vCPU 0, nothing moves */
	assert_int_equal(n_calls, 1);
	/* MAPC retarget of a collection with events: they follow */
	mapc(0, 1, true);
	expect_call(1, 'M', 0x108, 3, 0, 1);
	devcmd(0x0f, 0x08, 3); /* DISCARD */
	expect_call(2, 'C', 0x108, 3, 8195, 1);
	expect_call(3, 'e', 0x108, 3, 0, 0);
	assert_false(vits_lookup(&ITS, 0x08, 3, &vcpu, &vlpi));
	devcmd(0x03, 0x08, 3); /* INT on a discarded event */
	expect_refusal(VITS_REFUSE_EVENT_UNMAPPED, 0x03, 3);
	assert_int_equal(n_calls, 4);
}

static void test_remap_replaces(void **state)
{
	(void)state;
	linux_like_start();
	mapti(0x08, 3, 9000, 0); /* the mapped event again: the old translation goes first */
	expect_call(0, 'C', 0x108, 3, 8195, 1);
	expect_call(1, 'e', 0x108, 3, 0, 0);
	expect_call(2, 'E', 0x108, 3, 9000, 0);
	mapd(0x08, 4, ITT, true); /* MAPD of a mapped device: empty ITT again */
	expect_call(3, 'C', 0x108, 3, 9000, 0);
	expect_call(4, 'e', 0x108, 3, 0, 0);
	expect_call(5, 'd', 0x108, 0, 0, 0);
	expect_call(6, 'D', 0x108, 4, 0, 0);
	mapd(0x08, 4, 0, false); /* unmap */
	expect_call(7, 'd', 0x108, 0, 0, 0);
	assert_int_equal(n_calls, 8);
	devcmd(0x03, 0x08, 3);
	expect_refusal(VITS_REFUSE_DEVICE_UNMAPPED, 0x03, 0x08);
}

static void test_refusals(void **state)
{
	struct vits_refusal r;

	(void)state;
	linux_like_start();
	mapd(0x99, 5, ITT, true); /* a DeviceID the partition does not own */
	expect_refusal(VITS_REFUSE_FOREIGN_DEVICE, 0x08, 0x99);
	mapti(0x0a, 0, 8200, 0); /* neither */
	expect_refusal(VITS_REFUSE_FOREIGN_DEVICE, 0x0a, 0x0a);
	devcmd(0x03, 0x99, 0);
	expect_refusal(VITS_REFUSE_FOREIGN_DEVICE, 0x03, 0x99);
	mapc(2, 2, true); /* vCPU 2 does not exist: another partition's CPU, as far as we know */
	expect_refusal(VITS_REFUSE_TARGET, 0x09, 2);
	mapc(2, 0x80a, true); /* a PTA = 1 style address */
	expect_refusal(VITS_REFUSE_TARGET, 0x09, 0x80a);
	mapti(0x08, 32, 8200, 0); /* EventID beyond the 32 events MAPD gave */
	expect_refusal(VITS_REFUSE_EVENT_RANGE, 0x0a, 32);
	mapti(0x08, 4, 8191, 0); /* not an LPI */
	expect_refusal(VITS_REFUSE_VLPI_RANGE, 0x0a, 8191);
	mapti(0x08, 4, 65536, 0); /* beyond 16 INTID bits */
	expect_refusal(VITS_REFUSE_VLPI_RANGE, 0x0a, 65536);
	mapti(0x08, 4, 8200, 5); /* ICID 5 not mapped */
	expect_refusal(VITS_REFUSE_COLLECTION_UNMAPPED, 0x0a, 5);
	mapti(0x10, 0, 8200, 0); /* the partition's device, but no MAPD yet */
	expect_refusal(VITS_REFUSE_DEVICE_UNMAPPED, 0x0a, 0x10);
	mapd(0x10, 17, ITT, true); /* 17 EventID bits > GITS_TYPER.ID_bits + 1 = 16 */
	expect_refusal(VITS_REFUSE_SIZE, 0x08, 17);
	mapd(0x10, 6, 0x10000000, true); /* ITT outside the partition's RAM */
	expect_refusal(VITS_REFUSE_ITT_ADDRESS, 0x08, 0x10000000);
	mapd(0x10, 6, RAM_BASE + RAM_SIZE - 256, true); /* starts in RAM, 512 bytes do not fit */
	expect_refusal(VITS_REFUSE_ITT_ADDRESS, 0x08, RAM_BASE + RAM_SIZE - 256);
	mapc(1, 0, false); /* collection 1 still has event 3 */
	expect_refusal(VITS_REFUSE_COLLECTION_BUSY, 0x09, 1);
	cmd(0x01 | 0x08ull << 32, 3, 6, 0); /* MOVI to an unmapped collection */
	expect_refusal(VITS_REFUSE_COLLECTION_UNMAPPED, 0x01, 6);
	cmd(0x0d, 0, 6, 0); /* INVALL of one */
	expect_refusal(VITS_REFUSE_COLLECTION_UNMAPPED, 0x0d, 6);
	cmd(0x05, 0, 3ull << 16, 0); /* SYNC to no vCPU */
	expect_refusal(VITS_REFUSE_TARGET, 0x05, 3);
	cmd(0x0e, 0, 0, 7ull << 16); /* MOVALL to no vCPU */
	expect_refusal(VITS_REFUSE_TARGET, 0x0e, 7);
	cmd(0x0e, 0, 2ull << 16, 0); /* MOVALL from a CPU that is not the partition's */
	expect_refusal(VITS_REFUSE_TARGET, 0x0e, 2);
	cmd(0x2a | 0x08ull << 32, 3, 0x2000, 0); /* VMAPTI */
	expect_refusal(VITS_REFUSE_GICV4_COMMAND, 0x2a, 0x2a);
	cmd(0x07, 0, 0, 0);
	expect_refusal(VITS_REFUSE_UNKNOWN_COMMAND, 0x07, 0x07);
	assert_int_equal(n_calls, 0); /* nothing reached the physical side */
	/* the state is what linux_like_start left */
	unsigned vcpu;
	uint32_t vlpi;
	assert_true(vits_lookup(&ITS, 0x08, 3, &vcpu, &vlpi));
	assert_int_equal(vcpu, 1);
	assert_int_equal(ITS.stats.refused, 21);

	/* a CPU store to GITS_TRANSLATER: ignored and reported */
	wr(GITS_TRANSLATER, 4, 3);
	r = last_refusal(1);
	assert_int_equal(r.code, VITS_REFUSE_TRANSLATER_CPU_WRITE);
	assert_int_equal(r.op, 0);
	assert_int_equal(r.value, 3);
	assert_int_equal(rd(GITS_TRANSLATER, 4), 0);
	wr(GITS_TRANSLATER, 2, 7); /* 16-bit stores are allowed there too */
	r = last_refusal(1);
	assert_int_equal(r.code, VITS_REFUSE_TRANSLATER_CPU_WRITE);
	assert_int_equal(r.value, 7);
	uint64_t b = 1;
	assert_int_equal(vits_mmio(&ITS, GITS_TRANSLATER, true, 1, &b, &MEM, &PHYS, NULL), VDEV_FAULT);
	assert_int_equal(vits_mmio(&ITS, GITS_TRANSLATER, true, 8, &b, &MEM, &PHYS, NULL), VDEV_FAULT);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	assert_int_equal(n_calls, 0);
}

static void test_collections_full(void **state)
{
	(void)state;
	for (unsigned i = 0; i < VITS_MAX_COLLECTIONS; i++)
		mapc((uint16_t)(100 + i), i % 2, true);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	mapc(999, 0, true);
	expect_refusal(VITS_REFUSE_COLLECTION_FULL, 0x09, 999);
	mapc(100, 1, false); /* unmapping one makes room */
	mapc(999, 0, true);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
}

static void test_phys_failure(void **state)
{
	unsigned vcpu;
	uint32_t vlpi;

	(void)state;
	mapc(0, 0, true);
	fail_next = -12;
	mapd(0x08, 5, ITT, true);
	expect_refusal(VITS_REFUSE_PHYS_FAILED, 0x08, (uint64_t)-12);
	devcmd(0x03, 0x08, 0);
	expect_refusal(VITS_REFUSE_DEVICE_UNMAPPED, 0x03, 0x08);
	mapd(0x08, 5, ITT, true);
	fail_next = -5;
	mapti(0x08, 1, 8200, 0);
	expect_refusal(VITS_REFUSE_PHYS_FAILED, 0x0a, (uint64_t)-5);
	assert_false(vits_lookup(&ITS, 0x08, 1, &vcpu, &vlpi));
}

static void test_queue_semantics(void **state)
{
	struct vits_config c = config();

	(void)state;
	assert_int_equal(vits_init(&ITS, &c), 0);
	queue_base = QUEUE;
	queue_size = 4096;
	wr_off = 0;
	/* commands written while the ITS is disabled wait */
	wr(GITS_CBASER, 8, (1ull << 63) | QUEUE);
	put(0x09, 0, (1ull << 63) | 0, 0); /* MAPC 0 -> vCPU 0 */
	put(0x09, 0, (1ull << 63) | 1ull << 16 | 1, 0);
	kick();
	assert_int_equal(rd(GITS_CREADR, 8), 0);
	assert_int_equal(rd(GITS_CWRITER, 8), 64);
	assert_int_equal(vits_pending(&ITS), 0); /* not running */
	wr(GITS_CTLR, 4, 1);                     /* enabling runs them */
	assert_int_equal(rd(GITS_CREADR, 8), 64);
	assert_int_equal(ITS.stats.commands, 2);
	/* CWRITER beyond the queue: refused, nothing processed */
	wr(GITS_CWRITER, 8, 4096);
	expect_refusal(VITS_REFUSE_CWRITER_RANGE, 0, 4096);
	assert_int_equal(rd(GITS_CWRITER, 8), 64);
	/* CWRITER keeps the offset field only (Retry and low bits dropped) */
	wr(GITS_CWRITER, 8, 64 | 1);
	assert_int_equal(rd(GITS_CWRITER, 8), 64);
	/* a queue outside RAM: each command is refused and skipped */
	wr(GITS_CTLR, 4, 0);
	wr(GITS_CBASER, 8, (1ull << 63) | 0x10000000);
	assert_int_equal(rd(GITS_CREADR, 8), 0); /* CBASER rewinds CREADR */
	wr(GITS_CWRITER, 8, 0);
	wr(GITS_CTLR, 4, 1);
	wr(GITS_CWRITER, 8, 32);
	expect_refusal(VITS_REFUSE_QUEUE_UNREADABLE, 0, 0x10000000);
	assert_int_equal(rd(GITS_CREADR, 8), 32);
}

static void test_wraparound(void **state)
{
	(void)state;
	mapc(0, 0, true);
	mapd(0x08, 6, ITT, true);
	n_calls = 0;
	/* 1 page = 128 slots; 2 used. Fill up to the end and wrap, checking each lands. */
	for (unsigned i = 0; i < 130; i++)
		mapti(0x08, i % 64, 8192 + i, 0);
	assert_true(wr_off < 32 * 8); /* wrapped */
	assert_int_equal(rd(GITS_CREADR, 4), wr_off);
	assert_int_equal(n_calls, 64 + 3 * 66); /* 64 maps, then 66 replacements (clear, unmap, map) */
	expect_call(n_calls - 1, 'E', 0x108, 129 % 64, 8192 + 129, 0);
	/* several commands spanning the end of the queue in one CWRITER write */
	wr_off = rd(GITS_CREADR, 4);
	n_calls = 0;
	while (wr_off != 4096 - 64) {
		put(0x05, 0, 0, 0); /* SYNC */
		kick();
	}
	for (unsigned i = 0; i < 4; i++)
		put(0x03 | 0x08ull << 32, i, 0, 0); /* INT events 0..3 */
	kick();
	assert_int_equal(rd(GITS_CREADR, 4), 64);
	assert_int_equal(n_calls, 4);
	/* events 0 and 1 were last mapped by commands 128 and 129, events 2 and 3 by 66 and 67 */
	expect_call(0, 'I', 0, 0, 8320, 0);
	expect_call(1, 'I', 0, 0, 8321, 0);
	expect_call(2, 'I', 0, 0, 8258, 0);
	expect_call(3, 'I', 0, 0, 8259, 0);
}

static void test_flood_bounded(void **state)
{
	struct vits_refusal r[VITS_LOG_MAX];
	uint64_t dropped = 0;
	unsigned polls = 0;

	(void)state;
	/* A hostile guest: a 16-page queue (512 slots) full of INT to a foreign device. */
	start_queue(QUEUE, 16);
	for (unsigned i = 0; i < 511; i++)
		put(0x03 | 0x77ull << 32, i, 0, 0);
	kick();
	/* one trapped access did a bounded amount of work */
	assert_int_equal(ITS.stats.commands, VITS_CMDS_PER_EXIT);
	assert_int_equal(vits_pending(&ITS), 511 - VITS_CMDS_PER_EXIT);
	assert_int_equal(ITS.stats.deferred, 1);
	/* every CREADR poll moves it on by at most the same */
	while (rd(GITS_CREADR, 4) != wr_off) {
		polls++;
		assert_true(ITS.stats.commands <= (polls + 1) * VITS_CMDS_PER_EXIT);
	}
	assert_int_equal(ITS.stats.commands, 511);
	/* 8 batches: one on the CWRITER write, one per poll; the last poll sees the queue drained */
	assert_int_equal(polls, (511 + VITS_CMDS_PER_EXIT - 1) / VITS_CMDS_PER_EXIT - 2);
	assert_int_equal(ITS.stats.refused, 511);
	assert_int_equal(n_calls, 0);
	/* the log kept the first VITS_LOG_MAX, the rest are counted */
	assert_int_equal(vits_take_refusals(&ITS, r, VITS_LOG_MAX, &dropped), VITS_LOG_MAX);
	assert_int_equal(dropped, 511 - VITS_LOG_MAX);
	assert_int_equal(r[0].code, VITS_REFUSE_FOREIGN_DEVICE);
	assert_int_equal(r[0].eventid, 0);
	assert_int_equal(r[7].eventid, 7);
	assert_int_equal(vits_take_refusals(&ITS, r, VITS_LOG_MAX, &dropped), 0);
	assert_int_equal(dropped, 0);
}

/* Commands that each make many physical calls: a collection of 64 events bounced between the
 * two vCPUs. Each MAPC moves 64 events; a batch stops once VITS_PHYS_PER_EXIT (128) calls were
 * made, so 2 MAPCs per trapped access. */
static void test_physical_work_bounded(void **state)
{
	uint64_t before;

	(void)state;
	mapc(0, 0, true);
	mapd(0x08, 6, ITT, true);
	for (unsigned e = 0; e < 64; e++)
		mapti(0x08, e, 8192 + e, 0);
	n_calls = 0;
	before = ITS.stats.commands;
	for (unsigned i = 0; i < 10; i++)
		put(0x09, 0, (1ull << 63) | (uint64_t)((i + 1) % 2) << 16, 0); /* MAPC ICID 0 -> vCPU 1, 0, 1... */
	kick();
	assert_int_equal(ITS.stats.commands - before, 2);
	assert_int_equal(n_calls, 128);
	expect_call(0, 'M', 0x108, 0, 0, 1);
	expect_call(64, 'M', 0x108, 0, 0, 0);
	assert_int_equal(vits_pending(&ITS), 8);
	rd(GITS_CREADR, 4);
	assert_int_equal(ITS.stats.commands - before, 4);
	assert_int_equal(n_calls, 256);
	while (rd(GITS_CREADR, 4) != wr_off)
		;
	assert_int_equal(n_calls, 640);
	assert_int_equal(ITS.stats.refused, 0);
}

static void test_reset_unmaps_everything(void **state)
{
	(void)state;
	linux_like_start();
	mapd(0x10, 2, ITT + 0x1000, true);
	mapti(0x10, 0, 9000, 0);
	mapti(0x10, 3, 9001, 1);
	wr(GITS_TRANSLATER, 4, 1); /* a refusal, forgotten by reset */
	n_calls = 0;
	vits_reset(&ITS, &PHYS, NULL);
	expect_call(0, 'e', 0x108, 3, 0, 0);
	expect_call(1, 'd', 0x108, 0, 0, 0);
	expect_call(2, 'e', 0x210, 0, 0, 0);
	expect_call(3, 'e', 0x210, 3, 0, 0);
	expect_call(4, 'd', 0x210, 0, 0, 0);
	assert_int_equal(n_calls, 5);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	assert_int_equal(ITS.n_log, 0);
	assert_int_equal(rd(GITS_CTLR, 4), 0x80000000);
	assert_int_equal(rd(GITS_CBASER, 8), 0);
	assert_int_equal(rd(GITS_BASER(0), 8), 0x0107000000000000);
	/* collections are gone too */
	start_queue(QUEUE, 1);
	mapd(0x08, 5, ITT, true);
	mapti(0x08, 3, 8195, 1);
	expect_refusal(VITS_REFUSE_COLLECTION_UNMAPPED, 0x0a, 1);
}

/* ---- a random guest: every physical call stays inside the partition and consistent ---- */

static uint64_t lcg = 0x2545f4914f6cdd1dull;

static uint32_t rnd(uint32_t n)
{
	lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(lcg >> 33) % n;
}

static void random_command(uint64_t w[4])
{
	/* weighted as a driver's traffic is: many MAPTI, INT, MOVI; a remapping MAPD now and then */
	static const uint8_t ops[] = { 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x03, 0x03, 0x03, 0x04,
				       0x0c, 0x0c, 0x01, 0x01, 0x01, 0x0f, 0x0f, 0x09, 0x09, 0x09,
				       0x08, 0x05, 0x0d, 0x0e, 0x0b, 0x2a, 0x29, 0x00, 0x77 };
	static const uint32_t devs[] = { 0x08, 0x10, 0x99, 0x108, 0 };
	uint8_t op = ops[rnd(sizeof(ops))];
	uint32_t dev = rnd(8) ? devs[rnd(5)] : (uint32_t)lcg;
	uint32_t ev = rnd(8) ? (rnd(4) ? rnd(8) : rnd(70)) : (uint32_t)(lcg >> 7);
	uint32_t intid = rnd(8) ? 8000 + rnd(60000) : (uint32_t)(lcg >> 3);
	uint64_t itt = rnd(4) ? ITT + 256 * rnd(64) : lcg & 0x000fffffffffff00ull;
	uint64_t valid = rnd(4) ? 1ull << 63 : 0;

	w[0] = op | (uint64_t)dev << 32;
	w[1] = ev | (uint64_t)intid << 32;
	w[2] = (uint64_t)rnd(4) << 16 | rnd(6); /* RDbase 0..3, ICID 0..5 */
	w[3] = (uint64_t)rnd(4) << 16;          /* MOVALL's second RDbase */
	if (op == 0x08) {                       /* MAPD: Size, ITT address, V */
		w[1] = rnd(9);
		w[2] = valid | itt;
	} else if (op == 0x09) {
		w[2] |= valid;
	}
	if (!rnd(16)) /* now and then, garbage in every field */
		w[1] ^= (uint64_t)lcg, w[2] ^= (uint64_t)lcg << 5;
}

static int dev_slot(uint32_t pdevid)
{
	return pdevid == 0x108 ? 0 : pdevid == 0x210 ? 1 : -1;
}

/* The physical side as the calls leave it, checked call by call. */
static bool dev_mapped[2], ev_mapped[2][65536];
static unsigned dev_bits[2], dev_events[2];
static unsigned seen[128]; /* calls by kind */

static void check_calls(unsigned from)
{
	for (unsigned i = from; i < n_calls; i++) {
		const struct call *c = &calls[i];
		int d = dev_slot(c->dev);

		seen[(unsigned char)c->kind]++;
		switch (c->kind) {
		case 'D':
			assert_true(d >= 0 && !dev_mapped[d] && c->event >= 1 && c->event <= 16);
			dev_mapped[d] = true;
			dev_bits[d] = c->event;
			break;
		case 'd':
			assert_true(d >= 0 && dev_mapped[d] && dev_events[d] == 0);
			dev_mapped[d] = false;
			break;
		case 'E':
			assert_true(d >= 0 && dev_mapped[d] && c->event < (1u << dev_bits[d]));
			assert_false(ev_mapped[d][c->event]);
			assert_true(c->vlpi >= 8192 && c->vlpi < 65536 && c->vcpu < 2);
			assert_true(dev_events[d] < 64); /* the device's translation slots */
			ev_mapped[d][c->event] = true;
			dev_events[d]++;
			break;
		case 'e':
			assert_true(d >= 0 && c->event < 65536 && ev_mapped[d][c->event]);
			ev_mapped[d][c->event] = false;
			dev_events[d]--;
			break;
		case 'M':
			assert_true(d >= 0 && c->event < 65536 && ev_mapped[d][c->event] && c->vcpu < 2);
			break;
		case 'V':
			assert_true(c->vcpu < 2 && (c->vlpi == VITS_ALL_VLPIS || (c->vlpi >= 8192 && c->vlpi < 65536)));
			break;
		case 'A':
			assert_true(c->vlpi < 2 && c->vcpu < 2 && c->vlpi != c->vcpu);
			break;
		default: /* I, C */
			assert_true(c->vcpu < 2 && c->vlpi >= 8192 && c->vlpi < 65536);
			break;
		}
	}
}

static void test_random_guest(void **state)
{
	unsigned checked = 0;

	(void)state;
	memset(dev_mapped, 0, sizeof(dev_mapped));
	memset(ev_mapped, 0, sizeof(ev_mapped));
	memset(dev_events, 0, sizeof(dev_events));
	memset(seen, 0, sizeof(seen));
	start_queue(QUEUE, 2); /* 256 slots */
	for (unsigned round = 0; round < 400; round++) {
		unsigned batch = 1 + rnd(200);

		for (unsigned i = 0; i < batch; i++) {
			uint64_t w[4];

			random_command(w);
			put(w[0], w[1], w[2], w[3]);
		}
		kick();
		for (unsigned polls = 0; rd(GITS_CREADR, 4) != wr_off; polls++)
			assert_true(polls < 256); /* every poll moves the queue on */
		if (n_calls > 3000) {             /* keep the record small: check and forget */
			check_calls(checked);
			n_calls = checked = 0;
		}
		check_calls(checked);
		checked = n_calls;
		vits_take_refusals(&ITS, NULL, 0, NULL);
	}
	assert_true(ITS.stats.commands > 30000);
	assert_true(ITS.stats.refused < ITS.stats.commands);
	/* every kind of physical call happened, many times */
	for (const char *k = "DdEeMICVA"; *k; k++)
		assert_true(seen[(unsigned char)*k] > 20);
	/* a restart leaves nothing mapped on the physical side */
	n_calls = checked = 0;
	vits_reset(&ITS, &PHYS, NULL);
	check_calls(0);
	for (unsigned d = 0; d < 2; d++) {
		assert_false(dev_mapped[d]);
		assert_int_equal(dev_events[d], 0);
	}
	assert_int_equal(vits_translations(&ITS), 0);
}

/* The arch's value per event: set in map_event, found again in move_event and unmap_event. */
static void test_phys_value(void **state)
{
	uint32_t v = 1;

	(void)state;
	assert_false(vits_phys(&ITS, 0x210, 63, &v));  /* no translation: no slot */
	assert_false(vits_set_phys(&ITS, 0x08, 0, 1)); /* a guest device ID, not a physical one */
	assert_false(vits_set_phys(&ITS, 0x210, 64, 1));
	assert_false(vits_phys(&ITS, 0x999, 0, &v));
	stamp = true;
	linux_like_start();                 /* event 3 of 0x108 -> vLPI 8195 on vCPU 1 */
	cmd(0x01 | 0x08ull << 32, 3, 0, 0); /* MOVI to collection 0: move_event checks the value */
	mapti(0x10, 0, 9000, 0);            /* device 0x10 not mapped: refused, nothing set */
	assert_false(vits_phys(&ITS, 0x210, 0, &v));
	assert_true(vits_phys(&ITS, 0x108, 3, &v));
	assert_int_equal(v, stamp_of(3));
	devcmd(0x0f, 0x08, 3); /* DISCARD: unmap_event checks it */
	expect_call(0, 'M', 0x108, 3, 0, 0);
	expect_call(2, 'e', 0x108, 3, 0, 0);
	assert_int_equal(n_calls, 3);
	assert_false(vits_phys(&ITS, 0x108, 3, &v)); /* the slot was given back */
}

/* EventIDs are sparse over 16 bits, but a device holds max_events_per_device (64) translations:
 * the 65th is refused until one is discarded. */
static void test_translation_slots(void **state)
{
	(void)state;
	mapc(0, 0, true);
	mapd(0x08, 16, ITT, true);
	for (unsigned i = 0; i < 64; i++)
		mapti(0x08, 1000 * i + 7, 8192 + i, 0);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	assert_int_equal(vits_translations(&ITS), 64);
	n_calls = 0;
	mapti(0x08, 5, 9000, 0);
	expect_refusal(VITS_REFUSE_ITE_FULL, 0x0a, 64);
	assert_int_equal(n_calls, 0);
	mapti(0x08, 7, 9001, 0); /* a mapped event again: replaced in its own slot */
	expect_call(2, 'E', 0x108, 7, 9001, 0);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	devcmd(0x0f, 0x08, 63007); /* DISCARD the last one: its slot is free again */
	mapti(0x08, 5, 9000, 0);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	expect_call(n_calls - 1, 'E', 0x108, 5, 9000, 0);
	assert_int_equal(vits_translations(&ITS), 64);
	/* the other device has its own 64 */
	mapd(0x10, 1, ITT, true);
	mapti(0x10, 1, 9100, 0);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	assert_int_equal(vits_translations(&ITS), 65);
}

/* What MAPD and MAPTI take is given back by MAPD V=0, a remap with another size and reset:
 * 1,000 cycles that each fill a device's 64 slots still find them all free. The physical side
 * gets one unmap_event per map_event and one unmap_device per map_device. */
static void test_storage_returned(void **state)
{
	(void)state;
	mapc(0, 0, true);
	for (unsigned cycle = 0; cycle < 1000; cycle++) {
		unsigned maps = 0, unmaps = 0, dmaps = 0, dunmaps = 0;

		if (cycle % 50 == 49) { /* a restart now and then */
			vits_reset(&ITS, &PHYS, NULL);
			start_queue(QUEUE, 1);
			mapc(0, 0, true);
		}
		n_calls = 0;
		mapd(0x08, 8 + cycle % 8, ITT, true);
		for (unsigned e = 0; e < 64; e++)
			mapti(0x08, e * 3 + cycle % 3, 8192 + e, 0);
		assert_int_equal(vits_translations(&ITS), 64);
		if (cycle % 3 == 0)
			mapd(0x08, 0, 0, false); /* unmap */
		else if (cycle % 3 == 1)
			mapd(0x08, 8 + (cycle + 1) % 8, ITT, true); /* remap with another size */
		else
			vits_reset(&ITS, &PHYS, NULL);
		assert_int_equal(vits_translations(&ITS), 0);
		assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
		for (unsigned i = 0; i < n_calls; i++) {
			maps += calls[i].kind == 'E';
			unmaps += calls[i].kind == 'e';
			dmaps += calls[i].kind == 'D';
			dunmaps += calls[i].kind == 'd';
		}
		assert_int_equal(maps, 64);
		assert_int_equal(unmaps, 64);
		assert_int_equal(dunmaps, 1);
		assert_int_equal(dmaps, cycle % 3 == 1 ? 2 : 1);
		if (cycle % 3 == 1)
			mapd(0x08, 0, 0, false);
		if (cycle % 3 == 2) {
			start_queue(QUEUE, 1);
			mapc(0, 0, true);
		}
		assert_int_equal(ITS.itt_events, 0);
	}
}

/* The physical ITTs a partition's MAPDs ask for are bounded: 2^17 events over its devices (two
 * with all 16 EventID bits). Three devices here. */
static void test_itt_budget(void **state)
{
	static const struct vits_device three[] = { { 0x08, 0x108 }, { 0x10, 0x210 }, { 0x18, 0x318 } };
	struct vits_config c = config();

	(void)state;
	c.devices = three;
	c.n_devices = 3;
	c.max_events_per_device = 256;
	assert_int_equal(vits_init(&ITS, &c), 0);
	start_queue(QUEUE, 1);
	mapd(0x08, 16, ITT, true);
	mapd(0x10, 16, ITT, true);
	mapd(0x18, 1, ITT, true);
	expect_refusal(VITS_REFUSE_ITT_BUDGET, 0x08, 1);
	mapd(0x08, 15, ITT, true); /* a remap gives the old size back first */
	mapd(0x18, 15, ITT, true);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	assert_int_equal(ITS.itt_events, 65536 + 2 * 32768);
	mapd(0x18, 16, ITT, true);
	expect_refusal(VITS_REFUSE_ITT_BUDGET, 0x08, 16);
	mapd(0x08, 0, 0, false);
	mapd(0x18, 16, ITT, true);
	assert_int_equal(vits_take_refusals(&ITS, NULL, 0, NULL), 0);
	assert_int_equal(ITS.itt_events, 2 * 65536);
}

/* INVALL's scope: the vLPIs of the events whose collection targets the vCPU, followed through
 * MOVI and MAPC retargeting. */
static void test_vlpis_of_vcpu(void **state)
{
	uint32_t got[8], vlpi;
	unsigned cursor, n;

	(void)state;
	linux_like_start(); /* 0x08 event 3 -> 8195, collection 1 (vCPU 1) */
	mapc(2, 0, true);
	mapti(0x08, 4, 8300, 2);
	mapti(0x08, 5, 8301, 1);
	mapti(0x08, 6, 8195, 2); /* the same vLPI on the other vCPU */
	for (unsigned vcpu = 0; vcpu < 3; vcpu++) {
		cursor = n = 0;
		while (vits_next_vlpi_of(&ITS, vcpu, &cursor, &vlpi)) {
			assert_true(n < 8);
			got[n++] = vlpi;
		}
		if (vcpu == 0) {
			assert_int_equal(n, 2);
			assert_int_equal(got[0], 8300);
			assert_int_equal(got[1], 8195);
		} else if (vcpu == 1) {
			assert_int_equal(n, 2);
			assert_int_equal(got[0], 8195);
			assert_int_equal(got[1], 8301);
		} else {
			assert_int_equal(n, 0); /* no such vCPU */
		}
	}
	mapc(1, 0, true); /* collection 1 follows to vCPU 0: everything is there now */
	cursor = n = 0;
	while (vits_next_vlpi_of(&ITS, 0, &cursor, &vlpi))
		n++;
	assert_int_equal(n, 4);
	cursor = 0;
	assert_false(vits_next_vlpi_of(&ITS, 1, &cursor, &vlpi));
}

static void test_describe(void **state)
{
	struct vits_refusal r = { .code = VITS_REFUSE_FOREIGN_DEVICE, .op = 0x08, .devid = 0x99, .value = 0x99 };
	char line[160];

	(void)state;
	vits_refusal_describe(&r, line, sizeof(line));
	assert_string_equal(line, "MAPD (0x08) DeviceID 0x99 EventID 0 value 0x99: device not assigned to the "
				  "partition [vits-foreign-device]");
	r = (struct vits_refusal){ .code = VITS_REFUSE_TRANSLATER_CPU_WRITE, .value = 3 };
	vits_refusal_describe(&r, line, sizeof(line));
	assert_string_equal(line, "register access (0x3): CPU store to GITS_TRANSLATER [vits-translater-cpu-write]");
	r = (struct vits_refusal){
		.code = VITS_REFUSE_PHYS_FAILED, .op = 0x0a, .devid = 8, .eventid = 3, .value = (uint64_t)-12
	};
	vits_refusal_describe(&r, line, sizeof(line));
	assert_string_equal(line, "MAPTI (0x0a) DeviceID 0x8 EventID 3: the physical ITS refused (error -12) "
				  "[vits-phys-failed]");
	assert_string_equal(vits_refusal_code_name(VITS_REFUSE_TARGET), "vits-target");
	r = (struct vits_refusal){ .code = VITS_REFUSE_MAPI_EVENT, .op = 0x0b, .devid = 8, .eventid = 30, .value = 30 };
	vits_refusal_describe(&r, line, sizeof(line));
	assert_string_equal(line, "MAPI (0x0b) DeviceID 0x8 EventID 30 value 0x1e: MAPI EventID (its INTID) is not an "
				  "LPI "
				  "of the partition [vits-mapi-event]");
	assert_string_equal(vits_refusal_code_name(VITS_REFUSE_ITE_FULL), "vits-ite-full");
	assert_string_equal(vits_refusal_code_name(VITS_REFUSE_ITT_BUDGET), "vits-itt-budget");
	assert_string_equal(vits_refusal_code_name((enum vits_refusal_code)99), "vits-unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_limits, setup),
		cmocka_unit_test_setup(test_id_registers, setup),
		cmocka_unit_test_setup(test_ctlr_and_tables, setup),
		cmocka_unit_test_setup(test_mapc_mapd_mapti_int, setup),
		cmocka_unit_test_setup(test_mapi_movi_discard, setup),
		cmocka_unit_test_setup(test_remap_replaces, setup),
		cmocka_unit_test_setup(test_refusals, setup),
		cmocka_unit_test_setup(test_collections_full, setup),
		cmocka_unit_test_setup(test_phys_failure, setup),
		cmocka_unit_test_setup(test_queue_semantics, setup),
		cmocka_unit_test_setup(test_wraparound, setup),
		cmocka_unit_test_setup(test_flood_bounded, setup),
		cmocka_unit_test_setup(test_physical_work_bounded, setup),
		cmocka_unit_test_setup(test_reset_unmaps_everything, setup),
		cmocka_unit_test_setup(test_random_guest, setup),
		cmocka_unit_test_setup(test_phys_value, setup),
		cmocka_unit_test_setup(test_translation_slots, setup),
		cmocka_unit_test_setup(test_storage_returned, setup),
		cmocka_unit_test_setup(test_itt_budget, setup),
		cmocka_unit_test_setup(test_vlpis_of_vcpu, setup),
		cmocka_unit_test_setup(test_describe, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
