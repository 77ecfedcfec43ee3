/* MSI for a partition's PCI functions: the device IDs an msi-map gives the ITS, and the MSI and
 * MSI-X capabilities presented once a function's MSIs reach the board's ITS. The fake machine is
 * tests/unit/vpci_fake.h's, with an ITS (phandle 0x8005, 128 KiB frame at 0x08080000) and QEMU
 * virt's msi-map <0 &its 0 0x10000> (device ID = RID). Function A (00:02.0, RID 0x0010) has
 * MSI-X at 0x40 (Message Control 0x001f: 32 vectors) and a 64-bit MSI without per-vector
 * masking at 0x70 (Message Control 0x0080), so its MSI layout is: 0x74 Message Address, 0x78
 * Upper Address, 0x7c Message Data (PCI Local Bus 3.0, 6.8.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/pci/vpci.h"
#include "tests/unit/vpci_fake.h"

#define VA 0x00
#define VB0 0x08
#define ITS_PHANDLE 0x8005

struct env {
	struct vpci_fake f;
	struct plat_id_map msi_map[2];
	struct vpci_bus bus;
};

static void set_wmask(struct vf_fn *fn, unsigned off, unsigned size, uint32_t mask)
{
	for (unsigned i = 0; i < size; i++)
		fn->wmask[off + i] = (uint8_t)(mask >> (8 * i));
}

static int build(struct env *e, bool with_its)
{
	struct diag_list dl;
	size_t owned[2] = { e->f.idx[VF_A], e->f.idx[VF_B0] };
	bool ok;

	if (with_its) {
		e->f.plat.gic.version = GIC_V3;
		e->f.plat.gic.its = (struct mem_range){ 0x08080000, 0x20000 };
		e->f.plat.gic.its_phandle = ITS_PHANDLE;
	}
	e->msi_map[0] = (struct plat_id_map){ 0, ITS_PHANDLE, -1, 0, 0x10000 };
	e->f.host.has_msi_map = true;
	e->f.host.msi_map_mask = 0xffffffffu;
	e->f.host.msi_map = e->msi_map;
	e->f.host.n_msi_map = 1;
	/* What a device lets software write: MSI-X Enable and Function Mask; MSI Enable, Multiple
	 * Message Enable, address, upper address, data. */
	set_wmask(&e->f.fns[VF_A], 0x40, 4, 0xc0000000);
	set_wmask(&e->f.fns[VF_A], 0x70, 4, 0x00710000);
	set_wmask(&e->f.fns[VF_A], 0x74, 4, 0xfffffffc);
	set_wmask(&e->f.fns[VF_A], 0x78, 4, 0xffffffff);
	set_wmask(&e->f.fns[VF_A], 0x7c, 2, 0xffff);
	diag_init(&dl);
	ok = vpci_bus_build(&e->bus, &e->f.plat, &e->f.topo, owned, 2, "guest", &dl);
	diag_free(&dl);
	return ok ? 0 : -1;
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof(*e));

	if (!e)
		return -1;
	vpci_fake_init(&e->f);
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

static void test_devid_through_msi_map(void **state)
{
	struct env *e = *state;
	struct plat_id_map shifted[2] = { { 0x0100, ITS_PHANDLE, -1, 0x4000, 0x100 }, { 0, 0x77, -1, 0, 0x10000 } };
	uint32_t id;

	assert_int_equal(build(e, true), 0);
	assert_true(pci_its_devid(&e->f.host, ITS_PHANDLE, 0x0010, &id));
	assert_int_equal(id, 0x0010);
	/* Another phandle's ITS is not ours; a map with an offset; the first matching entry wins. */
	assert_false(pci_its_devid(&e->f.host, 0x77, 0x0010, &id));
	e->f.host.msi_map = shifted;
	e->f.host.n_msi_map = 2;
	assert_true(pci_its_devid(&e->f.host, ITS_PHANDLE, 0x0105, &id));
	assert_int_equal(id, 0x4005);
	assert_false(pci_its_devid(&e->f.host, ITS_PHANDLE, 0x0010, &id)); /* goes to phandle 0x77 */
	/* A mask drops the bits above it before the lookup. */
	e->f.host.msi_map_mask = 0xff;
	assert_false(pci_its_devid(&e->f.host, ITS_PHANDLE, 0x0105, &id));
	e->f.host.has_msi_map = false;
	assert_false(pci_its_devid(&e->f.host, ITS_PHANDLE, 0x0010, &id));
}

