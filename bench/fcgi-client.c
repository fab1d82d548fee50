/* bench/fcgi-client.c: a tiny FastCGI client for long request loops
 * (bench/valgrind-loop.sh, t/valgrind-loop.sh), where running cgi-fcgi once
 * per request would be far too slow. It sends N requests over a unix
 * socket, cycling through a list of "METHOD URI" requests, reads each
 * response to its FCGI_END_REQUEST, checks it (a "Status: NNN" line, the
 * request complete, application status 0) and counts the statuses.
 *
 * usage: fcgi-client [-n N] [-k] [-w] SOCKET [ "METHOD URI" ... ]
 *   -n N  requests to send (default 1000)
 *   -k    keep the connection open between requests (FCGI_KEEP_CONN);
 *         without it, one connection per request, as most web servers do
 *   -w    write each request whole, in one write(), as lighttpd and nginx
 *         do; without it, in four writes (BEGIN_REQUEST, each PARAMS
 *         header and content, the empty PARAMS and STDIN)
 * With no request given, a built-in mix for the sample site is used:
 * pages, a redirect, a 404, HEAD, a 405, a 400 and a 414.
 * Prints one summary line: requests, errors, time, rate, and the count of
 * each status. Exit status: 0 when every request got a complete response,
 * 1 otherwise, 2 for bad usage.
 *
 * FastCGI records (FastCGI 1.0 spec): 8-byte header {version 1, type,
 * request id (16 bits), content length (16 bits), padding length, 0},
 * content, padding. A request is BEGIN_REQUEST (role RESPONDER, flags),
 * PARAMS (name-value pairs, then an empty PARAMS), an empty STDIN; the
 * answer is STDOUT records, maybe STDERR, then END_REQUEST. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum fcgi_type {
	FCGI_BEGIN_REQUEST = 1,
	FCGI_END_REQUEST = 3,
	FCGI_PARAMS = 4,
	FCGI_STDIN = 5,
	FCGI_STDOUT = 6,
	FCGI_STDERR = 7,
};

#define FCGI_RESPONDER 1
#define FCGI_KEEP_CONN 1
#define REQ_ID 1
#define PARAMS_MAX 32768

static const char *const default_requests[] = {
	"GET /about/",
	"GET /",
	"GET /blog/moving-to-containers/",
	"GET /about",			/* 301 */
	"GET /no/such/page/",		/* 404 */
	"HEAD /about/",
	"GET /2019/03/kubernetes-meetups-march-2019/?utm=1",
	"POST /about/",			/* 405 */
	"GET /bad%00path/",		/* 400 */
	"GET /about/?a=%0d%0a",
	NULL
};

/* -w: the request is gathered here and written once by flush_request. */
static int whole;
static unsigned char gathered[8 + PARAMS_MAX + 128];
static size_t gathered_len;

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	if (whole && gathered_len + len <= sizeof gathered) {
		memcpy(gathered + gathered_len, buf, len);
		gathered_len += len;
		return 0;
	}

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void header(unsigned char *h, int type, size_t len)
{
	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = REQ_ID >> 8;
	h[3] = REQ_ID & 0xff;
	h[4] = (unsigned char)(len >> 8);
	h[5] = (unsigned char)(len & 0xff);
	h[6] = 0;
	h[7] = 0;
}

/* put_len: a name or value length: 1 byte below 128, else 4 bytes. */
static size_t put_len(unsigned char *p, size_t n)
{
	if (n < 128) {
		p[0] = (unsigned char)n;
		return 1;
	}
	p[0] = (unsigned char)((n >> 24) | 0x80);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
	return 4;
}

static size_t put_pair(unsigned char *p, size_t room, const char *name,
		       const char *value, size_t vlen)
{
	size_t nlen = strlen(name), k = 0;

	if (nlen + vlen + 8 > room)
		return 0;
	k += put_len(p + k, nlen);
	k += put_len(p + k, vlen);
	memcpy(p + k, name, nlen);
	k += nlen;
	memcpy(p + k, value, vlen);
	return k + vlen;
}

