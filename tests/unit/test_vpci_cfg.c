/* The configuration space a partition sees through its virtual ECAM window: one table per
 * register group, every expected value written out by hand from the PCI Local Bus and PCI
 * Express specs, the fake machine (tests/unit/vpci_fake.h) and the rules in core/pci/vpci.h and
 * vpci_caps.c. The bus holds 00:02.0 (A), the root port (never presented) and 01:00.0/01:00.1
 * (B0, B1): A is 00:00.0, B0 00:01.0, B1 00:01.1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/pci/vpci.h"
#include "tests/unit/vpci_fake.h"

#define VA 0x00 /* virtual devfn of A */
#define VB0 0x08
#define VB1 0x09

struct env {
	struct vpci_fake f;
	struct vpci_bus bus;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));
	struct diag_list dl;
	size_t owned[4];
	bool ok;

	if (!e)
		return -1;
	vpci_fake_init(&e->f);
	owned[0] = e->f.idx[VF_B1];
	owned[1] = e->f.idx[VF_RP];
	owned[2] = e->f.idx[VF_A];
	owned[3] = e->f.idx[VF_B0];
	diag_init(&dl);
	ok = vpci_bus_build(&e->bus, &e->f.plat, &e->f.topo, owned, 4, "guest", &dl);
	if (!ok || dl.count) {
		diag_print(&dl);
		diag_free(&dl);
		return -1;
	}
	diag_free(&dl);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	vpci_fake_free(&e->f);
	free(e);
	return 0;
}

static uint32_t rd(struct env *e, uint8_t devfn, unsigned reg, unsigned size)
{
	return vpci_cfg_read(&e->bus, &e->f.ops, VPCI_ECAM_OFF(devfn, reg), size);
}

static void wr(struct env *e, uint8_t devfn, unsigned reg, unsigned size, uint32_t val)
{
	vpci_cfg_write(&e->bus, &e->f.ops, VPCI_ECAM_OFF(devfn, reg), size, val);
}

struct rd_case {
	uint8_t devfn;
	uint16_t reg;
	uint8_t size;
	uint32_t want;
};

static void check_reads(struct env *e, const struct rd_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t got = rd(e, c[i].devfn, c[i].reg, c[i].size);

		if (got != c[i].want)
			fail_msg("devfn 0x%02x reg 0x%03x size %u: read 0x%08x, want 0x%08x", c[i].devfn, c[i].reg,
				 c[i].size, got, c[i].want);
	}
}

static void test_topology(void **state)
{
	struct env *e = *state;

	assert_int_equal(e->bus.n_fns, 3);
	assert_int_equal(e->bus.fns[0].vdevfn, VA);
	assert_int_equal(e->bus.fns[0].topo_index, e->f.idx[VF_A]);
	assert_int_equal(e->bus.fns[0].phys_bdf, 0x0010);
	assert_int_equal(e->bus.fns[1].vdevfn, VB0);
	assert_int_equal(e->bus.fns[1].phys_bdf, 0x0100);
	assert_int_equal(e->bus.fns[2].vdevfn, VB1);
	assert_int_equal(e->bus.fns[2].phys_bdf, 0x0101);
	assert_int_equal(e->bus.ecam_ipa, 0x4010000000);
	/* QEMU virt: SPI 3 + (slot + pin - 1) % 4. A: slot 2 pin A -> SPI 5; B0: pin A swizzled by
	 * device 0 stays A, root port slot 3 -> SPI 6; B1: pin B -> slot 3 -> SPI 3. */
	assert_int_equal(e->bus.fns[0].intx_intid, 32 + 5);
	assert_int_equal(e->bus.fns[1].intx_intid, 32 + 6);
	assert_int_equal(e->bus.fns[2].intx_intid, 32 + 3);
	assert_int_equal(e->bus.fns[0].intx_flags, 4);
}

