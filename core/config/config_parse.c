/* Parsing a partition config DTB (docs/config.md) into struct config. Only the shape of the
 * config is checked here: every property through a length-checked reader, unknown properties
 * and nodes refused (a typo must not silently drop a device). Whether it fits the board is
 * core/validate*.c's business. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/config/parse_internal.h"
#include "core/fdt/fdt_check.h"
#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/base/format.h"

#define MAX_CPUS_PER_PARTITION 4096
#define MAX_STRINGS 4096

static char *path_dup(const struct parser *p, int node)
{
	return fdtp_path_dup(p->fdt, node);
}

bool parse_push(void **array, size_t *count, size_t elem)
{
	void *q = realloc(*array, (*count + 1) * elem);

	if (!q)
		return false;
	memset((char *)q + *count * elem, 0, elem);
	*array = q;
	(*count)++;
	return true;
}

static void free_strings(char ***list, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

static bool read_strings(const struct parser *p, int node, const char *path, const char *prop, char ***out, size_t *n)
{
	int len;
	const char *v = fdt_getprop(p->fdt, node, prop, &len);
	size_t pos = 0;

	*out = NULL;
	*n = 0;
	if (!v)
		return true;
	if (len < 1 || v[len - 1] != '\0') {
		diag_error(p->dl, "dt-bad-string", path, prop, "not a list of NUL-terminated strings");
		return false;
	}
	while (pos < (size_t)len) {
		size_t l = strlen(v + pos);
		char *s;

		if (l == 0) {
			diag_error(p->dl, "dt-bad-string", path, prop, "entry %zu is an empty string", *n);
			return false;
		}
		if (*n >= MAX_STRINGS) {
			diag_error(p->dl, "dt-bad-string", path, prop, "more than %d entries", MAX_STRINGS);
			return false;
		}
		s = strdup(v + pos);
		if (!s || !parse_push((void **)out, n, sizeof(**out))) {
			free(s);
			p->dl->out_of_memory = true;
			return false;
		}
		(*out)[*n - 1] = s;
		pos += l + 1;
	}
	return true;
}

/* A string list: at least one string, NUL-terminated, no empty entries. Returns false after a
 * diagnostic (or on OOM, flagged in dl); a malformed list is then dropped whole, as if absent,
 * so that half of it does not mean something else. */
static bool read_stringlist(const struct parser *p, int node, const char *path, const char *prop, char ***out,
			    size_t *n)
{
	if (read_strings(p, node, path, prop, out, n))
		return true;
	free_strings(out, n);
	return false;
}

bool parse_name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static bool image_char_ok(char c)
{
	/* Characters valid both in a DT property name (U-Boot writes /chosen/bulkhead-images with
	 * one property per file) and in a FAT file name. */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.' || c == '+';
}

static void read_image(const struct parser *p, int node, const char *path, const char *prop, char **out,
		       struct cfg_partition *part)
{
	const char *s;
	size_t len;

	switch (fdtp_string(p->fdt, node, prop, &s, p->dl)) {
	case FDTP_ABSENT:
		return;
	case FDTP_BAD:
		if (strcmp(prop, "kernel") == 0)
			part->bad |= CFG_BAD_KERNEL;
		return;
	case FDTP_OK:
		break;
	}
	len = strlen(s);
	if (len == 0 || len > CFG_IMAGE_NAME_MAX || s[0] == '.') {
		diag_error(p->dl, "cfg-bad-image-name", path, prop,
			   "\"%s\": an image is a file name of 1 to %d characters, not starting with '.'", s,
			   CFG_IMAGE_NAME_MAX);
		goto bad;
	}
	for (size_t i = 0; i < len; i++) {
		if (!image_char_ok(s[i])) {
			diag_error(p->dl, "cfg-bad-image-name", path, prop,
				   "\"%s\": character '%c' is not allowed (use A-Z a-z 0-9 . _ + -)", s, s[i]);
			goto bad;
		}
	}
	*out = strdup(s);
	if (!*out)
		p->dl->out_of_memory = true;
	return;
bad:
	if (strcmp(prop, "kernel") == 0)
		part->bad |= CFG_BAD_KERNEL;
}

