// SPDX-License-Identifier: GPL-2.0
/*
 * Trace messages.  See tracemsg.h.
 *
 * The fields are walked through protobuf-c's descriptors, so a field
 * added to the schema shows without a change here.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <linux/pathstats.h>
#include <protobuf-c/protobuf-c.h>

#include "json.h"
#include "pathstats_trace.pb-c.h"
#include "text.h"
#include "tracemsg.h"
#include "tracenames.h"

/**
 * tracemsg_descriptor - the message of a point
 * @type: enum pathstats_trace_point, a header's type
 *
 * Return: its schema, or NULL for no point.
 */
const ProtobufCMessageDescriptor *tracemsg_descriptor(unsigned int type)
{
	switch (type) {
	case PATHSTATS_TRACE_PROCESS_EXEC:
		return &pathstats__trace__process_exec__descriptor;
	case PATHSTATS_TRACE_PROCESS_EXIT:
		return &pathstats__trace__process_exit__descriptor;
	case PATHSTATS_TRACE_FILE_OPEN ... PATHSTATS_TRACE_FILE_TRUNCATE:
		return &pathstats__trace__file_op__descriptor;
	case PATHSTATS_TRACE_UDS_CONNECT ... PATHSTATS_TRACE_UDS_RECV:
		return &pathstats__trace__uds_op__descriptor;
	default:
		return NULL;
	}
}

/* An enum value as a name, lowercased: the syscalls as strace has them. */
static void tracemsg_enum(FILE *f, struct json_writer *w,
			  const ProtobufCFieldDescriptor *fd, int value)
{
	const ProtobufCEnumValue *ev =
		protobuf_c_enum_descriptor_get_value(fd->descriptor, value);
	char name[64];
	size_t i;

	if (!ev) {
		if (w)
			json_u64(w, (unsigned int)value);
		else
			fprintf(f, "%d", value);
		return;
	}
	for (i = 0; ev->name[i] && i < sizeof(name) - 1; i++)
		name[i] = ev->name[i] >= 'A' && ev->name[i] <= 'Z' ?
			  ev->name[i] - 'A' + 'a' : ev->name[i];
	name[i] = '\0';
	if (w)
		json_string(w, name);
	else
		fputs(name, f);
}

/* Whether @fd is present in @m (proto2: each field says). */
static bool tracemsg_present(const ProtobufCMessage *m,
			     const ProtobufCFieldDescriptor *fd)
{
	const char *base = (const char *)m;

	if (fd->type == PROTOBUF_C_TYPE_MESSAGE)
		return *(void *const *)(base + fd->offset);
	return *(const protobuf_c_boolean *)(base + fd->quantifier_offset);
}

static void tracemsg_fields(FILE *f, struct json_writer *w,
			    const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *)m;
	unsigned int i;

	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];
		const void *v = base + fd->offset;
		const ProtobufCBinaryData *bin = v;

		if (!tracemsg_present(m, fd))
			continue;
		if (fd->type == PROTOBUF_C_TYPE_MESSAGE) {
			/* The context: its fields among the point's in text. */
			if (w) {
				json_key(w, fd->name);
				json_begin_object(w);
			}
			tracemsg_fields(f, w, *(const ProtobufCMessage *const *)v);
			if (w)
				json_end_object(w);
			continue;
		}
		if (w)
			json_key(w, fd->name);
		else
			fprintf(f, " %s=", fd->name);
		switch (fd->type) {
		case PROTOBUF_C_TYPE_UINT32:
			if (w)
				json_u64(w, *(const uint32_t *)v);
			else
				fprintf(f, "%" PRIu32, *(const uint32_t *)v);
			break;
		case PROTOBUF_C_TYPE_UINT64:
			if (w)
				json_u64(w, *(const uint64_t *)v);
			else
				fprintf(f, "%" PRIu64, *(const uint64_t *)v);
			break;
		case PROTOBUF_C_TYPE_SINT64:
			if (w)
				json_s64(w, *(const int64_t *)v);
			else
				fprintf(f, "%" PRId64, *(const int64_t *)v);
			break;
		case PROTOBUF_C_TYPE_BOOL:
			if (w)
				json_bool(w, *(const protobuf_c_boolean *)v);
			else
				fputs(*(const protobuf_c_boolean *)v ? "true" :
				      "false", f);
			break;
		case PROTOBUF_C_TYPE_ENUM:
			tracemsg_enum(f, w, fd, *(const int *)v);
			break;
		case PROTOBUF_C_TYPE_BYTES:
			if (w)
				json_string_len(w, (const char *)bin->data,
						bin->len);
			else if (bin->len)
				text_write_escaped(f, (const char *)bin->data,
						   bin->len);
			else
				fputc('-', f);
			break;
		default:
			/* The schema has no other type. */
			if (w)
				json_null(w);
			else
				fputc('?', f);
			break;
		}
	}
}

/**
 * tracemsg_write - one message as a line
 * @f: where to
 * @msg: the message, its header first
 * @size: its bytes, the header's size
 * @json: a JSON object rather than text
 *
 * Return: 0, -EBADMSG for a message that does not decode (nothing
 * written), or the error of writing.
 */
int tracemsg_write(FILE *f, const void *msg, size_t size, bool json)
{
	const struct pathstats_trace_header *hdr = msg;
	const ProtobufCMessageDescriptor *d = NULL;
	ProtobufCMessage *m = NULL;
	struct json_writer w;
	const char *point;

	if (size >= sizeof(*hdr) && hdr->size == size)
		d = tracemsg_descriptor(hdr->type);
	if (d)
		m = protobuf_c_message_unpack(d, NULL, size - sizeof(*hdr),
					      (const uint8_t *)(hdr + 1));
	if (!m)
		return -EBADMSG;
	point = tracenames_points[hdr->type];
	if (json) {
		json_init(&w, f, false);
		json_begin_object(&w);
		json_key(&w, "point");
		json_string(&w, point);
		json_key(&w, "dropped");
		json_u64(&w, hdr->dropped);
		tracemsg_fields(f, &w, m);
		json_end_object(&w);
		protobuf_c_message_free_unpacked(m, NULL);
		return json_finish(&w);
	}
	fprintf(f, "%s dropped=%" PRIu64, point, (uint64_t)hdr->dropped);
	tracemsg_fields(f, NULL, m);
	fputc('\n', f);
	protobuf_c_message_free_unpacked(m, NULL);
	return ferror(f) ? -EIO : 0;
}
