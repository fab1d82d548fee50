/* fcgi_record.h: the FastCGI 1.0 record layer, without I/O: a push parser
 * that turns the bytes of a connection into events, the name-value pair
 * decoder, and the writers of the records a responder sends.
 *
 * The format (FastCGI Specification 1.0, section 3): every record is an
 * 8-byte header {version 1, type, requestId (16 bits, big-endian),
 * contentLength (16 bits), paddingLength, reserved}, then contentLength
 * bytes of content and paddingLength bytes of padding. Records with
 * requestId 0 are management records (GET_VALUES, answered with
 * GET_VALUES_RESULT, or UNKNOWN_TYPE for any other type). A name-value
 * pair is a name length, a value length (each 1 byte below 128, else 4
 * bytes with the top bit set: 31 bits), the name, the value.
 *
 * Nothing here allocates: events and pairs are views into the caller's
 * buffer (or, for the short records, into the parser). */
#ifndef SLUG_FCGI_RECORD_H
#define SLUG_FCGI_RECORD_H

#include <stddef.h>
#include <stdint.h>

enum fcgi_type {
	FCGI_BEGIN_REQUEST = 1,
	FCGI_ABORT_REQUEST = 2,
	FCGI_END_REQUEST = 3,
	FCGI_PARAMS = 4,
	FCGI_STDIN = 5,
	FCGI_STDOUT = 6,
	FCGI_STDERR = 7,
	FCGI_DATA = 8,
	FCGI_GET_VALUES = 9,
	FCGI_GET_VALUES_RESULT = 10,
	FCGI_UNKNOWN_TYPE = 11,
};

enum fcgi_role { FCGI_RESPONDER = 1, FCGI_AUTHORIZER = 2, FCGI_FILTER = 3 };

#define FCGI_KEEP_CONN 1	/* BEGIN_REQUEST flags */

enum fcgi_protocol_status {
	FCGI_REQUEST_COMPLETE = 0,
	FCGI_CANT_MPX_CONN = 1,
	FCGI_OVERLOADED = 2,
	FCGI_UNKNOWN_ROLE = 3,
};

#define FCGI_HEADER_LEN 8
#define FCGI_CONTENT_MAX 65535
/* The longest content the parser keeps whole (BEGIN_REQUEST,
 * ABORT_REQUEST, GET_VALUES, management records); a longer one is an
 * error. */
#define FCGI_SMALL_MAX 1024

enum fcgi_event_kind {
	FCGI_EV_MORE,		/* every byte used; feed the next ones */
	FCGI_EV_BEGIN,		/* id, role, flags */
	FCGI_EV_PARAMS,		/* id, data/len: a piece; len 0: the end */
	FCGI_EV_STDIN,		/* id, data/len: a piece; len 0: the end */
	FCGI_EV_ABORT,		/* id */
	FCGI_EV_GET_VALUES,	/* data/len: the whole query (pairs) */
	FCGI_EV_UNKNOWN,	/* a management record of type `type` */
	FCGI_EV_ERROR,		/* bad version or record: close the connection */
};

struct fcgi_event {
	enum fcgi_event_kind kind;
	unsigned id;
	unsigned type;
	unsigned role;
	unsigned flags;
	const unsigned char *data;
	size_t len;
};

enum fcgi_parse_state { FCGI_P_HEADER, FCGI_P_CONTENT, FCGI_P_PADDING };

struct fcgi_parser {
	enum fcgi_parse_state state;
	unsigned char hdr[FCGI_HEADER_LEN];
	size_t got;			/* header or small-content bytes so far */
	unsigned type, id;
	size_t content_left, padding_left;
	int small;			/* the content is kept whole in body */
	unsigned char body[FCGI_SMALL_MAX];
	int failed;			/* after FCGI_EV_ERROR, stays failed */
};

void fcgi_parser_init(struct fcgi_parser *p);

/* fcgi_parse: consume bytes from buf[0..len) up to the next event and
 * report it in *ev; *used is the count of bytes consumed. Call again with
 * the rest (buf + *used) until FCGI_EV_MORE, which means every byte was
 * used. Records a responder ignores (DATA, and any record of a type it
 * does not read with a non-zero id) are skipped. Event data points into
 * buf (PARAMS, STDIN) or into the parser (GET_VALUES) and is valid until
 * the next call. After FCGI_EV_ERROR every call returns it again. */
void fcgi_parse(struct fcgi_parser *p, const unsigned char *buf, size_t len,
		size_t *used, struct fcgi_event *ev);

struct fcgi_pair {
	const unsigned char *name;
	size_t name_len;
	const unsigned char *value;
	size_t value_len;
};

/* fcgi_pair_next: decode the pair at buf[*off..len). Returns 1 and
 * advances *off past it, 0 at the end (*off == len), -1 when the bytes
 * left do not hold a whole pair (*off unchanged). */
int fcgi_pair_next(const unsigned char *buf, size_t len, size_t *off,
		   struct fcgi_pair *pair);

/* fcgi_put_header: write a record header at dst (8 bytes). */
void fcgi_put_header(unsigned char *dst, unsigned type, unsigned id,
		     size_t content_len, size_t padding_len);

/* fcgi_put_end_request: END_REQUEST for id at dst; returns 16. */
size_t fcgi_put_end_request(unsigned char *dst, unsigned id,
			    uint32_t app_status, unsigned protocol_status);

/* fcgi_put_unknown_type: UNKNOWN_TYPE for a management record of type
 * `type` at dst; returns 16. */
size_t fcgi_put_unknown_type(unsigned char *dst, unsigned type);

/* fcgi_stdout_size: the bytes fcgi_put_stdout writes for len bytes of
 * data: records of at most FCGI_CONTENT_MAX bytes, each padded to a
 * multiple of 8. len 0 gives the empty record that ends the stream. */
size_t fcgi_stdout_size(size_t len);

/* fcgi_put_stdout: data as STDOUT records for id at dst, which holds
 * fcgi_stdout_size(len) bytes; returns that count. */
size_t fcgi_put_stdout(unsigned char *dst, unsigned id,
		       const void *data, size_t len);

/* The values a GET_VALUES query can ask for. */
struct fcgi_values {
	unsigned max_conns;	/* FCGI_MAX_CONNS */
	unsigned max_reqs;	/* FCGI_MAX_REQS */
};

/* fcgi_put_get_values_result: the GET_VALUES_RESULT record answering the
 * query q[0..qlen) (pairs whose values are ignored): FCGI_MAX_CONNS,
 * FCGI_MAX_REQS and FCGI_MPXS_CONNS (always 0), in the order asked, each
 * once however often it is asked, others left out. Writes at most cap bytes at dst; returns the record's
 * length, or 0 when the query is malformed or the answer does not fit. */
size_t fcgi_put_get_values_result(unsigned char *dst, size_t cap,
				  const unsigned char *q, size_t qlen,
				  const struct fcgi_values *v);

#endif