static void read_cpus(const struct parser *p, int node, struct cfg_partition *part)
{
	const uint32_t *cells;
	size_t n;

	switch (fdtp_cells(p->fdt, node, "cpus", 1, &cells, &n, p->dl)) {
	case FDTP_ABSENT:
		return;
	case FDTP_BAD:
		part->bad |= CFG_BAD_CPUS;
		return;
	case FDTP_OK:
		break;
	}
	if (n > MAX_CPUS_PER_PARTITION) {
		diag_error(p->dl, "cfg-bad-cpus", part->path, "cpus", "%zu entries: at most %d", n,
			   MAX_CPUS_PER_PARTITION);
		part->bad |= CFG_BAD_CPUS;
		return;
	}
	if (n == 0)
		return;
	part->cpus = calloc(n, sizeof(*part->cpus));
	if (!part->cpus) {
		p->dl->out_of_memory = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		part->cpus[i] = fdtp_cell(cells, i);
	part->n_cpus = n;
}

static const char *const mem_props[] = { "reg", "phys", "phandle", "linux,phandle", "name", NULL };
static const char *const part_props[] = { "host",        "cpus",        "devices",       "trusted-devices",
					  "kernel",      "initrd",      "dtb",           "bootargs",
					  "console",     "description", "manages",       "#address-cells",
					  "#size-cells", "phandle",     "linux,phandle", "name",
					  NULL };
static const char *const root_props[] = { "compatible",     "model",       "description",
					  "#address-cells", "#size-cells", "phandle",
					  "linux,phandle",  "name",        NULL };

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* Every property of `node` must be one of `known`. */
void parse_check_props(const struct parser *p, int node, const char *path, const char *const *known, const char *what)
{
	int off;

	fdt_for_each_property_offset(off, p->fdt, node)
	{
		const char *name;

		if (!fdt_getprop_by_offset(p->fdt, off, &name, NULL) || !name)
			break;
		if (!in_list(name, known))
			diag_error(p->dl, "cfg-unknown-property", path, name,
				   "not a property of %s (see docs/config.md)", what);
	}
}

static void read_memory(const struct parser *p, int node, struct cfg_partition *part)
{
	struct fdtp_reg reg[2];
	char *path = path_dup(p, node);
	struct cfg_mem *m;
	uint64_t phys;
	int n;

	if (!path) {
		p->dl->out_of_memory = true;
		return;
	}
	parse_check_props(p, node, path, mem_props, "a memory node");
	n = fdtp_reg(p->fdt, node, reg, 2, p->dl);
	if (n < 0) {
		part->bad |= CFG_BAD_MEMORY;
		free(path);
		return;
	}
	if (n != 1) {
		char used[200];

		diag_error(p->dl, "cfg-bad-memory", path, "reg",
			   "%s: a memory node holds exactly one <ipa size> region (%s)",
			   n == 0 ? "missing" : "more than one entry",
			   fdtp_cells_used(p->fdt, fdtp_parent(p->fdt, node), used, sizeof(used)));
		part->bad |= CFG_BAD_MEMORY;
		free(path);
		return;
	}
	if (!parse_push((void **)&part->mem, &part->n_mem, sizeof(*part->mem))) {
		p->dl->out_of_memory = true;
		free(path);
		return;
	}
	m = &part->mem[part->n_mem - 1];
	m->path = path;
	m->ipa = ipa(reg[0].base);
	m->size = reg[0].size;
	switch (fdtp_u64(p->fdt, node, "phys", &phys, p->dl)) {
	case FDTP_OK:
		m->has_phys = true;
		m->phys = pa(phys);
		break;
	case FDTP_BAD:
		part->bad |= CFG_BAD_MEMORY;
		break;
	case FDTP_ABSENT:
		break;
	}
}

static bool node_is(const char *name, const char *base)
{
	size_t l = strlen(base);

	return strncmp(name, base, l) == 0 && (name[l] == '\0' || name[l] == '@');
}

static void read_partition(const struct parser *p, int node, struct cfg_partition *part)
{
	const char *name = fdt_get_name(p->fdt, node, NULL);
	const char *s;
	int child;
	size_t len;

	part->name = strdup(name ? name : "");
	part->path = path_dup(p, node);
	if (!part->name || !part->path) {
		p->dl->out_of_memory = true;
		return;
	}
	len = strlen(part->name);
	if (len == 0 || len > CFG_NAME_MAX) {
		diag_error(p->dl, "cfg-bad-name", part->path, NULL, "a partition name has 1 to %d characters",
			   CFG_NAME_MAX);
	} else {
		for (size_t i = 0; i < len; i++) {
			if (!parse_name_char_ok(part->name[i])) {
				diag_error(p->dl, "cfg-bad-name", part->path, NULL,
					   "partition name \"%s\": character '%c' is not allowed (use a-z 0-9 - _)",
					   part->name, part->name[i]);
				break;
			}
		}
	}
	parse_check_props(p, node, part->path, part_props, "a partition");

	part->host = fdtp_bool(p->fdt, node, "host");
	read_cpus(p, node, part);
	if (!read_stringlist(p, node, part->path, "devices", &part->devices, &part->n_devices))
		part->bad |= CFG_BAD_DEVICES;
	if (!read_stringlist(p, node, part->path, "trusted-devices", &part->trusted, &part->n_trusted))
		part->bad |= CFG_BAD_DEVICES;
	read_stringlist(p, node, part->path, "manages", &part->manages, &part->n_manages);
	read_image(p, node, part->path, "kernel", &part->kernel, part);
	read_image(p, node, part->path, "initrd", &part->initrd, part);
	read_image(p, node, part->path, "dtb", &part->dtb, part);
	if (fdtp_string(p->fdt, node, "bootargs", &s, p->dl) == FDTP_OK) {
		part->bootargs = strdup(s);
		if (!part->bootargs)
			p->dl->out_of_memory = true;
	}
	part->console = CFG_CONSOLE_VIRTUAL;
	if (fdtp_string(p->fdt, node, "console", &s, p->dl) == FDTP_OK) {
		if (strcmp(s, "virtual") == 0)
			part->console = CFG_CONSOLE_VIRTUAL;
		else if (strcmp(s, "none") == 0)
			part->console = CFG_CONSOLE_NONE;
		else
			diag_error(p->dl, "cfg-bad-console", part->path, "console",
				   "\"%s\": expected \"virtual\" or \"none\"", s);
	}
	/* `description` is free text for people; read it only to check it is a string. */
	fdtp_string(p->fdt, node, "description", &s, p->dl);

	fdt_for_each_subnode(child, p->fdt, node)
	{
		const char *cname = fdt_get_name(p->fdt, child, NULL);

		if (cname && node_is(cname, "memory")) {
			read_memory(p, child, part);
		} else {
			char cpath[256];

			diag_error(p->dl, "cfg-unknown-node", fdtp_path(p->fdt, child, cpath, sizeof(cpath)), NULL,
				   "a partition holds only memory@IPA nodes (see docs/config.md)");
		}
	}
}

void cfg_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_parts; i++) {
		struct cfg_partition *part = &cfg->parts[i];

		free(part->name);
		free(part->path);
		free(part->cpus);
		for (size_t k = 0; k < part->n_mem; k++)
			free(part->mem[k].path);
		free(part->mem);
		for (size_t k = 0; k < part->n_devices; k++)
			free(part->devices[k]);
		free(part->devices);
		for (size_t k = 0; k < part->n_trusted; k++)
			free(part->trusted[k]);
		free(part->trusted);
		for (size_t k = 0; k < part->n_manages; k++)
			free(part->manages[k]);
		free(part->manages);
		free(part->kernel);
		free(part->initrd);
		free(part->dtb);
		free(part->bootargs);
	}
	free(cfg->parts);
	free_channels(cfg);
	memset(cfg, 0, sizeof(*cfg));
}