/* IDs, class, revision, subsystem: the device's values. */
static void test_ids(void **state)
{
	static const struct rd_case c[] = {
		{ VA, 0x00, 4, 0x11e81234 },  { VA, 0x00, 2, 0x1234 },  { VA, 0x02, 2, 0x11e8 },
		{ VA, 0x01, 1, 0x12 },        { VA, 0x03, 1, 0x11 },    { VA, 0x08, 4, 0x00ff0010 },
		{ VA, 0x08, 1, 0x10 },        { VA, 0x0b, 1, 0x00 },    { VA, 0x2c, 4, 0x11001af4 },
		{ VB0, 0x00, 4, 0x00101b36 }, { VB1, 0x02, 2, 0x0011 }, { VB0, 0x08, 4, 0x01080202 },
	};

	check_reads(*state, c, sizeof(c) / sizeof(c[0]));
}

/* Header type: multifunction exactly when the virtual slot has more than one function; BIST
 * hidden; CardBus CIS, reserved 0x38 read 0. */
static void test_header_type(void **state)
{
	static const struct rd_case c[] = {
		{ VA, 0x0c, 4, 0x00000000 },  { VA, 0x0e, 1, 0x00 }, { VB0, 0x0e, 1, 0x80 },
		{ VB1, 0x0c, 4, 0x00800000 }, { VA, 0x0f, 1, 0x00 }, { VA, 0x28, 4, 0x00000000 },
		{ VA, 0x38, 4, 0 },
	};

	check_reads(*state, c, sizeof(c) / sizeof(c[0]));
}

static void test_command_read(void **state)
{
	static const struct rd_case c[] = {
		{ VA, 0x04, 4, 0x00100006 },
		{ VA, 0x04, 2, 0x0006 },
		{ VA, 0x06, 2, 0x0010 },
		/* B0 has no capability: the status bit stays clear */
		{ VB0, 0x04, 4, 0x00000000 },
	};

	check_reads(*state, c, sizeof(c) / sizeof(c[0]));
}

struct wr_case {
	const char *what;
	uint8_t devfn;
	uint16_t reg;
	uint8_t size;
	uint32_t val;
	int phys_off; /* -1: nothing may reach the device */
	uint8_t phys_size;
	uint32_t phys_val;
	uint64_t dropped, forbidden_cmd, relocations;
	uint16_t read_reg; /* read back afterwards */
	uint8_t read_size;
	uint32_t read_want;
};

static void check_write(const struct wr_case *c)
{
	struct env *e;

	assert_int_equal(setup((void **)&e), 0);
	wr(e, c->devfn, c->reg, c->size, c->val);
	if (c->phys_off < 0) {
		if (e->f.n_writes)
			fail_msg("%s: wrote 0x%x (size %u) at 0x%x to the device", c->what, e->f.writes[0].val,
				 e->f.writes[0].size, e->f.writes[0].off);
	} else if (e->f.n_writes != 1 || e->f.writes[0].off != c->phys_off || e->f.writes[0].size != c->phys_size ||
		   e->f.writes[0].val != c->phys_val) {
		fail_msg("%s: %u device writes, first 0x%x size %u at 0x%x; want 0x%x size %u at 0x%x", c->what,
			 e->f.n_writes, e->f.writes[0].val, e->f.writes[0].size, e->f.writes[0].off, c->phys_val,
			 c->phys_size, c->phys_off);
	}
	if (e->bus.cnt.dropped_writes != c->dropped || e->bus.cnt.command_forbidden != c->forbidden_cmd ||
	    e->bus.cnt.bar_relocations != c->relocations)
		fail_msg("%s: counted dropped %llu, command %llu, relocations %llu", c->what,
			 (unsigned long long)e->bus.cnt.dropped_writes,
			 (unsigned long long)e->bus.cnt.command_forbidden,
			 (unsigned long long)e->bus.cnt.bar_relocations);
	if (c->read_size && rd(e, c->devfn, c->read_reg, c->read_size) != c->read_want)
		fail_msg("%s: reads 0x%x afterwards, want 0x%x", c->what, rd(e, c->devfn, c->read_reg, c->read_size),
			 c->read_want);
	assert_int_equal(e->bus.cnt.writes, 1);
	teardown((void **)&e);
}

