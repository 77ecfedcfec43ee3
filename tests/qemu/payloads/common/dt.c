#include "dt.h"

#include <libfdt.h>
#include <string.h>

/* A big-endian value of 1 or 2 cells. */
static bool cells_value(const fdt32_t *p, int cells, uint64_t *v)
{
	if (cells == 1) {
		*v = fdt32_to_cpu(p[0]);
		return true;
	}
	if (cells == 2) {
		*v = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
		return true;
	}
	return false;
}

/* A string property that is NUL-terminated within its length. */
static const char *prop_string(const void *fdt, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s || len <= 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

/* reg of `node` as (address, size) pairs, with its parent's cell counts. */
static int reg_ranges(const void *fdt, int node, struct rt_range *out, unsigned max, unsigned *n)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len, stride, i, count;
	const fdt32_t *reg;

	if (parent < 0)
		return DT_ERR_NOT_FOUND;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return DT_ERR_BAD_PROP;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return DT_ERR_NOT_FOUND;
	stride = (ac + sc) * (int)sizeof(fdt32_t);
	if (len <= 0 || len % stride)
		return DT_ERR_BAD_PROP;
	count = len / stride;
	for (i = 0; i < count; i++) {
		const fdt32_t *e = reg + i * (ac + sc);
		struct rt_range r;

		cells_value(e, ac, &r.base);
		cells_value(e + ac, sc, &r.size);
		if (r.size == 0)
			continue;
		if (*n >= max)
			return DT_ERR_TOO_MANY;
		out[(*n)++] = r;
	}
	return DT_OK;
}

int dt_memory(const void *fdt, struct rt_range *out, unsigned max, unsigned *n)
{
	int node;

	*n = 0;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		const char *type = prop_string(fdt, node, "device_type");
		int err;

		if (!type || strcmp(type, "memory") != 0)
			continue;
		err = reg_ranges(fdt, node, out, max, n);
		if (err)
			return err;
	}
	return *n ? DT_OK : DT_ERR_NOT_FOUND;
}

int dt_cpus(const void *fdt, uint64_t *mpidr, unsigned max, unsigned *n)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int ac, node, len;

	*n = 0;
	if (cpus < 0)
		return DT_ERR_NOT_FOUND;
	ac = fdt_address_cells(fdt, cpus);
	if (ac < 1 || ac > 2)
		return DT_ERR_BAD_PROP;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = prop_string(fdt, node, "device_type");
		const fdt32_t *reg;
		uint64_t v;

		if (!type || strcmp(type, "cpu") != 0)
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || len != ac * (int)sizeof(fdt32_t))
			return DT_ERR_BAD_PROP;
		cells_value(reg, ac, &v);
		if (*n < max)
			mpidr[*n] = v & 0xff00ffffffULL; /* affinity fields only */
		(*n)++;
	}
	if (*n == 0)
		return DT_ERR_NOT_FOUND;
	return *n > max ? DT_ERR_TOO_MANY : DT_OK;
}

const char *dt_bootargs(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *s = chosen >= 0 ? prop_string(fdt, chosen, "bootargs") : NULL;

	return s ? s : "";
}

int dt_stdout_pl011(const void *fdt, uint64_t *base)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path, *colon;
	struct rt_range r;
	unsigned n = 0;
	int node, err;

	if (chosen < 0)
		return DT_ERR_NOT_FOUND;
	path = prop_string(fdt, chosen, "stdout-path");
	if (!path)
		return DT_ERR_NOT_FOUND;
	colon = strchr(path, ':'); /* "serial0:115200n8" */
	node = fdt_path_offset_namelen(fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
	if (node < 0)
		return DT_ERR_NOT_FOUND;
	if (fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
		return DT_ERR_NOT_FOUND;
	err = reg_ranges(fdt, node, &r, 1, &n);
	if (err && err != DT_ERR_TOO_MANY)
		return err;
	if (n == 0)
		return DT_ERR_BAD_PROP;
	*base = r.base;
	return DT_OK;
}

bool dt_psci_smc(const void *fdt)
{
	int psci = fdt_path_offset(fdt, "/psci");
	const char *m = psci >= 0 ? prop_string(fdt, psci, "method") : NULL;

	return m && strcmp(m, "smc") == 0;
}

static int chosen_u64(const void *fdt, int chosen, const char *name, uint64_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, chosen, name, &len);

	if (!p)
		return DT_ERR_NOT_FOUND;
	if (len != 4 && len != 8)
		return DT_ERR_BAD_PROP;
	cells_value(p, len / 4, v);
	return DT_OK;
}

int dt_initrd(const void *fdt, struct rt_range *out)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t start, end;
	int err;

	if (chosen < 0)
		return DT_ERR_NOT_FOUND;
	err = chosen_u64(fdt, chosen, "linux,initrd-start", &start);
	if (!err)
		err = chosen_u64(fdt, chosen, "linux,initrd-end", &end);
	if (err)
		return err;
	if (end < start)
		return DT_ERR_BAD_PROP;
	out->base = start;
	out->size = end - start;
	return DT_OK;
}
