/* ITS command layout (its_cmd.h). */
#include "core/hw/its_cmd.h"

#include <string.h>

/* Which fields each command carries. */
enum {
	F_DEVICE = 1u << 0,  /* DW0 DeviceID, DW1 EventID */
	F_PINTID = 1u << 1,  /* DW1 pINTID */
	F_SIZE = 1u << 2,    /* DW1 Size, DW2 ITT address */
	F_VALID = 1u << 3,   /* DW2 V */
	F_RDBASE = 1u << 4,  /* DW2 RDbase */
	F_ICID = 1u << 5,    /* DW2 ICID */
	F_RDBASE2 = 1u << 6, /* DW3 RDbase2 */
	F_VPEID = 1u << 7,   /* DW1 vPEID */
	F_VINTID = 1u << 8,  /* DW2 vINTID */
	F_DOORBELL = 1u << 9,
	F_DB_VALID = 1u << 10,
	F_VPT = 1u << 11,     /* DW3 VPT address and size */
	F_VMOVP = 1u << 12,   /* DW0 sequence number, DW1 ITS list */
	F_IMPLIED = 1u << 13, /* MAPI, VMAPI: the interrupt ID is the EventID */
};

struct cmd_shape {
	uint8_t op;
	const char *name;
	uint32_t fields;
};

static const struct cmd_shape shapes[] = {
	{ ITS_CMD_MOVI, "MOVI", F_DEVICE | F_ICID },
	{ ITS_CMD_INT, "INT", F_DEVICE },
	{ ITS_CMD_CLEAR, "CLEAR", F_DEVICE },
	{ ITS_CMD_SYNC, "SYNC", F_RDBASE },
	{ ITS_CMD_MAPD, "MAPD", F_DEVICE | F_SIZE | F_VALID },
	{ ITS_CMD_MAPC, "MAPC", F_RDBASE | F_ICID | F_VALID },
	{ ITS_CMD_MAPTI, "MAPTI", F_DEVICE | F_PINTID | F_ICID },
	{ ITS_CMD_MAPI, "MAPI", F_DEVICE | F_ICID | F_IMPLIED },
	{ ITS_CMD_INV, "INV", F_DEVICE },
	{ ITS_CMD_INVALL, "INVALL", F_ICID },
	{ ITS_CMD_MOVALL, "MOVALL", F_RDBASE | F_RDBASE2 },
	{ ITS_CMD_DISCARD, "DISCARD", F_DEVICE },
	{ ITS_CMD_VMOVI, "VMOVI", F_DEVICE | F_VPEID | F_DOORBELL | F_DB_VALID },
	{ ITS_CMD_VMOVP, "VMOVP", F_VPEID | F_RDBASE | F_VMOVP },
	{ ITS_CMD_VSYNC, "VSYNC", F_VPEID },
	{ ITS_CMD_VMAPP, "VMAPP", F_VPEID | F_RDBASE | F_VALID | F_VPT },
	{ ITS_CMD_VMAPTI, "VMAPTI", F_DEVICE | F_VPEID | F_VINTID | F_DOORBELL },
	{ ITS_CMD_VMAPI, "VMAPI", F_DEVICE | F_VPEID | F_DOORBELL | F_IMPLIED },
	{ ITS_CMD_VINVALL, "VINVALL", F_VPEID },
};

static const struct cmd_shape *shape_of(unsigned op)
{
	for (unsigned i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		if (shapes[i].op == op)
			return &shapes[i];
	}
	return NULL;
}

const char *its_cmd_name(unsigned op)
{
	const struct cmd_shape *s = shape_of(op);

	return s ? s->name : "unknown";
}

