/* t/spec-request.c: a case of the routing spec made into the request the
 * transports send: its strings expanded, and its CGI variables, those the
 * case gives (var) or REQUEST_METHOD, REQUEST_URI and one HTTP_* per
 * request header, as a web server would make them. */
#include "spec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *dup_mem(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static int add_var(struct spec_req *req, const char *prefix, const char *s, size_t n)
{
	size_t p = strlen(prefix);
	char *v = malloc(p + n + 1);

	if (v == NULL)
		return -1;
	memcpy(v, prefix, p);
	memcpy(v + p, s, n);
	v[p + n] = '\0';
	req->var_len[req->nvars] = p + n;
	req->vars[req->nvars++] = v;
	return 0;
}

/* header_var: "Name: value" as HTTP_NAME=value */
static int header_var(struct spec_req *req, const char *h)
{
	size_t colon = strcspn(h, ":"), i;
	const char *v = h + colon + (h[colon] ? 1 : 0);
	char name[128] = "HTTP_";

	if (colon > sizeof(name) - 7)
		return -1;
	for (i = 0; i < colon; i++)
		name[5 + i] = h[i] == '-' ? '_' : (char)toupper((unsigned char)h[i]);
	name[5 + colon] = '=';
	name[6 + colon] = '\0';
	while (*v == ' ')
		v++;
	return add_var(req, name, v, strlen(v));
}

int spec_request(const struct spec_case *c, struct spec_req *req)
{
	const char *e;
	size_t i, n;

	memset(req, 0, sizeof(*req));
	for (i = 0; i < c->nvars; i++)
		if ((e = spec_expand(c->vars[i], &n)) == NULL || add_var(req, "", e, n))
			goto bad;
	if (c->method == NULL)
		return 0;
	req->method = c->method;
	if ((e = spec_expand(c->target, &n)) == NULL)
		goto bad;
	req->target = dup_mem(e, n);
	req->target_len = n;
	if (req->target == NULL || add_var(req, "REQUEST_METHOD=", c->method, strlen(c->method)) ||
	    add_var(req, "REQUEST_URI=", e, n))
		goto bad;
	for (i = 0; i < c->nheaders; i++) {
		if ((e = spec_expand(c->headers[i], &n)) == NULL ||
		    (req->headers[i] = dup_mem(e, n)) == NULL)
			goto bad;
		req->nheaders++;
		if (header_var(req, req->headers[i]))
			goto bad;
	}
	return 0;
bad:
	printf("# the request does not expand (an unknown $name, a bad escape?)\n");
	return -1;
}

void spec_request_free(struct spec_req *req)
{
	size_t i;

	for (i = 0; i < req->nvars; i++)
		free(req->vars[i]);
	for (i = 0; i < req->nheaders; i++)
		free(req->headers[i]);
	free((char *)req->target);
	memset(req, 0, sizeof(*req));
}
