/* t/spec-net.c: the routing spec's transports over a socket: FastCGI
 * (our own records, written here from the specification so that the
 * server's record layer is not tested against itself) to a unix socket
 * path or HOST:PORT, and HTTP/1.1 to a web server at HOST:PORT (IPv6 as
 * [::1]:PORT), with the request target sent exactly as the spec has it. */
#include "spec.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int dial(const char *where)
{
	struct addrinfo hints = { 0 }, *ai;
	char host[256];
	const char *colon = strrchr(where, ':');
	int fd;

	if (where[0] == '/') {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		snprintf(un.sun_path, sizeof(un.sun_path), "%s", where);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&un, sizeof(un)) == 0)
			return fd;
		if (fd >= 0)
			close(fd);
		printf("# cannot connect to %s\n", where);
		return -1;
	}
	if (colon == NULL || (size_t)(colon - where) >= sizeof(host))
		return -1;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - where), where);
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		return -1;
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		printf("# cannot connect to %s\n", where);
	return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	for (; n; p += w, n -= (size_t)w)
		if ((w = write(fd, p, n)) <= 0)
			return -1;
	return 0;
}

static int read_all(int fd, struct spec_resp *r)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (resp_append(r, buf, (size_t)n))
			return -1;
	return n < 0 ? -1 : 0;
}

/* FastCGI */

static void record(struct spec_resp *out, int type, const char *c, size_t n)
{
	unsigned char h[8] = { 1, (unsigned char)type, 0, 1,
			       (unsigned char)(n >> 8), (unsigned char)n, 0, 0 };

	resp_append(out, h, 8);
	if (n)
		resp_append(out, c, n);
}

static void put_len(struct spec_resp *out, size_t n)
{
	unsigned char b[4] = { (unsigned char)(n >> 24 | 0x80),
			       (unsigned char)(n >> 16), (unsigned char)(n >> 8),
			       (unsigned char)n };

	if (n < 128)
		resp_append(out, b + 3, 1);
	else
		resp_append(out, b, 4);
}

/* params: every variable as name-value pairs, in records of at most
 * 65535 bytes (a pair may span records, as the specification allows) */
static void params(struct spec_resp *out, const struct spec_req *req)
{
	struct spec_resp pairs = { 0 };
	size_t i, eq, off;

	for (i = 0; i < req->nvars; i++) {
		eq = strcspn(req->vars[i], "=");
		put_len(&pairs, eq);
		put_len(&pairs, req->var_len[i] - eq - 1);
		resp_append(&pairs, req->vars[i], eq);
		resp_append(&pairs, req->vars[i] + eq + 1, req->var_len[i] - eq - 1);
	}
	for (off = 0; off < pairs.len; off += 65535)
		record(out, 4, pairs.data + off,
		       pairs.len - off < 65535 ? pairs.len - off : 65535);
	record(out, 4, NULL, 0);
	free(pairs.data);
}

/* stdout_of: the STDOUT stream of the records in in, up to END_REQUEST */
static int stdout_of(const struct spec_resp *in, struct spec_resp *resp)
{
	const unsigned char *p = (const unsigned char *)in->data;
	size_t off = 0, n;

	while (in->len - off >= 8) {
		n = (size_t)p[off + 4] << 8 | p[off + 5];
		if (in->len - off < 8 + n + p[off + 6])
			break;
		if (p[off + 1] == 6)
			resp_append(resp, p + off + 8, n);
		else if (p[off + 1] == 3)
			return 0;
		off += 8 + n + p[off + 6];
	}
	printf("# no END_REQUEST record in %zu bytes\n", in->len);
	return -1;
}

int spec_send_fcgi(const char *where, const struct spec_req *req,
		   struct spec_resp *resp)
{
	static const char begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	struct spec_resp out = { 0 }, in = { 0 };
	int fd = dial(where), rc = -1;

	if (fd < 0)
		return -1;
	record(&out, 1, begin, 8);
	params(&out, req);
	record(&out, 5, NULL, 0);
	if (out.data && write_all(fd, out.data, out.len) == 0 &&
	    read_all(fd, &in) == 0)
		rc = stdout_of(&in, resp);
	close(fd);
	free(out.data);
	free(in.data);
	return rc;
}

/* HTTP */

/* unchunk: the body of r, sent in chunks, made whole in place */
static int unchunk(struct spec_resp *r)
{
	char *src = r->data + r->head_len, *dst = src, *end = r->data + r->len;
	unsigned long n;
	char *e;

	for (;;) {
		n = strtoul(src, &e, 16);
		if (e == src || (e = strstr(e, "\r\n")) == NULL || e + 2 + n > end)
			return -1;
		if (n == 0)
			break;
		memmove(dst, e + 2, n);
		dst += n;
		src = e + 2 + n + 2;
	}
	r->len = (size_t)(dst - r->data);
	r->data[r->len] = '\0';
	return 0;
}

int spec_send_http(const char *where, const struct spec_req *req,
		   struct spec_resp *resp)
{
	struct spec_resp out = { 0 };
	const char *te;
	size_t i, n;
	int fd = dial(where), rc = -1;

	if (fd < 0)
		return -1;
	resp_append(&out, req->method, strlen(req->method));
	resp_append(&out, " ", 1);
	resp_append(&out, req->target, req->target_len);
	resp_append(&out, " HTTP/1.1\r\nHost: ", 17);
	resp_append(&out, where, strlen(where));
	resp_append(&out, "\r\nConnection: close\r\n", 21);
	for (i = 0; i < req->nheaders; i++) {
		resp_append(&out, req->headers[i], strlen(req->headers[i]));
		resp_append(&out, "\r\n", 2);
	}
	resp_append(&out, "\r\n", 2);
	if (out.data && write_all(fd, out.data, out.len) == 0 && read_all(fd, resp) == 0)
		rc = 0;
	close(fd);
	free(out.data);
	if (rc == 0 && resp_parse(resp) == 0 &&
	    (te = resp_header(resp, "Transfer-Encoding", &n)) && n == 7 &&
	    strncasecmp(te, "chunked", 7) == 0 && strcmp(req->method, "HEAD"))
		rc = unchunk(resp);
	return rc;
}
