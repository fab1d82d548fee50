/* index_holder.h: holds the index a slugserve process answers from, and
 * replaces it, between requests, when the file at its path is replaced.
 *
 * A deploy renames a new file over the path (see docs/slugserve.8), so a
 * new file shows as a new device/inode pair at the path. The holder stats
 * the path (at most once per request: about a microsecond, measured), and
 * when the pair differs from the current index's it opens and verifies the
 * new file; only a file that validates replaces the current index, which
 * is closed then. A file that fails is logged once and remembered by its
 * pair, size and modification time, so it is neither reopened nor logged
 * again on later requests until it changes.
 *
 * A file rewritten in place (cp over it) keeps its pair but changes its
 * size or time: the current index is then dropped at once (its mapping
 * is being changed under it, and a shrunk mapping faults) and the file is
 * tried afresh; the deploy by rename is what keeps serving throughout. */
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
	struct stat cur;		/* the file idx was opened from */
	dev_t bad_dev;			/* the last file refused ... */
	ino_t bad_ino;
	off_t bad_size;
	struct timespec bad_mtime;
	int have_bad;			/* ... when have_bad is set */
	char why[256];			/* why idx is NULL, for the 503 log */
	time_t last_log;		/* when the 503 reason was last logged */
};

/* index_holder_init: an empty holder for path, opening with verify. It
 * opens nothing yet: call index_holder_refresh. */
void index_holder_init(struct index_holder *h, const char *path,
		       enum index_verify verify);

/* index_holder_refresh: take the file at the path if it is a different
 * file from the current one and it validates. force (SIGHUP) tries the
 * file even when it is the current one or the one last refused. Logs to
 * stderr what it refuses. Returns 1 when the index was replaced, else 0.
 * Allocates only when it opens a file (inside index_open). */
int index_holder_refresh(struct index_holder *h, int force);

/* index_holder_get: the current index, or NULL when there is none (then
 * index_holder_log_missing explains why, at most once a minute). */
const struct index *index_holder_get(const struct index_holder *h);
void index_holder_log_missing(struct index_holder *h);

/* index_holder_rules: the current index's legacy rules, or NULL. */
struct ruleset *index_holder_rules(const struct index_holder *h);

/* index_holder_fini: close the current index; safe to call twice. */
void index_holder_fini(struct index_holder *h);

#endif