static void check_writes(const struct wr_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_write(&c[i]);
}

/* Command: Memory Space, Bus Master and INTx Disable only; Status: RW1C error bits. */
static void test_command_write(void **state)
{
	static const struct wr_case c[] = {
		{ "decoding off", VA, 0x04, 2, 0x0000, 0x04, 2, 0x0000, 0, 0, 0, 0x04, 2, 0x0000 },
		{ "INTx disable", VA, 0x04, 2, 0x0406, 0x04, 2, 0x0406, 0, 0, 0, 0x04, 2, 0x0406 },
		{ "I/O space", VA, 0x04, 2, 0x0007, 0x04, 2, 0x0006, 1, 1, 0, 0x04, 2, 0x0006 },
		{ "SERR + parity", VA, 0x04, 2, 0x0146, 0x04, 2, 0x0006, 1, 1, 0, 0x04, 2, 0x0006 },
		{ "command byte", VA, 0x04, 1, 0x02, 0x04, 1, 0x02, 0, 0, 0, 0x04, 2, 0x0002 },
		/* byte 1: only INTx Disable; the device gets just that byte */
		{ "command high byte", VA, 0x05, 1, 0x04, 0x05, 1, 0x04, 0, 0, 0, 0x04, 2, 0x0406 },
		/* a status write clears RW1C bits; the read-only ones are no refused change */
		{ "status clear", VA, 0x06, 2, 0xf910, 0x07, 1, 0xf9, 0, 0, 0, 0x06, 2, 0x0010 },
		{ "dword", VA, 0x04, 4, 0xf9000406, 0x04, 4, 0xf9100406, 0, 0, 0, 0x04, 4, 0x00100406 },
		{ "cache line size", VA, 0x0c, 1, 0x10, 0x0c, 1, 0x10, 0, 0, 0, 0x0c, 4, 0x00000010 },
		{ "latency timer", VA, 0x0d, 1, 0x40, -1, 0, 0, 1, 0, 0, 0x0c, 4, 0 },
		{ "multifunction bit", VA, 0x0e, 1, 0x80, -1, 0, 0, 1, 0, 0, 0x0e, 1, 0 },
		{ "BIST start", VA, 0x0f, 1, 0x40, -1, 0, 0, 1, 0, 0, 0x0f, 1, 0 },
		{ "vendor ID", VA, 0x00, 4, 0x12345678, -1, 0, 0, 1, 0, 0, 0x00, 4, 0x11e81234 },
		{ "class", VA, 0x08, 4, 0x01000000, -1, 0, 0, 1, 0, 0, 0x08, 4, 0x00ff0010 },
	};

	(void)state;
	check_writes(c, sizeof(c) / sizeof(c[0]));
}

/* BARs read the fixed CPU address; I/O and unimplemented BARs read 0; the ROM is hidden. */
static void test_bar_read(void **state)
{
	static const struct rd_case c[] = {
		{ VA, 0x10, 4, 0x10000000 },  { VA, 0x14, 4, 0 },      { VA, 0x18, 4, 0x0000000c },
		{ VA, 0x1c, 4, 0x80 },        { VA, 0x20, 4, 0 },      { VA, 0x24, 4, 0 },
		{ VA, 0x30, 4, 0 },           { VA, 0x12, 2, 0x1000 }, { VA, 0x18, 1, 0x0c },
		{ VB0, 0x10, 4, 0x10200000 }, { VB1, 0x10, 4, 0 },
	};

	check_reads(*state, c, sizeof(c) / sizeof(c[0]));
}

