/* respond.c: the response for each outcome of the routing decision
 * (route.c): page, redirect, 304, 404 page, errors, from the CGI request
 * variables. Decisions taken here (also in docs/slugserve.8):
 *   - 405 carries "Allow: GET, HEAD";
 *   - 404 carries "Cache-Control: no-cache": a page added by the next
 *     deploy must not stay hidden behind a cached 404;
 *   - redirects have no body (Content-Length: 0) and no Cache-Control;
 *   - a page (or the 404 page) stored also in gzip or brotli is sent in the
 *     coding accept_enc_choose() picks from Accept-Encoding, with
 *     Content-Encoding, "Vary: Accept-Encoding" on every answer for it
 *     (200, 304, HEAD, identity too) and an ETag per coding (the stored
 *     one with "-gz" or "-br" before its closing quote). */
#include <stdio.h>
#include <string.h>

#include "accept_enc.h"
#include "http.h"
#include "pathnorm.h"
#include "log.h"
#include "respond.h"
#include "route.h"

/* Longest stored ETag that gets a per-coding variant; a longer one (never
 * written by slugindex) leaves the page in identity only. */
#define ETAG_MAX 64

/* The form of a page chosen for this request. */
struct variant {
	enum content_enc enc;
	int vary;		/* the page has stored codings */
	struct slug_view etag;	/* the variant's own */
	struct slug_view bytes;	/* the stored encoding; empty for identity */
	uint64_t length;	/* Content-Length */
};

/* Everything one request needs, on the caller's stack: no allocation. */
struct req {
	const struct respond_io *io;
	const struct index *idx;
	int head_only;
	char rawbuf[3 * PATHNORM_MAX + 1];	/* raw path from SCRIPT_NAME+PATH_INFO */
	char qbuf[3 * ROUTE_QUERY_MAX + 1];	/* query re-encoded */
	struct route_scratch scratch;
	struct http_head head;
	char etagbuf[ETAG_MAX + 8];	/* the variant's ETag */
};

#define ERROR_PAGE(code, text) \
	"<!DOCTYPE html>\n<html><head><title>" code "</title></head>\n" \
	"<body><h1>" code "</h1><p>" text "</p></body></html>\n"

/* The short pages of the statuses that do not come from the index. */
static const char *const error_pages[HTTP__MAX] = {
	[HTTP_BAD_REQUEST] = ERROR_PAGE("400 Bad Request",
					"The request path is not valid."),
	[HTTP_METHOD_NOT_ALLOWED] = ERROR_PAGE("405 Method Not Allowed",
					       "Only GET and HEAD are served here."),
	[HTTP_GONE] = ERROR_PAGE("410 Gone",
				 "This page was removed and will not come back."),
	[HTTP_URI_TOO_LONG] = ERROR_PAGE("414 URI Too Long",
					 "The request path or query is too long."),
	[HTTP_HEADERS_TOO_LARGE] = ERROR_PAGE("431 Request Header Fields Too Large",
					      "The request's headers are too large."),
	[HTTP_INTERNAL_ERROR] = ERROR_PAGE("500 Internal Server Error",
					   "The response could not be built."),
	[HTTP_UNAVAILABLE] = ERROR_PAGE("503 Service Unavailable",
					"The site is not available right now. "
					"Please try again in a moment."),
};

static const struct slug_view empty_view = { "", 0 };

static const char *env(const struct req *r, const char *name)
{
	return r->io->env(r->io->env_ctx, name);
}

static int emit(const struct req *r, const char *buf, size_t len)
{
	return r->io->write(r->io->write_ctx, buf, len) ? -1 : 0;
}

