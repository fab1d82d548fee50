/* fuzz/fcgiconn.c: libFuzzer harness for one FastCGI connection's state
 * machine (src/fcgi_conn.c) over a real socket pair: the input is what a
 * client sends, in pieces of 1..64 bytes whose sizes come from the input,
 * each followed by the handling of a poll() wake-up; the answers are read
 * back from the other end. The answer callback writes a short response
 * naming REQUEST_URI. Aborts when a contract is broken: the server's
 * output is not a stream of well-formed records, or the connection is
 * still open once the client's end of input was read and the answers
 * written (a stuck connection); ASan adds leaks and misuse. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fcgi_conn.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const struct fcgi_conn_conf conf = {
	.read_ms = 1000, .write_ms = 1000, .idle_ms = 1000, .send_ms = 1000,
	.values = { 4, 4 },
};
static struct fcgi_conn conn;

static int answer(void *ctx, struct fcgi_conn *c, const struct fcgi_request *rq)
{
	const char *uri = fcgi_request_param((void *)rq, "REQUEST_URI");
	static const char head[] = "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n";

	(void)ctx;
	if (fcgi_conn_write(c, head, sizeof(head) - 1) < 0)
		return -1;
	return uri ? fcgi_conn_write(c, uri, strlen(uri)) : 0;
}

/* The client side: the server's records, parsed as they come. */
struct peer {
	int fd;
	struct fcgi_parser p;
};

static void drain(struct peer *pe)
{
	unsigned char buf[65536];
	struct fcgi_event ev;
	size_t used, off;
	ssize_t n;

	while ((n = read(pe->fd, buf, sizeof(buf))) > 0) {
		/* a header check: every record the server writes has version 1 */
		for (off = 0; off < (size_t)n; off += used) {
			fcgi_parse(&pe->p, buf + off, (size_t)n - off, &used, &ev);
			if (ev.kind == FCGI_EV_ERROR)
				abort();
			if (ev.kind == FCGI_EV_MORE)
				break;
		}
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct peer pe;
	int sv[2];
	size_t off = 0, n, k = 0, rounds = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0)
		return 0;
	pe.fd = sv[1];
	fcgi_parser_init(&pe.p);
	fcgi_conn_open(&conn, sv[0], &conf, answer, NULL, 1);
	while (off < size && conn.state != FCGI_CONN_FREE) {
		n = 1 + data[k++ % size] % 64;
		if (n > size - off)
			n = size - off;
		if (write(sv[1], data + off, n) == (ssize_t)n)
			off += n;
		fcgi_conn_ready(&conn, POLLIN | POLLOUT, 2);
		drain(&pe);
	}
	shutdown(sv[1], SHUT_WR);
	/* the end of input: whatever was begun is dropped, the rest written */
	while (conn.state != FCGI_CONN_FREE && rounds++ < 1000) {
		fcgi_conn_ready(&conn, POLLIN | POLLOUT, 3);
		drain(&pe);
	}
	if (conn.state != FCGI_CONN_FREE)
		abort();
	fcgi_conn_close(&conn);
	close(sv[1]);
	return 0;
}