bool its_cmd_decode(const uint64_t raw[ITS_CMD_WORDS], struct its_cmd *out)
{
	unsigned op = (unsigned)FIELD_GET(ITS_CMD_DW0_OPCODE, raw[0]);
	const struct cmd_shape *s = shape_of(op);
	uint32_t f;

	memset(out, 0, sizeof(*out));
	out->op = (enum its_cmd_op)op;
	if (!s)
		return false;
	f = s->fields;
	if (f & F_DEVICE) {
		out->devid = (uint32_t)FIELD_GET(ITS_CMD_DW0_DEVICEID, raw[0]);
		out->eventid = (uint32_t)FIELD_GET(ITS_CMD_DW1_EVENTID, raw[1]);
	}
	if (f & F_PINTID)
		out->intid = (uint32_t)FIELD_GET(ITS_CMD_DW1_PINTID, raw[1]);
	if (f & F_VINTID)
		out->intid = (uint32_t)FIELD_GET(ITS_CMD_DW2_VINTID, raw[2]);
	if (f & F_IMPLIED)
		out->intid = out->eventid;
	if (f & F_SIZE) {
		out->size = (unsigned)FIELD_GET(ITS_CMD_DW1_SIZE, raw[1]) + 1;
		out->itt_addr = raw[2] & ITS_CMD_DW2_ITT_ADDR;
	}
	if (f & F_VALID)
		out->valid = (raw[2] & ITS_CMD_DW2_VALID) != 0;
	if (f & F_RDBASE)
		out->rdbase = FIELD_GET(ITS_CMD_DW2_RDBASE, raw[2]);
	if (f & F_ICID)
		out->icid = (uint16_t)FIELD_GET(ITS_CMD_DW2_ICID, raw[2]);
	if (f & F_RDBASE2)
		out->rdbase2 = FIELD_GET(ITS_CMD_DW3_RDBASE2, raw[3]);
	if (f & F_VPEID)
		out->vpeid = (uint16_t)FIELD_GET(ITS_CMD_DW1_VPEID, raw[1]);
	if (f & F_DOORBELL)
		out->doorbell = (uint32_t)FIELD_GET(ITS_CMD_DW2_DOORBELL, raw[2]);
	if (f & F_DB_VALID)
		out->db_valid = (raw[2] & ITS_CMD_DW2_DB_VALID) != 0;
	if (f & F_VPT) {
		out->vpt_addr = raw[3] & ITS_CMD_DW3_VPT_ADDR;
		out->size = (unsigned)FIELD_GET(ITS_CMD_DW3_VPT_SIZE, raw[3]) + 1;
	}
	if (f & F_VMOVP) {
		out->seqnum = (uint16_t)FIELD_GET(ITS_CMD_DW0_SEQNUM, raw[0]);
		out->its_list = (uint16_t)FIELD_GET(ITS_CMD_DW1_ITSLIST, raw[1]);
	}
	return true;
}

static uint64_t size_field(unsigned size)
{
	return size ? size - 1 : 0;
}

void its_cmd_encode(const struct its_cmd *c, uint64_t raw[ITS_CMD_WORDS])
{
	const struct cmd_shape *s = shape_of(c->op);
	uint32_t f = s ? s->fields : 0;

	raw[0] = FIELD_PREP(ITS_CMD_DW0_OPCODE, c->op);
	raw[1] = raw[2] = raw[3] = 0;
	if (f & F_DEVICE) {
		raw[0] |= FIELD_PREP(ITS_CMD_DW0_DEVICEID, c->devid);
		raw[1] |= FIELD_PREP(ITS_CMD_DW1_EVENTID, c->eventid);
	}
	if (f & F_PINTID)
		raw[1] |= FIELD_PREP(ITS_CMD_DW1_PINTID, c->intid);
	if (f & F_VINTID)
		raw[2] |= FIELD_PREP(ITS_CMD_DW2_VINTID, c->intid);
	if (f & F_SIZE) {
		raw[1] |= FIELD_PREP(ITS_CMD_DW1_SIZE, size_field(c->size));
		raw[2] |= c->itt_addr & ITS_CMD_DW2_ITT_ADDR;
	}
	if ((f & F_VALID) && c->valid)
		raw[2] |= ITS_CMD_DW2_VALID;
	if (f & F_RDBASE)
		raw[2] |= FIELD_PREP(ITS_CMD_DW2_RDBASE, c->rdbase);
	if (f & F_ICID)
		raw[2] |= FIELD_PREP(ITS_CMD_DW2_ICID, c->icid);
	if (f & F_RDBASE2)
		raw[3] |= FIELD_PREP(ITS_CMD_DW3_RDBASE2, c->rdbase2);
	if (f & F_VPEID)
		raw[1] |= FIELD_PREP(ITS_CMD_DW1_VPEID, c->vpeid);
	if (f & F_DOORBELL)
		raw[2] |= FIELD_PREP(ITS_CMD_DW2_DOORBELL, c->doorbell);
	if ((f & F_DB_VALID) && c->db_valid)
		raw[2] |= ITS_CMD_DW2_DB_VALID;
	if (f & F_VPT) {
		raw[3] |= c->vpt_addr & ITS_CMD_DW3_VPT_ADDR;
		raw[3] |= FIELD_PREP(ITS_CMD_DW3_VPT_SIZE, size_field(c->size));
	}
	if (f & F_VMOVP) {
		raw[0] |= FIELD_PREP(ITS_CMD_DW0_SEQNUM, c->seqnum);
		raw[1] |= FIELD_PREP(ITS_CMD_DW1_ITSLIST, c->its_list);
	}
}