static int send_static(struct req *r, enum http_status st)
{
	const char *body = error_pages[st];
	size_t len = body ? strlen(body) : 0;

	http_head_start(&r->head, st);
	http_header_str(&r->head, "Content-Type", "text/html; charset=utf-8");
	http_header_u64(&r->head, "Content-Length", len);
	if (st == HTTP_METHOD_NOT_ALLOWED)
		http_header_str(&r->head, "Allow", "GET, HEAD");
	if (st == HTTP_UNAVAILABLE) {
		http_header_str(&r->head, "Retry-After", "10");
		http_header_str(&r->head, "Cache-Control", "no-store");
	}
	if (http_head_end(&r->head) || emit(r, r->head.buf, r->head.len))
		return -1;
	if (!r->head_only && len > 0 && emit(r, body, len))
		return -1;
	return http_statuses[st].code;
}

/* send_head: end the head and write it; returns 0 or -1. A broken head
 * (a header refused) is replaced by a plain 500, so a bad value in the
 * index can never reach the wire; *st tells the caller which was sent. */
static int send_head(struct req *r, enum http_status *st)
{
	if (http_head_end(&r->head) == 0)
		return emit(r, r->head.buf, r->head.len);
	log_error("refused a response header built from the index (%d); "
		  "answering 500", http_statuses[*st].code);
	*st = HTTP_INTERNAL_ERROR;
	return send_static(r, HTTP_INTERNAL_ERROR) < 0 ? -1 : 0;
}

/* The body writer: passes the render through, but never more than the
 * Content-Length that was announced. */
struct body {
	const struct req *r;
	uint64_t left;
	int lost;	/* the writer failed: the client went away */
};

static int body_write(void *ctx, const char *buf, size_t len)
{
	struct body *b = ctx;

	if (len > b->left)
		return -1;
	b->left -= len;
	if (emit(b->r, buf, len) == 0)
		return 0;
	b->lost = 1;
	return -1;
}

static int send_body(struct req *r, uint32_t pno, uint64_t len)
{
	struct body b = { r, len, 0 };
	int rc;

	if (r->head_only)
		return 0;
	rc = index_render(r->idx, pno, body_write, &b);
	if (b.lost)
		return -1;
	if (rc != 0 || b.left != 0) {
		log_error("page %lu renders %s than its Content-Length; "
			  "response cut", (unsigned long)pno,
			  b.left ? "shorter" : "longer");
		return -1;
	}
	return 0;
}

static void add_view(struct http_head *h, const char *name,
		     struct slug_view v)
{
	if (v.len > 0)
		http_header(h, name, &v, 1);
}

/* choose: the form of pg to send, from Accept-Encoding; the variant's
 * ETag is built in r->etagbuf. */
static void choose(struct req *r, const struct index_page *pg,
		   struct variant *v)
{
	const char *ae = env(r, "HTTP_ACCEPT_ENCODING");
	unsigned avail = 0;
	const char *sfx;

	for (int e = ENC_IDENTITY + 1; e < ENC__MAX; e++)
		if (pg->encoded[e].len > 0)
			avail |= 1u << e;
	if (pg->etag.len < 2 || pg->etag.len > ETAG_MAX)
		avail = 0;
	v->vary = avail != 0;
	v->enc = avail ? accept_enc_choose(ae, ae ? strlen(ae) : 0, avail)
		       : ENC_IDENTITY;
	v->etag = pg->etag;
	v->bytes = pg->encoded[v->enc];
	v->length = v->enc == ENC_IDENTITY ? pg->content_length : v->bytes.len;
	if (v->enc == ENC_IDENTITY)
		return;
	/* "0123abcd..." becomes "0123abcd...-gz" */
	sfx = content_enc_etag_suffix[v->enc];
	memcpy(r->etagbuf, pg->etag.ptr, pg->etag.len - 1);
	memcpy(r->etagbuf + pg->etag.len - 1, sfx, strlen(sfx));
	r->etagbuf[pg->etag.len - 1 + strlen(sfx)] = '"';
	v->etag = (struct slug_view){ r->etagbuf, pg->etag.len + strlen(sfx) };
}

