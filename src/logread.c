/* logread.c: access-log lines through zlib (see logread.h). One buffer of
 * twice LOGREAD_LINE_MAX: a line is always whole in it or too long. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "logread.h"

#define BUF_SIZE (2 * LOGREAD_LINE_MAX)

struct logread {
	gzFile gz;
	const char *name;
	unsigned long lineno;
	size_t start, end;	/* unread bytes are buf[start..end) */
	int eof, skipping;	/* skipping: inside a line too long */
	char buf[BUF_SIZE];
};

struct logread *logread_open(const char *name)
{
	struct logread *r = malloc(sizeof *r);
	int fd = strcmp(name, "-") == 0 ? dup(0) : open(name, O_RDONLY);

	if (r == NULL || fd < 0) {
		fprintf(stderr, "slugindex: %s: %s\n",
			strcmp(name, "-") == 0 ? "standard input" : name,
			strerror(errno));
		free(r);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	memset(r, 0, offsetof(struct logread, buf));
	r->name = strcmp(name, "-") == 0 ? "standard input" : name;
	if ((r->gz = gzdopen(fd, "rb")) == NULL) {
		fprintf(stderr, "slugindex: %s: out of memory\n", r->name);
		close(fd);
		free(r);
		return NULL;
	}
	/* smaller than a read of ours: zlib then reads a plain file
	 * straight into buf instead of copying it through its own */
	gzbuffer(r->gz, 32 * 1024);
	return r;
}

/* fill: move what is left to the front and read more. Returns 0 or -1. */
static int fill(struct logread *r)
{
	int n, err;

	memmove(r->buf, r->buf + r->start, r->end - r->start);
	r->end -= r->start;
	r->start = 0;
	n = gzread(r->gz, r->buf + r->end, (unsigned)(BUF_SIZE - r->end));
	if (n <= 0) {
		/* a cut gzip stream ends with Z_BUF_ERROR, not -1 */
		const char *why = gzerror(r->gz, &err);

		if (n == 0 && err == Z_OK) {
			r->eof = 1;
			return 0;
		}
		fprintf(stderr, "slugindex: %s: %s\n", r->name,
			err == Z_ERRNO ? strerror(errno) : why);
		return -1;
	}
	r->end += (size_t)n;
	return 0;
}

int logread_next(struct logread *r, const char **line, size_t *len)
{
	for (;;) {
		char *p = r->buf + r->start;
		char *nl = memchr(p, '\n', r->end - r->start);
		size_t n = nl ? (size_t)(nl - p) : r->end - r->start;

		if (nl != NULL || (r->eof && n > 0) ||
		    n >= LOGREAD_LINE_MAX) {
			int was_skipping = r->skipping;

			r->skipping = nl == NULL && !r->eof;
			r->start += nl ? n + 1 : n;
			if (was_skipping)
				continue;	/* the rest of a long line */
			r->lineno++;
			if (r->skipping || n >= LOGREAD_LINE_MAX) {
				*line = p, *len = 0;
				return 2;
			}
			if (n > 0 && p[n - 1] == '\r')
				n--;
			*line = p, *len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		if (fill(r) < 0)
			return -1;
	}
}

unsigned long logread_lineno(const struct logread *r)
{
	return r->lineno;
}

void logread_close(struct logread *r)
{
	if (r == NULL)
		return;
	gzclose(r->gz);
	free(r);
}