bool cfg_parse(const void *blob, size_t size, struct config *cfg, struct diag_list *dl)
{
	struct parser p = { blob, dl };
	size_t errors_before = dl->errors;
	const char *compat;
	int root, parts, node, err;

	memset(cfg, 0, sizeof(*cfg));
	if ((uintptr_t)blob & 7) {
		diag_error(dl, "cfg-bad-header", "/", NULL,
			   "the config blob is not 8-byte aligned (libfdt needs that)");
		return false;
	}
	if (size < sizeof(struct fdt_header) || size > CFG_MAX_BLOB_SIZE || (err = fdt_check_blob(blob, size)) != 0) {
		diag_error(dl, "cfg-bad-header", "/", NULL,
			   "the config is not a valid device tree blob of at most %llu bytes (%s)",
			   (unsigned long long)CFG_MAX_BLOB_SIZE,
			   size < sizeof(struct fdt_header) || size > CFG_MAX_BLOB_SIZE ? "bad size"
											: fdt_strerror(err));
		return false;
	}
	root = fdt_path_offset(blob, "/");
	if (root < 0) {
		diag_error(dl, "cfg-bad-header", "/", NULL, "no root node");
		return false;
	}
	switch (fdtp_string(blob, root, "compatible", &compat, dl)) {
	case FDTP_OK:
		if (fdt_node_check_compatible(blob, root, CFG_COMPATIBLE) == 0)
			break;
		/* fall through */
	case FDTP_ABSENT:
		diag_error(dl, "cfg-bad-compatible", "/", "compatible",
			   "a bulkhead config's root is compatible = \"%s\"", CFG_COMPATIBLE);
		return false;
	case FDTP_BAD:
		return false;
	}
	parse_check_props(&p, root, "/", root_props, "the config root");
	fdt_for_each_subnode(node, blob, root)
	{
		const char *name = fdt_get_name(blob, node, NULL);

		if (!name || strcmp(name, "partitions") == 0 || strncmp(name, "__", 2) == 0)
			continue;
		if (strcmp(name, "channels") == 0) {
			parse_channels(&p, node, cfg);
			continue;
		}
		{
			char path[256];

			diag_error(dl, "cfg-unknown-node", fdtp_path(blob, node, path, sizeof(path)), NULL,
				   "the config root holds only /partitions and /channels (see docs/config.md)");
		}
	}

	parts = fdt_path_offset(blob, "/partitions");
	if (parts < 0) {
		diag_error(dl, "cfg-no-partitions", "/partitions", NULL, "node missing: nothing to run");
		return false;
	}
	fdt_for_each_subnode(node, blob, parts)
	{
		if (!parse_push((void **)&cfg->parts, &cfg->n_parts, sizeof(*cfg->parts))) {
			dl->out_of_memory = true;
			return false;
		}
		read_partition(&p, node, &cfg->parts[cfg->n_parts - 1]);
		if (dl->out_of_memory)
			return false;
	}
	if (cfg->n_parts == 0) {
		diag_error(dl, "cfg-no-partitions", "/partitions", NULL, "no partition nodes: nothing to run");
		return false;
	}
	return dl->errors == errors_before && !dl->out_of_memory;
}

const char *cfg_console_name(enum cfg_console c)
{
	return c == CFG_CONSOLE_NONE ? "none" : "virtual";
}
