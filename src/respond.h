/* respond.h: one request in, one whole response out (CGI form:
 * "Status:" line, headers, empty line, body), decided from the request
 * variables and the current index alone (the decision itself is route.h's).
 * It neither knows nor cares
 * whether it runs under FastCGI, CGI or a test: the request comes through
 * an accessor and the response goes out through a writer.
 *
 * Where the request path comes from (researched; see docs/slugserve.8):
 *   REQUEST_URI, up to the first '?', is the raw request-target path as the
 *   client sent it (still percent-encoded), and the part after '?' is the
 *   query. Apache sets it for mod_cgi, mod_fcgid and mod_proxy_fcgi alike
 *   (ap_add_cgi_vars: the original request line, also after an internal
 *   redirect or a rewrite); lighttpd sets it for mod_cgi and mod_fastcgi;
 *   nginx's stock fastcgi_params passes $request_uri. So it is preferred.
 *   SCRIPT_NAME + PATH_INFO are what is left when REQUEST_URI is absent.
 *   Both are decoded by the server, and how the path is split between them
 *   depends on the set-up (measured by the t/server-*.sh tests, for
 *   GET /fr/2018/02/x%E2%80%89y/): behind a rewrite to the script, Apache
 *   and lighttpd give the script's own path in SCRIPT_NAME; lighttpd
 *   mounted at "/" splits "/fr" + "/2018/02/x y/" (or gives it all to
 *   PATH_INFO with "fix-root-scriptname"), and so does Apache's
 *   mod_proxy_fcgi with SetHandler; nginx's stock fastcgi_params give the
 *   decoded, merged $uri as SCRIPT_NAME and no PATH_INFO. Every server
 *   tested sends REQUEST_URI, so the fallback is for hand-written
 *   configs: the concatenation is re-encoded with path_encode() and goes
 *   through the same normaliser as a raw path (a spelling that the server
 *   already cleaned cannot get its 301 then). The query is then
 *   QUERY_STRING. The site is assumed to be mounted at "/". */
#ifndef SLUG_RESPOND_H
#define SLUG_RESPOND_H

#include "http.h"
#include "index.h"

/* Longest query string kept for a redirect; a longer one is 414. */
#define RESPOND_QUERY_MAX 4096	/* the same as ROUTE_QUERY_MAX */

/* env: the request variable name ("REQUEST_METHOD", "HTTP_IF_NONE_MATCH")
 * or NULL when it is not set; the string must stay valid for the call.
 * write: send the next len bytes of the response; non-zero gives up. */
typedef const char *(*respond_env_fn)(void *ctx, const char *name);

struct respond_io {
	respond_env_fn env;
	void *env_ctx;
	index_write_fn write;
	void *write_ctx;
};

struct ruleset;

/* respond: answer one request through io. idx is the index to answer from,
 * or NULL when there is no usable one (every request is then a 503; the
 * caller logs why). rules are idx's legacy rules (ruleset_new), or NULL for
 * none; they are tried only for paths the index does not know. Returns the status code sent (200, 301, ...), or -1
 * when io->write failed and the response was cut short. Allocates nothing
 * and keeps nothing; uses about 110 KiB of stack. Bodies are written
 * straight from the index mapping. */
int respond(const struct index *idx, struct ruleset *rules,
	    const struct respond_io *io);

/* respond_status: answer with the short page of st (one of the statuses
 * that do not come from the index: 400, 431, 500, 503, ...) through io,
 * for a request that the caller refuses before respond() could read it
 * (src/fcgi_conn.c: parameters too large). head_only leaves the body out.
 * Returns the status code sent, or -1 when io->write failed. */
int respond_status(enum http_status st, int head_only,
		   const struct respond_io *io);

#endif