static void test_bar_write(void **state)
{
	static const struct wr_case c[] = {
		{ "BAR0 probe", VA, 0x10, 4, 0xffffffff, -1, 0, 0, 0, 0, 0, 0x10, 4, 0xfffff000 },
		{ "BAR0 move", VA, 0x10, 4, 0x20000000, -1, 0, 0, 1, 0, 1, 0x10, 4, 0x10000000 },
		{ "BAR0 same", VA, 0x10, 4, 0x10000000, -1, 0, 0, 0, 0, 0, 0x10, 4, 0x10000000 },
		{ "BAR0 half", VA, 0x12, 2, 0x2000, -1, 0, 0, 1, 0, 1, 0x10, 4, 0x10000000 },
		{ "BAR0 half same", VA, 0x12, 2, 0x1000, -1, 0, 0, 0, 0, 0, 0x10, 4, 0x10000000 },
		{ "BAR1 unimplemented probe", VA, 0x14, 4, 0xffffffff, -1, 0, 0, 0, 0, 0, 0x14, 4, 0 },
		{ "BAR1 unimplemented zero", VA, 0x14, 4, 0, -1, 0, 0, 0, 0, 0, 0x14, 4, 0 },
		{ "BAR1 unimplemented set", VA, 0x14, 4, 0x1234000, -1, 0, 0, 1, 0, 1, 0x14, 4, 0 },
		{ "BAR2 64-bit low probe", VA, 0x18, 4, 0xffffffff, -1, 0, 0, 0, 0, 0, 0x18, 4, 0xfff0000c },
		{ "BAR3 64-bit high probe", VA, 0x1c, 4, 0xffffffff, -1, 0, 0, 0, 0, 0, 0x1c, 4, 0xffffffff },
		{ "BAR3 64-bit high move", VA, 0x1c, 4, 0x00000090, -1, 0, 0, 1, 0, 1, 0x1c, 4, 0x80 },
		{ "BAR4 I/O probe", VA, 0x20, 4, 0xffffffff, -1, 0, 0, 0, 0, 0, 0x20, 4, 0 },
		{ "ROM probe", VA, 0x30, 4, 0xfffff800, -1, 0, 0, 0, 0, 0, 0x30, 4, 0 },
		{ "ROM clear", VA, 0x30, 4, 0, -1, 0, 0, 0, 0, 0, 0x30, 4, 0 },
		{ "ROM enable", VA, 0x30, 4, 0xfffc0001, -1, 0, 0, 1, 0, 1, 0x30, 4, 0 },
	};

	(void)state;
	check_writes(c, sizeof(c) / sizeof(c[0]));
}

/* The probe sequence Linux's __pci_read_base() runs on a 64-bit BAR, end to end. */
static void test_bar_probe_sequence(void **state)
{
	struct env *e = *state;

	wr(e, VA, 0x18, 4, 0xffffffff);
	assert_int_equal(rd(e, VA, 0x18, 4), 0xfff0000c);
	wr(e, VA, 0x18, 4, 0x0000000c);
	assert_int_equal(rd(e, VA, 0x18, 4), 0x0000000c);
	wr(e, VA, 0x1c, 4, 0xffffffff);
	assert_int_equal(rd(e, VA, 0x1c, 4), 0xffffffff);
	wr(e, VA, 0x1c, 4, 0x00000080);
	assert_int_equal(rd(e, VA, 0x1c, 4), 0x00000080);
	assert_int_equal(e->bus.cnt.bar_relocations, 0);
	assert_int_equal(e->bus.cnt.dropped_writes, 0);
	assert_int_equal(e->f.n_writes, 0);
}

/* Interrupt Line is the partition's own byte; Interrupt Pin, Min_Gnt, Max_Lat read-only. */
static void test_intx_regs(void **state)
{
	static const struct rd_case r[] = {
		{ VA, 0x3c, 4, 0x00000100 },
		{ VA, 0x3d, 1, 1 },
		{ VB1, 0x3d, 1, 2 },
		{ VB0, 0x3c, 2, 0x0100 },
	};
	static const struct wr_case w[] = {
		{ "line", VA, 0x3c, 1, 0x2a, -1, 0, 0, 0, 0, 0, 0x3c, 4, 0x0000012a },
		{ "pin", VA, 0x3d, 1, 0x03, -1, 0, 0, 1, 0, 0, 0x3c, 4, 0x00000100 },
		{ "line by word", VA, 0x3c, 2, 0x0107, -1, 0, 0, 0, 0, 0, 0x3c, 4, 0x00000107 },
	};

	check_reads(*state, r, sizeof(r) / sizeof(r[0]));
	check_writes(w, sizeof(w) / sizeof(w[0]));
}