/* send_request: one request "METHOD URI" on fd. Returns 0 or -1. */
static int send_request(int fd, const char *req, int keep)
{
	static unsigned char buf[8 + PARAMS_MAX + 64];
	unsigned char *params = buf + 8;
	const char *sp = strchr(req, ' ');
	size_t n = 0, chunk, off;

	if (sp == NULL)
		return -1;
	header(buf, FCGI_BEGIN_REQUEST, 8);
	memset(buf + 8, 0, 8);
	buf[9] = FCGI_RESPONDER;
	buf[10] = keep ? FCGI_KEEP_CONN : 0;
	if (write_all(fd, buf, 16) < 0)
		return -1;
	n += put_pair(params + n, PARAMS_MAX - n, "REQUEST_METHOD", req,
		      (size_t)(sp - req));
	n += put_pair(params + n, PARAMS_MAX - n, "REQUEST_URI", sp + 1,
		      strlen(sp + 1));
	n += put_pair(params + n, PARAMS_MAX - n, "GATEWAY_INTERFACE",
		      "CGI/1.1", 7);
	n += put_pair(params + n, PARAMS_MAX - n, "SERVER_PROTOCOL",
		      "HTTP/1.1", 8);
	/* PARAMS in records of at most 65535 bytes, then an empty one */
	for (off = 0; off < n; off += chunk) {
		unsigned char h[8];

		chunk = n - off > 65535 ? 65535 : n - off;
		header(h, FCGI_PARAMS, chunk);
		if (write_all(fd, h, 8) < 0 ||
		    write_all(fd, params + off, chunk) < 0)
			return -1;
	}
	header(buf, FCGI_PARAMS, 0);
	header(buf + 8, FCGI_STDIN, 0);
	if (write_all(fd, buf, 16) < 0)
		return -1;
	if (!whole)
		return 0;
	whole = 0;	/* now write what was gathered, for real */
	n = gathered_len;
	gathered_len = 0;
	off = (size_t)write_all(fd, gathered, n);
	whole = 1;
	return off == 0 ? 0 : -1;
}

/* read_response: read records to END_REQUEST; the status from the first
 * STDOUT bytes into *status. Returns 0, or -1 on a broken response. */
static int read_response(int fd, int *status)
{
	unsigned char h[8], content[65535 + 255];
	char head[16];
	size_t got = 0;

	*status = 0;
	for (;;) {
		size_t len, pad;

		if (read_all(fd, h, 8) < 0 || h[0] != 1)
			return -1;
		len = (size_t)h[4] << 8 | h[5];
		pad = h[6];
		if (read_all(fd, content, len + pad) < 0)
			return -1;
		if (h[1] == FCGI_STDOUT && got < sizeof(head)) {
			size_t k = len < sizeof(head) - got ? len : sizeof(head) - got;

			memcpy(head + got, content, k);
			got += k;
		} else if (h[1] == FCGI_END_REQUEST) {
			/* appStatus (4 bytes) 0, protocolStatus REQUEST_COMPLETE */
			if (len < 8 || content[0] | content[1] | content[2] |
			    content[3] || content[4] != 0)
				return -1;
			break;
		} else if (h[1] != FCGI_STDOUT && h[1] != FCGI_STDERR) {
			return -1;
		}
	}
	if (got < 12 || memcmp(head, "Status: ", 8) != 0 || head[11] != ' ')
		return -1;
	for (int k = 8; k < 11; k++) {
		if (head[k] < '0' || head[k] > '9')
			return -1;
		*status = *status * 10 + (head[k] - '0');
	}
	return *status >= 100 && *status <= 599 ? 0 : -1;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *const *reqs = default_requests;
	unsigned long n = 1000, i, errors = 0, counts[600] = {0};
	int keep = 0, fd = -1, c, status, nreqs;
	struct timespec t0, t1;
	double secs;
	char *end;

	while ((c = getopt(argc, argv, "n:kw")) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno || *end != '\0' || end == optarg || n == 0) {
				fprintf(stderr, "fcgi-client: bad -n %s\n", optarg);
				return 2;
			}
			break;
		case 'k':
			keep = 1;
			break;
		case 'w':
			whole = 1;
			break;
		default:
			fprintf(stderr, "usage: fcgi-client [-n N] [-k] [-w] SOCKET "
				"[\"METHOD URI\"...]\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: fcgi-client [-n N] [-k] [-w] SOCKET "
			"[\"METHOD URI\"...]\n");
		return 2;
	}
	if (optind + 1 < argc)
		reqs = (const char *const *)argv + optind + 1;
	for (nreqs = 0; reqs[nreqs] != NULL; nreqs++)
		;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (fd < 0 && (fd = connect_unix(argv[optind])) < 0) {
			fprintf(stderr, "fcgi-client: connect %s: %s\n",
				argv[optind], strerror(errno));
			return 1;
		}
		if (send_request(fd, reqs[i % (unsigned long)nreqs], keep) < 0 ||
		    read_response(fd, &status) < 0) {
			errors++;
			close(fd);
			fd = -1;
			continue;
		}
		counts[status]++;
		if (!keep) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("requests %lu errors %lu seconds %.2f rate %.0f/s statuses",
	       n, errors, secs, secs > 0 ? (double)n / secs : 0.0);
	for (i = 100; i < 600; i++)
		if (counts[i])
			printf(" %lu:%lu", i, counts[i]);
	printf("\n");
	return errors ? 1 : 0;
}
