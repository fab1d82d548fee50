/* t/spec.h: the routing spec (t/routing.spec) as data, and the transports
 * that carry its requests: in-process (respond()), CGI (slugserve run with
 * the request in its environment), FastCGI (records on a socket), HTTP
 * (a real web server in front), and lookup (slugindex lookup, which
 * answers the decision only). t/spec-run.c is the runner; the format is
 * described at the top of t/routing.spec. */
#ifndef SLUG_T_SPEC_H
#define SLUG_T_SPEC_H

#include <stddef.h>

#define SPEC_MAX_LINES 24	/* request variables, headers, checks */

/* One case: a name, the index it needs, the request, what to check. Every
 * string is the spec's text (escapes and $names not expanded yet). */
struct spec_case {
	char *name;
	int line;		/* of its "==" line */
	char *index;		/* "" for the default index */
	int raw;		/* sets CGI variables: no web server can send it */
	char *method, *target;	/* NULL when the request is given as vars */
	char *vars[SPEC_MAX_LINES];
	size_t nvars;
	char *headers[SPEC_MAX_LINES];
	size_t nheaders;
	char *checks[SPEC_MAX_LINES];
	size_t nchecks;
};

struct spec {
	struct spec_case *cases;
	size_t ncases;
	char *text;		/* the file, cut into the strings above */
};

/* spec_load: read and parse the spec at path; -1 after printing
 * "path:line: why" to stderr. */
int spec_load(const char *path, struct spec *s);
void spec_free(struct spec *s);

/* spec_expand: src with its escapes (\r \n \t \\ \$ \xHH, and \{C*N}, N
 * copies of the byte C) decoded and each $name replaced by the variable
 * saved under that name; the result, in a static buffer, has its length in
 * *len. NULL when it does not fit or names an unknown variable. */
const char *spec_expand(const char *src, size_t *len);
/* spec_save: keep value under name for later expansions. */
void spec_save(const char *name, const char *value);

/* A response in CGI form ("Status: 200 OK" first) or HTTP form
 * ("HTTP/1.1 200 OK"); the transports fill it. */
struct spec_resp {
	char *data;
	size_t len, cap;
	int status;		/* -1 until parsed */
	size_t head_len;	/* bytes of the head, its blank line included */
	int decision_only;	/* lookup: status and Location, nothing else */
};

/* The request as the transports take it: the CGI variables (the spec's
 * vars, or REQUEST_METHOD, REQUEST_URI and HTTP_* made from method, target
 * and headers), each "NAME=value" with its length; and the HTTP form. */
struct spec_req {
	const char *method, *target;	/* NULL for a vars-only case */
	size_t target_len;
	char *vars[SPEC_MAX_LINES * 2 + 2];
	size_t var_len[SPEC_MAX_LINES * 2 + 2];
	size_t nvars;
	char *headers[SPEC_MAX_LINES];	/* "Name: value" */
	size_t nheaders;
};

/* A transport: send req to where (an index file, a socket, host:port),
 * fill resp; 0, or -1 after printing why as a TAP comment. */
typedef int (*spec_send_fn)(const char *where, const struct spec_req *req,
			    struct spec_resp *resp);

int spec_send_inproc(const char *where, const struct spec_req *req,
		     struct spec_resp *resp);
int spec_send_cgi(const char *where, const struct spec_req *req,
		  struct spec_resp *resp);
int spec_send_fcgi(const char *where, const struct spec_req *req,
		   struct spec_resp *resp);
int spec_send_http(const char *where, const struct spec_req *req,
		   struct spec_resp *resp);
int spec_send_lookup(const char *where, const struct spec_req *req,
		     struct spec_resp *resp);

/* spec_request: the request of case c, its strings expanded; -1 after
 * printing why (a string that does not expand). Free with
 * spec_request_free, also after a failure. */
int spec_request(const struct spec_case *c, struct spec_req *req);
void spec_request_free(struct spec_req *req);

/* check_all: every check of c against resp, which took secs; prints a TAP
 * comment for each that fails and returns how many did. via_server: a web
 * server answered (a Location may be absolute, Content-Length absent). */
int check_all(const struct spec_case *c, const struct spec_resp *resp,
	      double secs, int via_server);
/* check_show: the response as TAP comments, control bytes escaped. */
void check_show(const struct spec_resp *resp);

/* resp_append: add n bytes to resp->data; -1 when out of memory. */
int resp_append(struct spec_resp *resp, const void *buf, size_t n);
/* resp_parse: find the status and the end of the head; -1 if none. */
int resp_parse(struct spec_resp *resp);
/* resp_header: the value of the header name (case-insensitive), its
 * length in *len; NULL when absent. */
const char *resp_header(const struct spec_resp *resp, const char *name,
			size_t *len);

#endif