/* PM at 0x50 -> vendor at 0x60 -> PCI Express at 0x80; MSI-X (0x40) and MSI (0x70) hidden. */
static void test_cap_chain(void **state)
{
	static const struct rd_case c[] = {
		{ VA, 0x34, 4, 0x50 },       { VA, 0x34, 1, 0x50 },       { VA, 0x40, 4, 0 },
		{ VA, 0x42, 2, 0 },          { VA, 0x50, 4, 0x00036001 }, { VA, 0x51, 1, 0x60 },
		{ VA, 0x54, 4, 0x00000008 }, { VA, 0x60, 4, 0x00108009 }, { VA, 0x61, 1, 0x80 },
		{ VA, 0x64, 4, 0xdeadbeef }, { VA, 0x6c, 4, 0x89abcdef }, { VA, 0x70, 4, 0 },
		{ VA, 0x74, 4, 0 },          { VA, 0x80, 4, 0x00020010 }, { VB0, 0x34, 4, 0 },
	};

	check_reads(*state, c, sizeof(c) / sizeof(c[0]));
}

/* PCI Express: FLR hidden and never initiated, Max Payload Size and error reporting kept,
 * function-local request bits writable, link controls read-only. */
static void test_pcie_cap(void **state)
{
	static const struct rd_case r[] = {
		{ VA, 0x84, 4, 0x00008fc0 }, { VA, 0x87, 1, 0x00 },       { VA, 0x88, 4, 0x0001201f },
		{ VA, 0x8c, 4, 0x00437c12 }, { VA, 0x90, 4, 0x10110040 }, { VA, 0xa4, 4, 0x0000001f },
		{ VA, 0xb8, 4, 0 },          { VA, 0xbc, 4, 0 }, /* past the 0x3c-byte capability */
	};
	static const struct wr_case w[] = {
		{ "MRRS", VA, 0x88, 2, 0x101f, 0x88, 2, 0x101f, 0, 0, 0, 0x88, 2, 0x101f },
		{ "initiate FLR", VA, 0x88, 2, 0xa01f, 0x88, 2, 0x201f, 1, 0, 0, 0x88, 2, 0x201f },
		{ "MPS", VA, 0x88, 2, 0x203f, 0x88, 2, 0x201f, 1, 0, 0, 0x88, 2, 0x201f },
		{ "error reporting off", VA, 0x88, 2, 0x2010, 0x88, 2, 0x201f, 1, 0, 0, 0x88, 2, 0x201f },
		{ "DevSta clear", VA, 0x8a, 2, 0x0001, 0x8a, 1, 0x01, 0, 0, 0, 0x8a, 2, 0x0000 },
		{ "link retrain", VA, 0x90, 2, 0x0060, -1, 0, 0, 1, 0, 0, 0x90, 2, 0x0040 },
		{ "link disable", VA, 0x90, 2, 0x0050, -1, 0, 0, 1, 0, 0, 0x90, 2, 0x0040 },
		{ "ASPM", VA, 0x90, 1, 0x43, -1, 0, 0, 1, 0, 0, 0x90, 2, 0x0040 },
		{ "DevCtl2", VA, 0xa8, 2, 0x0400, -1, 0, 0, 1, 0, 0, 0xa8, 2, 0 },
	};

	check_reads(*state, r, sizeof(r) / sizeof(r[0]));
	check_writes(w, sizeof(w) / sizeof(w[0]));
}

