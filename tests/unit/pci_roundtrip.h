/* Round trip of a PCI topology through its DTS encoding, as the QEMU scenarios do it: print the
 * topology with pci_dt_export(), append it to tests/unit/fixtures/groups/bare.dts, compile with
 * dtc, read it back with pci_dt_read(), and require the same functions and the same group block.
 * Header-only (static inline) so that only the tests that include it carry it. */
#ifndef BULKHEAD_TESTS_PCI_ROUNDTRIP_H
#define BULKHEAD_TESTS_PCI_ROUNDTRIP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/base/diag.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

static inline char *roundtrip_group_block(const struct platform *plat, const struct pci_topology *t)
{
	struct group_set gs;
	struct diag_list dl;
	char *out;

	diag_init(&dl);
	groups_build(plat, t, &gs, &dl);
	console_clear();
	groups_report(&gs, plat);
	out = strdup(console_captured());
	groups_free(&gs);
	diag_free(&dl);
	return out;
}

static inline void roundtrip_same_fn(const struct pci_function *a, const struct pci_function *b)
{
	assert_int_equal(a->segment, b->segment);
	assert_int_equal(a->bus, b->bus);
	assert_int_equal(a->dev, b->dev);
	assert_int_equal(a->fn, b->fn);
	assert_int_equal(a->vendor, b->vendor);
	assert_int_equal(a->device, b->device);
	assert_int_equal(a->class_code, b->class_code);
	assert_int_equal(a->multifunction, b->multifunction);
	assert_int_equal(a->is_pcie, b->is_pcie);
	assert_int_equal(a->pcie_type, b->pcie_type);
	assert_int_equal(a->int_pin, b->int_pin);
	assert_int_equal(a->acs_cap_offset, b->acs_cap_offset);
	assert_int_equal(a->acs_cap, b->acs_cap);
	assert_int_equal(a->acs_ctrl, b->acs_ctrl);
	assert_int_equal(a->is_bridge, b->is_bridge);
	assert_int_equal(a->secondary, b->secondary);
	assert_int_equal(a->subordinate, b->subordinate);
	assert_int_equal(a->parent, b->parent);
	assert_int_equal(a->host, b->host);
	for (int i = 0; i < PCI_MAX_BARS; i++) {
		assert_int_equal(a->bars[i].addr, b->bars[i].addr);
		assert_int_equal(a->bars[i].size, b->bars[i].size);
		assert_int_equal(a->bars[i].mem64, b->bars[i].mem64);
		assert_int_equal(a->bars[i].prefetch, b->bars[i].prefetch);
		assert_int_equal(a->bars[i].io, b->bars[i].io);
	}
}

/* `plat` is the board `t1` belongs to; its single host must be /pcie@10000000 as in bare.dts.
 * Returns the exported text (caller frees) for further checks. */
static inline char *roundtrip_check(const struct platform *plat, const struct pci_topology *t1)
{
	char dts[] = "/tmp/bulkhead-roundtrip-XXXXXX";
	char dtb[64], cmd[256], cwd[512];
	char *text, *block1, *block2;
	struct platform plat2;
	struct pci_topology t2;
	struct diag_list dl;
	void *fdt;
	FILE *f;
	int fd;

	console_clear();
	pci_dt_export(t1, plat);
	text = strdup(console_captured());
	fd = mkstemp(dts);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	fprintf(f, "/include/ \"%s/tests/unit/fixtures/groups/bare.dts\"\n%s", cwd, text);
	fclose(f);
	snprintf(dtb, sizeof(dtb), "%s.dtb", dts);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", dtb, dts);
	if (system(cmd) != 0)
		fail_msg("dtc rejected the exported topology:\n%s", text);
	fdt = fixture_load_path(dtb, NULL);
	unlink(dts);
	unlink(dtb);

	diag_init(&dl);
	assert_true(platform_discover(fdt, &plat2, &dl));
	if (!pci_dt_read(fdt, &plat2, &t2, &dl)) {
		diag_print(&dl);
		fail_msg("reading the export back failed: %s", console_captured());
	}
	assert_int_equal(t2.n_fns, t1->n_fns);
	for (size_t i = 0; i < t1->n_fns; i++)
		roundtrip_same_fn(&t1->fns[i], &t2.fns[i]);
	/* Same platform, topology read back: the same block. */
	block1 = roundtrip_group_block(plat, t1);
	block2 = roundtrip_group_block(plat, &t2);
	assert_string_equal(block1, block2);
	free(block1);
	free(block2);
	pci_topology_free(&t2);
	platform_free(&plat2);
	diag_free(&dl);
	free(fdt);
	return text;
}

#endif