/* The coding headers of an answer for a page with variants. */
static void add_coding(struct http_head *h, const struct variant *v,
		       int with_encoding)
{
	if (with_encoding && v->enc != ENC_IDENTITY)
		http_header_str(h, "Content-Encoding",
				content_enc_names[v->enc]);
	if (v->vary)
		http_header_str(h, "Vary", "Accept-Encoding");
}

/* send_variant: the stored encoding, or the identity page rendered. */
static int send_variant(struct req *r, uint32_t pno, const struct variant *v)
{
	if (v->enc == ENC_IDENTITY)
		return send_body(r, pno, v->length);
	if (r->head_only)
		return 0;
	return emit(r, v->bytes.ptr, v->bytes.len);
}

/* not_modified: RFC 9110 13.2.2: If-None-Match decides when present
 * (against the ETag of the variant chosen); otherwise If-Modified-Since,
 * ignored when it is not a valid date. */
static int not_modified(const struct req *r, const struct index_page *pg,
			const struct variant *v)
{
	const char *inm = env(r, "HTTP_IF_NONE_MATCH");
	const char *ims;
	int64_t t;

	if (inm != NULL)
		return http_etag_match(inm, strlen(inm), v->etag.ptr,
				       v->etag.len);
	ims = env(r, "HTTP_IF_MODIFIED_SINCE");
	if (ims == NULL || pg->mtime <= 0 ||
	    http_parse_date(ims, strlen(ims), &t) != 0)
		return 0;
	return pg->mtime <= t;
}

/* send_page: 200 (or 304) with page pno; link adds rel="canonical". */
static int send_page(struct req *r, uint32_t pno, const struct index_page *pg,
		     int link)
{
	enum http_status st = HTTP_OK;
	struct index_site site;
	struct slug_view canon[4];
	struct variant v;

	index_site(r->idx, &site);
	choose(r, pg, &v);
	if (not_modified(r, pg, &v))
		st = HTTP_NOT_MODIFIED;
	http_head_start(&r->head, st);
	if (st == HTTP_OK) {
		add_view(&r->head, "Content-Type", pg->content_type);
		http_header_u64(&r->head, "Content-Length", v.length);
		add_view(&r->head, "Content-Language", pg->lang);
	}
	add_coding(&r->head, &v, st == HTTP_OK);
	add_view(&r->head, "ETag", v.etag);
	add_view(&r->head, "Last-Modified", pg->last_modified);
	add_view(&r->head, "Cache-Control", site.cache_control);
	if (link) {
		canon[0] = (struct slug_view){ "<", 1 };
		canon[1] = site.base_url;
		canon[2] = pg->url;
		canon[3] = (struct slug_view){ ">; rel=\"canonical\"", 18 };
		http_header(&r->head, "Link", canon, 4);
	}
	if (send_head(r, &st))
		return -1;
	if (st == HTTP_OK && send_variant(r, pno, &v))
		return -1;
	return http_statuses[st].code;
}

static int send_redirect(struct req *r, const struct route *rt)
{
	struct slug_view loc[3] = { rt->pg.url, { "?", 1 }, empty_view };
	enum http_status st = rt->status;
	size_t n = 1;

	if (rt->query.len > 0) {
		loc[2].ptr = r->qbuf;
		loc[2].len = query_encode(rt->query.ptr, rt->query.len,
					  r->qbuf, sizeof(r->qbuf));
		n = 3;
	}
	http_head_start(&r->head, st);
	http_header(&r->head, "Location", loc, n);
	http_header_u64(&r->head, "Content-Length", 0);
	if (send_head(r, &st))
		return -1;
	return http_statuses[st].code;
}

static int send_notfound(struct req *r, const struct route *rt)
{
	enum http_status st = HTTP_NOT_FOUND;
	struct variant v;

	choose(r, &rt->pg, &v);
	http_head_start(&r->head, st);
	http_header_str(&r->head, "Content-Type", "text/html; charset=utf-8");
	http_header_u64(&r->head, "Content-Length", v.length);
	add_view(&r->head, "Content-Language", rt->pg.lang);
	add_coding(&r->head, &v, 1);
	http_header_str(&r->head, "Cache-Control", "no-cache");
	if (send_head(r, &st))
		return -1;
	if (st == HTTP_NOT_FOUND && send_variant(r, rt->page, &v))
		return -1;
	return http_statuses[st].code;
}

