/* fcgi_conn.h: one FastCGI connection of a worker's event loop
 * (serve_loop.c), as a state machine over a non-blocking socket:
 *
 *   WAIT  (between requests: a new connection, or a kept one, idle)
 *     -- BEGIN_REQUEST, role RESPONDER -->  READ (parameters, then stdin)
 *     -- the empty STDIN (or stdin past its limit) --> answered: the
 *        response goes into the output buffer, then WAIT again when the
 *        web server asked to keep the connection, else it closes once the
 *        output is written.
 *
 * The answer itself is the caller's (fcgi_answer_fn); this file only
 * reads, checks and writes. Requests pipelined on one connection are read
 * and answered in order; the input is not read further while more than
 * FCGI_CONN_OUT_HIGH bytes of output wait, so a client that does not read
 * cannot make a worker buffer more than one response beyond that. Each
 * state has a deadline (fcgi_conn_deadline): the read timeout from the
 * first byte of a request (or from the accept) to its end, the write
 * timeout without progress while output waits, and the send timeout from
 * when output began to wait until none does (so that a reader taking a
 * little just inside each write timeout is still closed), the idle
 * timeout on a
 * kept connection between requests.
 *
 * Limits: past FCGI_CONN_PARAMS_MAX bytes of parameters the request is
 * answered 431 through respond_status at once and the connection closes
 * (the rest of the stream is not read); past FCGI_CONN_PARAMS_COUNT
 * pairs it is answered 431 once complete, and a stream that does not
 * decode as pairs 400, the connection staying open. At most
 * FCGI_CONN_STDIN_MAX bytes of
 * stdin are read (and thrown away: slugserve answers GET and HEAD); past
 * that the request is answered at once and the connection closed.
 * Multiplexing is refused (FCGI_CANT_MPX_CONN), other roles than
 * Responder get FCGI_UNKNOWN_ROLE, GET_VALUES is answered, other
 * management records get UNKNOWN_TYPE. */
#ifndef SLUG_FCGI_CONN_H
#define SLUG_FCGI_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi_record.h"

#define FCGI_CONN_PARAMS_MAX (128 * 1024)
#define FCGI_CONN_PARAMS_COUNT 512
#define FCGI_CONN_STDIN_MAX 65536
#define FCGI_CONN_IN_CAP 16384
#define FCGI_CONN_OUT_HIGH 65536
/* An output buffer larger than this is freed once written. */
#define FCGI_CONN_OUT_KEEP (256 * 1024)

enum fcgi_conn_state {
	FCGI_CONN_FREE,		/* the slot holds no connection */
	FCGI_CONN_WAIT,		/* waiting for a BEGIN_REQUEST */
	FCGI_CONN_READ,		/* reading a request's params and stdin */
};

/* Timeouts in milliseconds, and what GET_VALUES answers. */
struct fcgi_conn_conf {
	int64_t read_ms, write_ms, idle_ms;
	int64_t send_ms;		/* an answer's whole write, at most */
	struct fcgi_values values;
};

/* The request variables of one request, decoded: NUL-terminated names
 * and values in arena. Lives on the answering function's stack. */
struct fcgi_request {
	unsigned id;
	size_t count;
	const char *name[FCGI_CONN_PARAMS_COUNT];
	const char *value[FCGI_CONN_PARAMS_COUNT];
	char arena[FCGI_CONN_PARAMS_MAX + 2 * FCGI_CONN_PARAMS_COUNT];
};

struct fcgi_conn;

/* fcgi_answer_fn: write the response of rq through fcgi_conn_write (the
 * CGI form, as respond() makes it). Returns 0, or -1 when writing failed
 * (the connection is then closed). */
typedef int (*fcgi_answer_fn)(void *ctx, struct fcgi_conn *c,
			      const struct fcgi_request *rq);

struct fcgi_conn {
	enum fcgi_conn_state state;
	int fd;
	const struct fcgi_conn_conf *conf;
	fcgi_answer_fn answer;
	void *answer_ctx;
	struct fcgi_parser parser;
	unsigned id;			/* the request in READ */
	int keep;			/* its FCGI_KEEP_CONN */
	int params_done;
	size_t stdin_len;
	int closing;			/* read no more; close once written */
	int eof;			/* the peer sent its last byte */
	int stopping;			/* the worker stops: keep no more */
	int served;			/* a request was answered: idle timeout */
	int answered;			/* an answer waits to be written: when it
					   is, the idle time starts (records
					   that answer no request, dropped or
					   management, never renew it) */
	unsigned char *params;		/* owned: the raw PARAMS stream */
	size_t params_len, params_cap;
	unsigned char in[FCGI_CONN_IN_CAP];
	size_t in_len;
	unsigned char *out;		/* owned: records waiting to be sent */
	size_t out_off, out_len, out_cap;
	int out_failed;			/* a write into out found no memory */
	int rec_open;			/* a STDOUT record at out + rec_at takes
					   the answer's next bytes */
	size_t rec_at, rec_len;		/* its header's offset, its content */
	int64_t now;			/* ms: the time of the current event */
	int64_t reading_since;		/* ms; 0: no request being read */
	int64_t idle_since;		/* ms: accepted or last answer written */
	int64_t write_progress;		/* ms: the last write that sent bytes */
	int64_t write_since;		/* ms: output began to wait */
};

/* fcgi_conn_open: take the non-blocking socket fd into the free slot c at
 * time now (ms). c owns fd from here on. */
void fcgi_conn_open(struct fcgi_conn *c, int fd,
		    const struct fcgi_conn_conf *conf, fcgi_answer_fn answer,
		    void *answer_ctx, int64_t now);

/* fcgi_conn_events: the poll() events c waits for (POLLIN, POLLOUT). */
short fcgi_conn_events(const struct fcgi_conn *c);

/* fcgi_conn_ready: handle the poll() result revents at time now: read,
 * answer, write. Closes c (state FREE) when it is done or broken. */
void fcgi_conn_ready(struct fcgi_conn *c, short revents, int64_t now);

/* fcgi_conn_deadline: the time (ms) at which c is to be closed unless it
 * makes progress. */
int64_t fcgi_conn_deadline(const struct fcgi_conn *c);

/* fcgi_conn_stop: the worker stops: close c if it is between requests
 * with nothing to write, else let the request in flight finish, then
 * close. */
void fcgi_conn_stop(struct fcgi_conn *c);

/* fcgi_conn_close: close the socket and free the buffers; the slot is
 * FREE afterwards. Safe to call twice. */
void fcgi_conn_close(struct fcgi_conn *c);

/* fcgi_conn_write: append len bytes of the response to the request being
 * answered as STDOUT records (an index_write_fn: ctx is the connection).
 * Returns 0, or -1 when there was no memory. */
int fcgi_conn_write(void *ctx, const char *buf, size_t len);

/* fcgi_request_param: the value of the variable name in rq (a
 * respond_env_fn: ctx is the request), or NULL. The first of duplicates
 * wins. */
const char *fcgi_request_param(void *ctx, const char *name);

#endif