static void test_cap_writes(void **state)
{
	static const struct wr_case c[] = {
		{ "next pointer", VA, 0x51, 1, 0x70, -1, 0, 0, 1, 0, 0, 0x51, 1, 0x60 },
		{ "PM to D3hot", VA, 0x54, 2, 0x0003, -1, 0, 0, 1, 0, 0, 0x54, 2, 0x0008 },
		/* what Linux's pci_pme_active(dev, false) writes: PME_Status clear, PME_En off */
		{ "PME clear", VA, 0x54, 2, 0x8008, -1, 0, 0, 0, 0, 0, 0x54, 2, 0x0008 },
		{ "vendor data", VA, 0x64, 4, 0, -1, 0, 0, 1, 0, 0, 0x64, 4, 0xdeadbeef },
		{ "MSI enable", VA, 0x72, 2, 0x0001, -1, 0, 0, 1, 0, 0, 0x72, 2, 0 },
		{ "MSI-X enable", VA, 0x42, 2, 0x8000, -1, 0, 0, 1, 0, 0, 0x42, 2, 0 },
		{ "cap pointer", VA, 0x34, 1, 0x40, -1, 0, 0, 1, 0, 0, 0x34, 1, 0x50 },
	};

	(void)state;
	check_writes(c, sizeof(c) / sizeof(c[0]));
}

/* Extended configuration space: an empty list. */
static void test_ext_caps(void **state)
{
	static const struct rd_case r[] = {
		{ VA, 0x100, 4, 0 }, { VA, 0x104, 4, 0 }, { VA, 0x140, 4, 0 }, { VA, 0xffc, 4, 0 }, { VA, 0xfff, 1, 0 },
	};
	static const struct wr_case w[] = {
		{ "AER mask", VA, 0x108, 4, 0xffffffff, -1, 0, 0, 1, 0, 0, 0x100, 4, 0 },
		{ "zero", VA, 0x200, 4, 0, -1, 0, 0, 0, 0, 0, 0x200, 4, 0 },
	};

	check_reads(*state, r, sizeof(r) / sizeof(r[0]));
	check_writes(w, sizeof(w) / sizeof(w[0]));
}

/* Functions the partition does not own, whatever the physical bus has there. */
static void test_absent(void **state)
{
	struct env *e = *state;
	static const struct rd_case c[] = {
		{ 0x01, 0x00, 4, 0xffffffff }, { 0x10, 0x00, 4, 0xffffffff }, { 0x18, 0x00, 2, 0xffff },
		{ 0x20, 0x0e, 1, 0xff },       { 0x0a, 0x00, 4, 0xffffffff },
	};

	check_reads(e, c, sizeof(c) / sizeof(c[0]));
	wr(e, 0x10, 0x04, 2, 0x0007);
	wr(e, 0x18, 0x10, 4, 0x12345678);
	assert_int_equal(e->f.n_writes, 0);
	assert_int_equal(e->bus.cnt.absent, 7);
	assert_int_equal(e->bus.cnt.reads, 5);
	assert_int_equal(e->bus.cnt.writes, 2);
	for (unsigned i = 0; i < e->bus.n_fns; i++)
		assert_int_equal(e->bus.fns[i].cnt.reads + e->bus.fns[i].cnt.writes, 0);
}

/* Sizes other than 1, 2, 4, misaligned accesses and offsets past bus 0: refused, counted. */
static void test_bad_access(void **state)
{
	struct env *e = *state;
	static const struct rd_case c[] = {
		{ VA, 0x02, 4, 0xffffffff }, { VA, 0x01, 2, 0xffff }, { VA, 0x00, 8, 0xffffffff },
		{ VA, 0x00, 3, 0x00ffffff }, { VA, 0x00, 0, 0 },
	};

	check_reads(e, c, sizeof(c) / sizeof(c[0]));
	assert_int_equal(vpci_cfg_read(&e->bus, &e->f.ops, 0x100000, 4), 0xffffffff); /* bus 1 */
	wr(e, VA, 0x05, 2, 0x0000);
	wr(e, VA, 0x04, 8, 0);
	vpci_cfg_write(&e->bus, &e->f.ops, 0x100004, 2, 0);
	assert_int_equal(e->f.n_writes, 0);
	assert_int_equal(e->bus.cnt.bad_accesses, 9);
	assert_int_equal(e->bus.fns[0].cnt.reads, 0);
	assert_int_equal(rd(e, VA, 0x04, 2), 0x0006);
}

