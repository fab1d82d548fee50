/* accesslog.h: the request out of one line of a web server's access log,
 * in the NCSA common and combined formats that Apache (LogFormat "common",
 * "combined") and nginx (log_format combined, its default) write:
 *   HOST IDENT USER [TIME] "METHOD TARGET PROTOCOL" STATUS BYTES ["REF" "UA"]
 * Only the request line is read; a server's \xHH escapes (bytes it would
 * not write raw, such as '"' and non-ASCII) are decoded again, so that the
 * target is the bytes the client sent. An absolute-form target
 * ("http://host/path") gives its path. Nothing is allocated. */
#ifndef SLUG_ACCESSLOG_H
#define SLUG_ACCESSLOG_H

#include <stddef.h>
#include <stdio.h>

#include "index.h"	/* struct slug_view */

/* Longest request target kept; a longer one is ACCESSLOG_MALFORMED. */
#define ACCESSLOG_TARGET_MAX 16384

enum accesslog_status {
	ACCESSLOG_OK,		/* a request: method, path, query */
	ACCESSLOG_NO_REQUEST,	/* a log line whose request is "-" or not
				   HTTP (a TLS hello, a scanner's bytes) */
	ACCESSLOG_MALFORMED,	/* not a common/combined log line */
};

struct access_request {
	struct slug_view method;
	struct slug_view path;	/* raw, percent-encoded as sent */
	struct slug_view query;	/* without '?'; may be empty */
	int status;		/* the status the server logged */
};

/* Space for the decoded target, on the caller's stack or heap. */
struct accesslog_scratch {
	char target[ACCESSLOG_TARGET_MAX];
};

/* accesslog_parse: read line[0..len) (without its newline). The views in
 * *out point into line or into s. */
enum accesslog_status accesslog_parse(const char *line, size_t len,
				      struct accesslog_scratch *s,
				      struct access_request *out);

/* accesslog_replayable: the method is GET or HEAD. */
int accesslog_replayable(const struct access_request *a);

/* accesslog_target: "path?query" (or "path") into out, which holds at
 * least ACCESSLOG_TARGET_MAX + 1 bytes; returns its length. */
size_t accesslog_target(const struct access_request *a, char *out);

/* accesslog_print: s[0..n) to out with each control byte (below 0x20,
 * 0x7f) and '\\' written as \xHH, as the servers log them: a target
 * from a log cannot break a line of output or reach the terminal. */
void accesslog_print(FILE *out, const char *s, size_t n);

#endif
