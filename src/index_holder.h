/* index_holder.h: holds the index a slugserve process answers from, and
 * replaces it, between requests, when the file at its path changes.
 *
 * The index is read into the process's own memory (index_open_copy:
 * read(), not mmap) and validated there, so nothing done to the file
 * afterwards (a rename over it, cp or dd into it, truncate) can reach a
 * request being served: the copy is whole and checked, a body is always
 * one version. The holder stats the path (at most once per request: about
 * a microsecond) and reads the file again when its device, inode, size,
 * mode, mtime or ctime differ from the copy's. Only a file that validates
 * replaces the current copy (a SIGHUP as well: it rereads the file even
 * if it looks unchanged, and keeps the current copy when the new read
 * does not validate). A file that fails is logged once per change and
 * remembered by its status, so it is not reread until it changes (chmod
 * back, a new write, a rename); the copy read before keeps serving, and
 * without one every request is answered 503.
 *
 * A write within the same second as a read might leave the status as it
 * was read (timestamps are coarse): a file whose ctime was less than a
 * second old when it was read is read once more, at most once a second,
 * until it was read with an older ctime.
 *
 * A LAZY holder (CGI: one request per process) maps the file instead
 * (index_open): a copy would cost the whole file per request (1 ms and
 * 25 MB for a 2,000-page site), and a write in place during its few
 * microseconds can at worst cut that one answer. See docs/slugserve.8. */
#ifndef SLUG_INDEX_HOLDER_H
#define SLUG_INDEX_HOLDER_H

#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "index.h"

struct index_holder {
	const char *path;		/* not owned: outlives the holder */
	enum index_verify verify;
	struct index *idx;		/* owned; NULL while there is none */
	struct ruleset *rules;		/* owned: idx's legacy rules */
	struct stat cur;		/* the file idx was read from */
	int cur_settled;		/* cur's ctime was older than the read */
	struct stat bad;		/* the last file refused ... */
	int have_bad;			/* ... when have_bad is set */
	int bad_settled;
	struct timespec last_read;	/* monotonic: the path was last read */
	char why[256];			/* why idx is NULL, for the 503 log */
};

/* index_holder_init: an empty holder for path, opening with verify. It
 * opens nothing yet: call index_holder_refresh. */
void index_holder_init(struct index_holder *h, const char *path,
		       enum index_verify verify);

/* index_holder_refresh: take the file at the path if it changed since it
 * was last read (or refused) and it validates. force (SIGHUP) rereads the
 * file even when it looks unchanged. Logs what it refuses (once per
 * change of the file). Returns 1 when the index was replaced, else 0;
 * the current index is kept whenever the new read fails. Allocates only
 * when it reads a file (inside index_open_copy). */
int index_holder_refresh(struct index_holder *h, int force);

/* index_holder_get: the current index, or NULL when there is none (then
 * index_holder_log_missing explains why). */
const struct index *index_holder_get(const struct index_holder *h);

/* index_holder_log_missing: hold back "no usable index" (log_defer): it
 * is written when a request is answered 503 for want of an index
 * (respond()), at most once a minute, and not at all when the request
 * brings its own index (mod_fcgid) or none is asked for. */
void index_holder_log_missing(struct index_holder *h);

/* index_holder_rules: the current index's legacy rules, or NULL. */
struct ruleset *index_holder_rules(const struct index_holder *h);

/* index_holder_fini: close the current index; safe to call twice. */
void index_holder_fini(struct index_holder *h);

#endif