/* Per-function counters add up to the bus's. */
static void test_counters(void **state)
{
	struct env *e = *state;

	rd(e, VA, 0x00, 4);
	rd(e, VB0, 0x00, 4);
	wr(e, VA, 0x04, 2, 0x0001);
	wr(e, VB1, 0x10, 4, 0x40000000);
	assert_int_equal(e->bus.fns[0].cnt.reads, 1);
	assert_int_equal(e->bus.fns[0].cnt.writes, 1);
	assert_int_equal(e->bus.fns[0].cnt.command_forbidden, 1);
	assert_int_equal(e->bus.fns[1].cnt.reads, 1);
	assert_int_equal(e->bus.fns[2].cnt.bar_relocations, 1);
	assert_int_equal(e->bus.cnt.dropped_writes, 2);
	assert_int_equal(e->bus.cnt.reads, 2);
	assert_int_equal(e->bus.cnt.writes, 2);
}

/* A restart forgets a pending size probe and the Interrupt Line, re-reads the capability list
 * (here the device lost its vendor capability), and keeps the counters. */
static void test_restart(void **state)
{
	struct env *e = *state;

	wr(e, VA, 0x10, 4, 0xffffffff);
	wr(e, VA, 0x3c, 1, 0x2a);
	wr(e, VA, 0x04, 2, 0x0001);
	assert_int_equal(rd(e, VA, 0x61, 1), 0x80);
	vf_set(&e->f.fns[VF_A], 0x50, 4, 0x00037001); /* PM now links straight to MSI */
	vpci_bus_restart(&e->bus);
	assert_int_equal(rd(e, VA, 0x10, 4), 0x10000000);
	assert_int_equal(rd(e, VA, 0x3c, 1), 0);
	assert_int_equal(rd(e, VA, 0x51, 1), 0x80); /* PM -> PCI Express */
	assert_int_equal(rd(e, VA, 0x60, 4), 0);
	assert_int_equal(e->bus.cnt.command_forbidden, 1);
	assert_int_equal(e->bus.fns[0].cnt.writes, 3);
}

/* The writes that turn Bus Master Enable (Command bit 2, config offset 0x04) on, by ECAM offset
 * (bus << 20 | devfn << 12 | register), size and value. */
static void test_write_sets_master(void **state)
{
	(void)state;
	assert_true(vpci_write_sets_master(0x00004, 2, 0x0006));     /* 00:00.0 Command = MEM | MASTER */
	assert_true(vpci_write_sets_master(0x08004, 4, 0x00100004)); /* 00:01.0, dword with Status */
	assert_true(vpci_write_sets_master(0x09004, 1, 0x04));
	assert_false(vpci_write_sets_master(0x00004, 2, 0x0002));     /* memory decoding only */
	assert_false(vpci_write_sets_master(0x00004, 4, 0x00040002)); /* bit 2 of Status, not Command */
	assert_false(vpci_write_sets_master(0x00005, 1, 0x04));       /* Command's high byte */
	assert_false(vpci_write_sets_master(0x00006, 2, 0x0004));     /* Status */
	assert_false(vpci_write_sets_master(0x00000, 4, 0x00000004)); /* vendor and device ID */
	assert_false(vpci_write_sets_master(0x00044, 4, 0x00000004)); /* a capability at 0x44 */
	assert_false(vpci_write_sets_master(0x00104, 4, 0x00000004)); /* extended space */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_topology, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_read, setup, teardown),
		cmocka_unit_test(test_command_write),
		cmocka_unit_test_setup_teardown(test_bar_read, setup, teardown),
		cmocka_unit_test(test_bar_write),
		cmocka_unit_test_setup_teardown(test_bar_probe_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intx_regs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pcie_cap, setup, teardown),
		cmocka_unit_test(test_cap_writes),
		cmocka_unit_test_setup_teardown(test_ext_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
		cmocka_unit_test(test_write_sets_master),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
