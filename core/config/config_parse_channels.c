/* Parsing /channels (docs/config.md, "Channels"): each child is a shared-memory channel named by
 * its node name, each of its children one partition's mapping of it, named by the partition.
 * Only the shape is checked here; whether the partitions exist, where the memory goes and what
 * it may not overlap is validate_channels.c's business. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/format.h"
#include "core/config/parse_internal.h"
#include "core/fdt/fdt_props.h"

static const char *const channel_props[] = { "size", "description", "phandle", "linux,phandle", "name", NULL };
static const char *const channels_props[] = { "phandle", "linux,phandle", "name", NULL };
static const char *const map_props[] = { "ipa",     "access",        "doorbell", "dma", "description",
					 "phandle", "linux,phandle", "name",     NULL };

/* A channel or partition node name: 1 to CFG_NAME_MAX characters of a-z 0-9 - _. */
static void check_name(const struct parser *p, const char *name, const char *path, const char *what)
{
	size_t len = strlen(name);

	if (len == 0 || len > CFG_NAME_MAX) {
		diag_error(p->dl, "cfg-bad-name", path, NULL, "a %s name has 1 to %d characters", what, CFG_NAME_MAX);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (!parse_name_char_ok(name[i])) {
			diag_error(p->dl, "cfg-bad-name", path, NULL,
				   "%s name \"%s\": character '%c' is not allowed (use a-z 0-9 - _)", what, name,
				   name[i]);
			return;
		}
	}
}

static void read_access(const struct parser *p, int node, struct cfg_chan_map *m)
{
	const char *s;

	switch (fdtp_string(p->fdt, node, "access", &s, p->dl)) {
	case FDTP_ABSENT:
		diag_error(p->dl, "cfg-channel-access", m->path, "access",
			   "missing: say \"read-write\" or \"read-only\"");
		m->bad = true;
		return;
	case FDTP_BAD:
		m->bad = true;
		return;
	case FDTP_OK:
		break;
	}
	if (strcmp(s, "read-only") == 0) {
		m->read_only = true;
	} else if (strcmp(s, "read-write") != 0) {
		diag_error(p->dl, "cfg-channel-access", m->path, "access",
			   "\"%s\": expected \"read-write\" or \"read-only\"", s);
		m->bad = true;
	}
}

/* A property a mapping must have: true when read; absent is `code` ("missing: " + what, with the
 * partition's name), malformed was reported by the reader; either way the mapping is bad. */
static bool required(const struct parser *p, struct cfg_chan_map *m, enum fdtp_status st, const char *code,
		     const char *prop, const char *what)
{
	if (st == FDTP_OK)
		return true;
	if (st == FDTP_ABSENT) {
		char msg[128];

		fmt_snprintf(msg, sizeof(msg), what, m->partition);
		diag_error(p->dl, code, m->path, prop, "missing: %s", msg);
	}
	m->bad = true;
	return false;
}

static void read_map(const struct parser *p, int node, struct cfg_channel *ch)
{
	const char *name = fdt_get_name(p->fdt, node, NULL);
	struct cfg_chan_map *m;
	uint64_t v;

	if (!parse_push((void **)&ch->maps, &ch->n_maps, sizeof(*ch->maps))) {
		p->dl->out_of_memory = true;
		return;
	}
	m = &ch->maps[ch->n_maps - 1];
	m->partition = strdup(name ? name : "");
	m->path = fdtp_path_dup(p->fdt, node);
	if (!m->partition || !m->path) {
		p->dl->out_of_memory = true;
		return;
	}
	parse_check_props(p, node, m->path, map_props, "a channel's partition node");
	m->has_ipa = required(p, m, fdtp_u64(p->fdt, node, "ipa", &v, p->dl), "cfg-channel-ipa", "ipa",
			      "where partition '%s' sees the channel");
	m->ipa = ipa(m->has_ipa ? v : 0);
	read_access(p, node, m);
	m->dma = fdtp_bool(p->fdt, node, "dma");
	m->has_doorbell = required(p, m, fdtp_u32(p->fdt, node, "doorbell", &m->doorbell, p->dl),
				   "cfg-channel-doorbell", "doorbell",
				   "the SPI (INTID) raised in partition '%s' when another partition rings");
}

static void read_channel(const struct parser *p, int node, struct cfg_channel *ch)
{
	const char *name = fdt_get_name(p->fdt, node, NULL), *s;
	int child;

	ch->name = strdup(name ? name : "");
	ch->path = fdtp_path_dup(p->fdt, node);
	if (!ch->name || !ch->path) {
		p->dl->out_of_memory = true;
		return;
	}
	check_name(p, ch->name, ch->path, "channel");
	parse_check_props(p, node, ch->path, channel_props, "a channel");
	switch (fdtp_u64(p->fdt, node, "size", &ch->size, p->dl)) {
	case FDTP_OK:
		ch->has_size = true;
		break;
	case FDTP_ABSENT:
		diag_error(p->dl, "cfg-channel-size", ch->path, "size", "missing: the channel's size in bytes");
		break;
	case FDTP_BAD:
		break;
	}
	fdtp_string(p->fdt, node, "description", &s, p->dl);
	fdt_for_each_subnode(child, p->fdt, node)
	{
		read_map(p, child, ch);
		if (p->dl->out_of_memory)
			return;
	}
}

void parse_channels(const struct parser *p, int node, struct config *cfg)
{
	char path[64];
	int child;

	parse_check_props(p, node, fdtp_path(p->fdt, node, path, sizeof(path)), channels_props, "/channels");
	fdt_for_each_subnode(child, p->fdt, node)
	{
		if (!parse_push((void **)&cfg->channels, &cfg->n_channels, sizeof(*cfg->channels))) {
			p->dl->out_of_memory = true;
			return;
		}
		read_channel(p, child, &cfg->channels[cfg->n_channels - 1]);
		if (p->dl->out_of_memory)
			return;
	}
}

void free_channels(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_channels; i++) {
		struct cfg_channel *ch = &cfg->channels[i];

		for (size_t k = 0; k < ch->n_maps; k++) {
			free(ch->maps[k].partition);
			free(ch->maps[k].path);
		}
		free(ch->maps);
		free(ch->name);
		free(ch->path);
	}
	free(cfg->channels);
	cfg->channels = NULL;
	cfg->n_channels = 0;
}