static struct slug_view cstr_view(const char *s)
{
	struct slug_view v = { s ? s : "", s ? strlen(s) : 0 };

	return v;
}

/* find_target: the raw path and query from the request variables (see
 * respond.h for why REQUEST_URI comes first). Returns HTTP_OK or 414. */
static enum http_status find_target(struct req *r, struct route_request *rq)
{
	const char *uri = env(r, "REQUEST_URI"), *q;
	struct slug_view sn, pi;
	size_t n;

	if (uri != NULL && uri[0] != '\0') {
		q = strchr(uri, '?');
		rq->path.ptr = uri;
		rq->path.len = q ? (size_t)(q - uri) : strlen(uri);
		rq->query = cstr_view(q ? q + 1 : NULL);
		return HTTP_OK;
	}
	sn = cstr_view(env(r, "SCRIPT_NAME"));
	pi = cstr_view(env(r, "PATH_INFO"));
	if (sn.len > PATHNORM_MAX || pi.len > PATHNORM_MAX - sn.len)
		return HTTP_URI_TOO_LONG;
	/* rawbuf holds 3 * (sn.len + pi.len) + 1 bytes */
	n = path_encode(sn.ptr, sn.len, r->rawbuf, sizeof(r->rawbuf));
	n += path_encode(pi.ptr, pi.len, r->rawbuf + n, sizeof(r->rawbuf) - n);
	rq->path.ptr = r->rawbuf;
	rq->path.len = n;
	rq->query = cstr_view(env(r, "QUERY_STRING"));
	return HTTP_OK;
}

/* send_route: write the decision as HTTP. */
static int send_route(struct req *r, const struct route *rt)
{
	switch (rt->status) {
	case HTTP_OK:
		return send_page(r, rt->page, &rt->pg, rt->canonical_link);
	case HTTP_MOVED_PERMANENTLY:
	case HTTP_FOUND:
	case HTTP_TEMPORARY_REDIRECT:
	case HTTP_PERMANENT_REDIRECT:
		return send_redirect(r, rt);
	case HTTP_NOT_FOUND:
		return send_notfound(r, rt);
	default:
		return send_static(r, rt->status);
	}
}

int respond(const struct index *idx, struct ruleset *rules,
	    const struct respond_io *io)
{
	struct route_request rq = { NULL, { "", 0 }, { "", 0 } };
	struct route rt;
	struct req r;
	const char *method;
	enum http_status st = HTTP_OK;

	r.io = io;
	r.idx = idx;
	method = env(&r, "REQUEST_METHOD");
	r.head_only = method != NULL && strcmp(method, "HEAD") == 0;
	rq.method = method;
	if (idx == NULL)
		log_defer_flush();	/* the holder's reason (index_holder.h) */
	else
		log_defer_drop();
	/* a path too long to re-encode is a 414, but only once the method
	 * and the index have had their say, as for any other path */
	if (idx != NULL && method != NULL && method[0] != '\0' &&
	    (st = find_target(&r, &rq)) != HTTP_OK)
		rq.path = (struct slug_view){ "/", 1 };
	route_decide(idx, rules, &rq, &r.scratch, &rt);
	if (st != HTTP_OK && rt.status != HTTP_METHOD_NOT_ALLOWED)
		return send_static(&r, st);
	if (rt.missing_method)
		log_error("a request without REQUEST_METHOD (is "
			  "fastcgi_params included?): answering 400");
	return send_route(&r, &rt);
}

int respond_status(enum http_status st, int head_only,
		   const struct respond_io *io)
{
	struct req r;

	r.io = io;
	r.idx = NULL;
	r.head_only = head_only;
	return send_static(&r, st);
}
