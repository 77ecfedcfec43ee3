/* Management decisions and result text (manage.h). */
#include "core/partition/manage.h"

#include <stdarg.h>
#include <string.h>

#include "core/base/format.h"
#include "core/config/config.h"
#include "core/groups/groups.h"

static bool is_control(int op)
{
	return op == MGMT_OP_STOP || op == MGMT_OP_START || op == MGMT_OP_RESTART;
}

bool mgmt_op_known(int op)
{
	return op >= MGMT_OP_LIST && op <= MGMT_OP_RING;
}

bool mgmt_op_has_target(int op)
{
	return op == MGMT_OP_STATS || op == MGMT_OP_RING || is_control(op);
}

int mgmt_decide(uint32_t manages, unsigned target, int op, enum mgmt_state state, enum mgmt_action *act)
{
	*act = MGMT_ACT_NONE;
	/* Channels: every partition may list its own and ring them (membership is the caller's to
	 * check: a channel it does not map is MGMT_ERR_NO_CHANNEL). */
	if (op == MGMT_OP_LIST || op == MGMT_OP_GROUPS || op == MGMT_OP_STATS || op == MGMT_OP_CHANNELS ||
	    op == MGMT_OP_RING)
		return MGMT_OK;
	if (!is_control(op))
		return MGMT_ERR_OP;
	if (target >= 32 || !(manages & (UINT32_C(1) << target)))
		return MGMT_ERR_DENIED;
	/* A partition on its way to STOPPED or to a reboot finishes that first. */
	switch (op) {
	case MGMT_OP_STOP:
		if (state != MGMT_RUNNING)
			return MGMT_ERR_STATE;
		*act = MGMT_ACT_STOP;
		return MGMT_OK;
	case MGMT_OP_START:
		if (state != MGMT_STOPPED)
			return MGMT_ERR_STATE;
		*act = MGMT_ACT_BOOT;
		return MGMT_OK;
	default: /* MGMT_OP_RESTART */
		if (state == MGMT_RUNNING)
			*act = MGMT_ACT_RESTART;
		else if (state == MGMT_STOPPED)
			*act = MGMT_ACT_BOOT;
		else
			return MGMT_ERR_STATE;
		return MGMT_OK;
	}
}

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool mgmt_name_unpack(const uint64_t words[4], char out[MGMT_NAME_MAX])
{
	for (unsigned i = 0; i < MGMT_NAME_MAX; i++)
		out[i] = (char)(words[i / 8] >> (8 * (i % 8)));
	if (out[0] == '\0')
		return false;
	for (unsigned i = 0; i < MGMT_NAME_MAX; i++) {
		if (out[i] == '\0')
			return true;
		if (!name_char_ok(out[i]))
			return false;
	}
	return false; /* no NUL */
}

const char *mgmt_op_name(int op)
{
	static const char *const names[] = { "?",     "list",    "groups",   "stats", "stop",
					     "start", "restart", "channels", "ring" };

	return op >= 1 && op <= MGMT_OP_RING ? names[op] : "unknown-operation";
}

const char *mgmt_err_name(int err)
{
	static const char *const names[] = { "ok",       "no-such-operation", "invalid",
					     "denied",   "no-such-partition", "wrong-state",
					     "too-long", "no-such-channel" };

	return err <= 0 && err >= MGMT_ERR_NO_CHANNEL ? names[-err] : "?";
}

const char *mgmt_state_name(enum mgmt_state s)
{
	switch (s) {
	case MGMT_RUNNING:
		return "running";
	case MGMT_STOPPING:
		return "stopping";
	case MGMT_STOPPED:
		return "stopped";
	case MGMT_RESETTING:
		return "restarting";
	}
	return "?";
}

const char *mgmt_stop_name(enum mgmt_stop s)
{
	switch (s) {
	case MGMT_STOP_NONE:
		return "none";
	case MGMT_STOP_FAULT:
		return "fault";
	case MGMT_STOP_SYSTEM_OFF:
		return "system-off";
	case MGMT_STOP_SYSTEM_RESET:
		return "system-reset";
	case MGMT_STOP_MANAGED:
		return "managed-stop";
	case MGMT_STOP_MANAGED_RESTART:
		return "managed-restart";
	}
	return "?";
}

void mgmt_out_init(struct mgmt_out *o, char *buf, size_t cap)
{
	*o = (struct mgmt_out){ buf, cap, 0, false };
	if (cap)
		buf[0] = '\0';
}

void mgmt_printf(struct mgmt_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t room = o->overflow || o->len >= o->cap ? 0 : o->cap - o->len;

	va_start(ap, fmt);
	n = fmt_vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room)
		o->overflow = true; /* the caller returns MGMT_ERR_TOO_LONG and copies nothing */
	o->len += (size_t)n;
}

void mgmt_format_partition(struct mgmt_out *o, const struct mgmt_part_info *pi)
{
	mgmt_printf(o, "partition name=%s state=%s cpus=%u memory=%llu boots=%u last-stop=%s host=%d\n", pi->name,
		    mgmt_state_name(pi->state), pi->n_vcpus, (unsigned long long)pi->memory, pi->boots,
		    mgmt_stop_name(pi->last_stop), pi->host ? 1 : 0);
}

void mgmt_format_groups(struct mgmt_out *o, const struct partition_map *map, const struct group_set *gs)
{
	for (size_t g = 0; g < gs->n_groups; g++) {
		const struct iso_group *grp = &gs->groups[g];
		int owner = g < map->n_groups ? map->group_owner[g] : -1;

		mgmt_printf(o, "group id=%u owner=%s members=", grp->id,
			    owner >= 0 && (size_t)owner < map->n_parts ? map->parts[owner].name : "none");
		for (size_t i = 0; i < grp->n_members; i++)
			mgmt_printf(o, "%s%s", i ? "," : "", gs->masters[grp->members[i]].name);
		mgmt_printf(o, "\n");
	}
}

void mgmt_format_counters(struct mgmt_out *o, const char *name, const char *const *keys, const uint64_t *vals, size_t n)
{
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += vals[i];
	mgmt_printf(o, "stats name=%s total=%llu", name, (unsigned long long)total);
	for (size_t i = 0; i < n; i++)
		mgmt_printf(o, " %s=%llu", keys[i], (unsigned long long)vals[i]);
	mgmt_printf(o, "\n");
}

void mgmt_format_channel(struct mgmt_out *o, const struct mgmt_chan_info *ci)
{
	mgmt_printf(o, "channel name=%s size=%llu ipa=0x%llx access=%s doorbell=%u rings=%llu peers=", ci->name,
		    (unsigned long long)ci->size, (unsigned long long)ci->ipa,
		    ci->read_only ? "read-only" : "read-write", ci->doorbell, (unsigned long long)ci->rings);
	for (size_t i = 0; i < ci->n_peers; i++)
		mgmt_printf(o, "%s%s", i ? "," : "", ci->peers[i]);
	mgmt_printf(o, "\n");
}
