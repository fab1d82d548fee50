/* t/spec-resp.c: a response as the routing spec's transports collect it,
 * in CGI form ("Status: 301 Moved Permanently") or HTTP form ("HTTP/1.1
 * 301 ..."): its status, its head and the headers in it. */
#include "spec.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int resp_append(struct spec_resp *r, const void *buf, size_t n)
{
	if (r->cap - r->len < n + 1) {
		size_t cap = r->cap * 2 + n + 4096;
		char *nd = realloc(r->data, cap);

		if (nd == NULL)
			return -1;
		r->data = nd;
		r->cap = cap;
	}
	memcpy(r->data + r->len, buf, n);
	r->len += n;
	r->data[r->len] = '\0';
	return 0;
}

static int three_digits(const char *p)
{
	if (p[0] < '1' || p[0] > '5' || p[1] < '0' || p[1] > '9' ||
	    p[2] < '0' || p[2] > '9')
		return -1;
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

int resp_parse(struct spec_resp *r)
{
	const char *end, *sp;

	r->status = -1;
	if (r->data == NULL || (end = strstr(r->data, "\r\n\r\n")) == NULL)
		return -1;
	r->head_len = (size_t)(end + 4 - r->data);
	if (strncmp(r->data, "Status: ", 8) == 0)
		r->status = three_digits(r->data + 8);
	else if (strncmp(r->data, "HTTP/", 5) == 0 &&
		 (sp = memchr(r->data, ' ', r->head_len)) != NULL)
		r->status = three_digits(sp + 1);
	return r->status < 0 ? -1 : 0;
}

const char *resp_header(const struct spec_resp *r, const char *name,
			size_t *len)
{
	size_t n = strlen(name);
	const char *p = r->data, *stop = r->data + r->head_len, *eol, *v;

	if (r->status < 0)
		return NULL;
	while (p < stop && (eol = strstr(p, "\r\n")) != NULL && eol < stop) {
		if ((size_t)(eol - p) > n && p[n] == ':' &&
		    strncasecmp(p, name, n) == 0) {
			for (v = p + n + 1; v < eol && (*v == ' ' || *v == '\t'); v++)
				;
			*len = (size_t)(eol - v);
			return v;
		}
		p = eol + 2;
	}
	return NULL;
}