static void test_bus_gets_msi(void **state)
{
	struct env *e = *state;

	assert_int_equal(build(e, true), 0);
	assert_true(e->bus.msi);
	assert_true(e->bus.fns[0].msi);
	assert_int_equal(e->bus.fns[0].its_devid, 0x0010);
	assert_true(e->bus.fns[1].msi);
	assert_int_equal(e->bus.fns[1].its_devid, 0x0100);
	/* The physical ITS did not come up: MSIs dropped, the capabilities hidden again. */
	vpci_bus_drop_msi(&e->bus);
	assert_false(e->bus.msi);
	assert_false(e->bus.fns[0].msi);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x34, 1), 0x50);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x70, 4), 0);
}

/* Without an ITS in the board there is nothing to deliver MSIs to: hidden, as before. */
static void test_no_its_no_msi(void **state)
{
	struct env *e = *state;

	assert_int_equal(build(e, false), 0);
	assert_false(e->bus.msi);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x34, 1), 0x50);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x40, 4), 0);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x70, 4), 0);
}

/* MSI-X 0x40 -> PM 0x50 -> vendor 0x60 -> MSI 0x70 -> PCI Express 0x80: the physical chain. */
static void test_chain_and_writes(void **state)
{
	struct env *e = *state;
	struct vf_fn *a = &e->f.fns[VF_A];

	assert_int_equal(build(e, true), 0);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x34, 1), 0x40);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x40, 4), 0x001f5011);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x61, 1), 0x70);
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x70, 4), 0x00808005);
	/* MSI-X Enable and Function Mask reach the device; the table size does not change. */
	vf_guest_write(&e->f, &e->bus, VA, 0x42, 2, 0xc01f); /* read-modify-write, as drivers do */
	assert_int_equal(vf_get(a, 0x40, 4), 0xc01f5011);
	assert_int_equal(e->bus.fns[0].cnt.dropped_writes, 0);
	/* Table offset/BIR is read-only: a write is dropped and counted. */
	vf_guest_write(&e->f, &e->bus, VA, 0x44, 4, 0x00002000);
	assert_int_equal(e->bus.fns[0].cnt.dropped_writes, 1);
	/* MSI: the guest's doorbell address and event ID, and MSI Enable. */
	vf_guest_write(&e->f, &e->bus, VA, 0x74, 4, 0x08090040);
	vf_guest_write(&e->f, &e->bus, VA, 0x78, 4, 0);
	vf_guest_write(&e->f, &e->bus, VA, 0x7c, 2, 0x0003);
	vf_guest_write(&e->f, &e->bus, VA, 0x72, 2, 0x0081);
	assert_int_equal(vf_get(a, 0x74, 4), 0x08090040);
	assert_int_equal(vf_get(a, 0x7c, 2), 0x0003);
	assert_int_equal(vf_get(a, 0x70, 4), 0x00818005);
	assert_int_equal(e->bus.fns[0].cnt.dropped_writes, 1);
	/* Multiple Message Capable (bits 3:1 of Message Control) is read-only. */
	vf_guest_write(&e->f, &e->bus, VA, 0x72, 2, 0x008f);
	assert_int_equal(e->bus.fns[0].cnt.dropped_writes, 2);
	/* Past the 14-byte 64-bit capability (no masking): 0x7e-0x7f read 0. */
	assert_int_equal(vf_guest_read(&e->f, &e->bus, VA, 0x7c, 4), 0x0003);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_devid_through_msi_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bus_gets_msi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_its_no_msi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_and_writes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
