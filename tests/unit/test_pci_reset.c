/* Quiescing a function on partition stop/restart (core/pci/pci_reset.c) against a fake function
 * that behaves as the PCIe base spec says: Initiate FLR (Device Control bit 15) resets its
 * Command and BARs and makes it unable to answer for a while; Device Status bit 5 (Transactions
 * Pending) and the Status register's RW1C bits clear when written with ones. The fake records
 * what the spec forbids: a config request within 100 ms of the FLR, a write of ones into RW1C
 * status bits, decoding or bus mastering left on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/pci/pci_reset.h"

#define EXP 0x60 /* PCIe capability offset: PM at 0x40 first, then PCIe */

struct fake_fn {
	uint32_t cfg[1024];
	bool absent;
	unsigned not_ready_polls; /* Vendor ID reads that fail after an FLR */
	unsigned pending_polls;   /* Device Control reads that still show Transactions Pending */
	unsigned now_ms, flr_at_ms, flrs;
	bool early_request; /* a config request within 100 ms of the FLR */
	bool rw1c_written;  /* ones written into Status or Device Status */
	unsigned writes;
};

static uint32_t fake_read(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	struct fake_fn *f = ctx;

	assert_int_equal(host, 0);
	assert_int_equal(bus, 1);
	assert_int_equal(devfn, 0);
	assert_int_equal(off & 3, 0);
	if (f->absent)
		return 0xffffffffu;
	if (f->flrs && f->now_ms - f->flr_at_ms < 100)
		f->early_request = true;
	if (off == 0 && f->not_ready_polls) {
		f->not_ready_polls--;
		return 0xffffffffu;
	}
	if (off == EXP + 8 && f->pending_polls) {
		f->pending_polls--;
		return f->cfg[off / 4] | 1u << 21;
	}
	return f->cfg[off / 4];
}

static void fake_write(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off, uint32_t v)
{
	struct fake_fn *f = ctx;

	(void)host, (void)bus, (void)devfn;
	f->writes++;
	if (f->flrs && f->now_ms - f->flr_at_ms < 100)
		f->early_request = true;
	if (off == 0x04) {
		if (v >> 16)
			f->rw1c_written = true;
		f->cfg[1] = (f->cfg[1] & 0xffff0000u) | (v & 0xffffu);
	} else if (off >= 0x10 && off <= 0x24) {
		f->cfg[off / 4] = v;
	} else if (off == EXP + 8) {
		if (v >> 16)
			f->rw1c_written = true;
		if (v & 0x8000u) { /* Initiate FLR: the function's state is reset */
			f->flrs++;
			f->flr_at_ms = f->now_ms;
			f->cfg[1] &= 0xffff0000u;
			for (unsigned i = 4; i <= 9; i++)
				f->cfg[i] = i == 4 ? 0x4 : 0; /* BAR0 keeps only its 64-bit type bits */
			f->not_ready_polls = 3;
		}
		f->cfg[off / 4] = (f->cfg[off / 4] & 0xffff0000u) | (v & 0x7fffu);
	}
}

static void fake_sleep(void *ctx, unsigned ms)
{
	((struct fake_fn *)ctx)->now_ms += ms;
}

static const uint32_t bars[6] = { 0x10000004, 0x80, 0, 0, 0x10004000, 0 };

/* An NVMe-like function: Command = Memory|Bus Master, status bits set, two memory BARs. */
static void make_fn(struct fake_fn *f, bool pcie, bool flr_cap)
{
	memset(f, 0, sizeof(*f));
	f->cfg[0] = 0x00101b36;
	f->cfg[1] = 0x0006u | (pcie ? 0x0010u << 16 : 0) | 0x4000u << 16; /* a latched error bit */
	memcpy(&f->cfg[4], bars, sizeof(bars));
	if (pcie) {
		f->cfg[0x34 / 4] = 0x40;
		f->cfg[0x40 / 4] = 0x01 | EXP << 8;                           /* PM -> PCIe */
		f->cfg[EXP / 4] = 0x10 | 0x0002u << 16;                       /* PCIe v2 endpoint */
		f->cfg[(EXP + 4) / 4] = flr_cap ? 1u << 28 | 0x8000 : 0x8000; /* DevCap: FLR, RBER */
		f->cfg[(EXP + 8) / 4] = 0x2810u | 0x0004u << 16;              /* DevCtl, DevSta.URD */
	}
}

static struct pci_cfg_ops ops_for(struct fake_fn *f)
{
	return (struct pci_cfg_ops){ fake_read, fake_write, f };
}

