/* logread.h: the lines of a log file, plain or gzip-compressed (also
 * several gzip members one after another, as logrotate and cat make them),
 * or of standard input, read in large blocks through zlib, whose gzread
 * passes data that is not gzip through unchanged. A line longer than
 * LOGREAD_LINE_MAX is skipped and reported as such, so memory stays fixed
 * whatever the input. */
#ifndef SLUG_LOGREAD_H
#define SLUG_LOGREAD_H

#include <stddef.h>

#define LOGREAD_LINE_MAX 65536

struct logread;

/* logread_open: name is a file, or "-" for standard input. Returns NULL
 * after printing why on stderr. */
struct logread *logread_open(const char *name);

/* logread_next: the next line, without its "\n" or "\r\n", in *line and
 * *len (valid until the next call). Returns 1 for a line, 2 for a line too
 * long (skipped; *len is 0), 0 at the end, -1 after printing a read or
 * decompression error. */
int logread_next(struct logread *r, const char **line, size_t *len);

/* The number of the line last returned, from 1. */
unsigned long logread_lineno(const struct logread *r);

void logread_close(struct logread *r);

#endif