static void quiesce(struct fake_fn *f, struct pci_quiesce_result *r)
{
	struct pci_cfg_ops ops = ops_for(f);

	pci_function_quiesce(&ops, 0, 1, 0, fake_sleep, f, r);
}

static void test_conventional_only_command(void **state)
{
	struct fake_fn f;
	struct pci_quiesce_result r;

	(void)state;
	make_fn(&f, false, false);
	quiesce(&f, &r);
	assert_true(r.present);
	assert_false(r.flr);
	assert_int_equal(r.cmd_before, 0x0006);
	assert_int_equal(f.cfg[1] & 0xffff, 0x0400); /* Memory, Bus Master off; INTx Disable on */
	assert_memory_equal(&f.cfg[4], bars, sizeof(bars));
	assert_int_equal(f.now_ms, 0);
	assert_false(f.rw1c_written);
}

static void test_pcie_without_flr_cap(void **state)
{
	struct fake_fn f;
	struct pci_quiesce_result r;

	(void)state;
	make_fn(&f, true, false);
	quiesce(&f, &r);
	assert_false(r.flr);
	assert_int_equal(f.flrs, 0);
	assert_int_equal(f.cfg[1] & 0xffff, 0x0400);
	assert_int_equal(f.now_ms, 0);
}

static void test_flr_waits_and_restores_bars(void **state)
{
	struct fake_fn f;
	struct pci_quiesce_result r;

	(void)state;
	make_fn(&f, true, true);
	quiesce(&f, &r);
	assert_true(r.flr);
	assert_int_equal(f.flrs, 1);
	assert_false(f.early_request);
	assert_false(f.rw1c_written);
	assert_false(r.ready_timeout);
	/* 100 ms, then three failed polls 10 ms apart. */
	assert_int_equal(f.now_ms, 130);
	assert_int_equal(r.waited_ms, 130);
	assert_memory_equal(&f.cfg[4], bars, sizeof(bars));
	assert_int_equal(f.cfg[1] & 0xffff, 0x0400);
	assert_int_equal(f.cfg[(EXP + 8) / 4] & 0xffff, 0x2810); /* FLR bit self-clears, rest kept */
}

static void test_flr_waits_for_pending_transactions(void **state)
{
	struct fake_fn f;
	struct pci_quiesce_result r;

	(void)state;
	make_fn(&f, true, true);
	f.pending_polls = 4; /* four polls 10 ms apart show it, the fifth not */
	quiesce(&f, &r);
	assert_false(r.pending_timeout);
	assert_int_equal(f.flr_at_ms, 40);
	assert_int_equal(f.flrs, 1);

	make_fn(&f, true, true);
	f.pending_polls = 1000;
	quiesce(&f, &r);
	assert_true(r.pending_timeout);
	assert_int_equal(f.flr_at_ms, 100); /* bounded, then the FLR anyway */
	assert_int_equal(f.flrs, 1);
}

static uint32_t dead_after_flr_read(void *ctx, unsigned host, uint8_t bus, uint8_t devfn, uint16_t off)
{
	struct fake_fn *f = ctx;

	if (f->flrs && off == 0)
		return 0xffffffffu;
	return fake_read(ctx, host, bus, devfn, off);
}

static void test_flr_timeout(void **state)
{
	struct fake_fn f;
	struct pci_quiesce_result r;
	struct pci_cfg_ops ops;

	(void)state;
	make_fn(&f, true, true);
	ops = (struct pci_cfg_ops){ dead_after_flr_read, fake_write, &f };
	pci_function_quiesce(&ops, 0, 1, 0, fake_sleep, &f, &r);
	assert_true(r.flr);
	assert_true(r.ready_timeout);
	assert_int_equal(f.now_ms, PCI_FLR_WAIT_MS + PCI_FLR_READY_MAX_MS);
}

static void test_absent_function_untouched(void **state)
{
	struct fake_fn f;
	struct pci_quiesce_result r;

	(void)state;
	make_fn(&f, true, true);
	f.absent = true;
	quiesce(&f, &r);
	assert_false(r.present);
	assert_int_equal(f.writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conventional_only_command),
		cmocka_unit_test(test_pcie_without_flr_cap),
		cmocka_unit_test(test_flr_waits_and_restores_bars),
		cmocka_unit_test(test_flr_waits_for_pending_transactions),
		cmocka_unit_test(test_flr_timeout),
		cmocka_unit_test(test_absent_function_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
