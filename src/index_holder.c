/* index_holder.c: keeps the current index (a private, validated copy of
 * the file) and swaps in a changed file once it validates. The rules are
 * in index_holder.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "index_holder.h"
#include "log.h"
#include "rules.h"

/* A file read with a ctime younger than this is read again (see .h). */
#define SETTLE_SECONDS 1

void index_holder_init(struct index_holder *h, const char *path,
		       enum index_verify verify)
{
	memset(h, 0, sizeof(*h));
	h->path = path;
	h->verify = verify;
	snprintf(h->why, sizeof(h->why), "not opened yet");
}

const struct index *index_holder_get(const struct index_holder *h)
{
	return h->idx;
}

void index_holder_log_missing(struct index_holder *h)
{
	if (h->idx == NULL)
		log_defer(SLOG_ERROR, "no usable index %s: %s (answering 503)",
			  h->path, h->why);
}

static int same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* same_file: the same file, unchanged (a write, truncate or chmod moves
 * mtime or ctime; a rename brings another inode). */
static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	       a->st_size == b->st_size && a->st_mode == b->st_mode &&
	       same_time(a->st_mtim, b->st_mtim) &&
	       same_time(a->st_ctim, b->st_ctim);
}

/* settled: was st's ctime old enough at the time of the read that any
 * later change must show as a new ctime? */
static int settled(const struct stat *st)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return now.tv_sec - st->st_ctim.tv_sec > SETTLE_SECONDS;
}

/* reread_due: an unsettled file is read again at most once a second. */
static int reread_due(const struct index_holder *h)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - h->last_read.tv_sec >= SETTLE_SECONDS;
}

/* unchanged: nothing to read: the path shows the file last read or last
 * refused, as it was then (and settled, or read less than a second ago). */
static int unchanged(const struct index_holder *h, const struct stat *st)
{
	if (h->idx != NULL && same_file(&h->cur, st))
		return h->cur_settled || !reread_due(h);
	if (h->have_bad && same_file(&h->bad, st))
		return h->bad_settled || !reread_due(h);
	return 0;
}

static void refuse(struct index_holder *h, const struct stat *st,
		   const char *reason)
{
	h->have_bad = 1;
	h->bad = *st;
	h->bad_settled = settled(st);
	if (h->idx == NULL) {
		snprintf(h->why, sizeof(h->why), "%s", reason);
		return;
	}
	if (h->cur.st_dev == st->st_dev && h->cur.st_ino == st->st_ino)
		log_warning("index %s was changed in place and does not "
			    "validate: %s (serving the copy read before)",
			    h->path, reason);
	else
		log_warning("refusing new index %s: %s (keeping the previous "
			    "one)", h->path, reason);
}

/* take: idx (read from the file st) becomes the current index. */
static void take(struct index_holder *h, struct index *idx,
		 const struct stat *st)
{
	if (h->idx != NULL && !same_file(&h->cur, st))
		log_notice("switched to new index %s (inode %ju, modified "
			   "%lld.%09ld)", h->path, (uintmax_t)st->st_ino,
			   (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	else if (h->idx == NULL && h->have_bad)
		log_notice("index %s is usable again", h->path);
	ruleset_free(h->rules);
	index_close(h->idx);
	h->idx = idx;
	h->cur = *st;
	h->cur_settled = settled(st);
	h->rules = ruleset_new(idx);	/* NULL (no memory): no rules */
	h->have_bad = 0;
}

int index_holder_refresh(struct index_holder *h, int force)
{
	struct index *idx = NULL;
	enum index_err err;
	struct stat st;
	char reason[200];

	if (stat(h->path, &st) != 0) {
		/* A removed file keeps the copy we have serving. */
		if (h->idx == NULL)
			snprintf(h->why, sizeof(h->why), "%s", strerror(errno));
		return 0;
	}
	if (!force && unchanged(h, &st))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &h->last_read);
	if (!S_ISREG(st.st_mode))
		err = INDEX_ERR_NOTREG;	/* not even opened: a FIFO blocks */
	else if (h->verify == INDEX_VERIFY_LAZY)
		err = index_open(h->path, h->verify, &idx);	/* see .h */
	else
		err = index_open_copy(h->path, h->verify, &idx);
	if (err != INDEX_OK) {
		int e = errno;

		snprintf(reason, sizeof(reason), "%s%s%s", index_strerror(err),
			 err == INDEX_ERR_OPEN ? ": " : "",
			 err == INDEX_ERR_OPEN ? strerror(e) : "");
		refuse(h, &st, reason);
		return 0;
	}
	take(h, idx, index_file_stat(idx));	/* what was read, not stat'ed */
	return 1;
}

struct ruleset *index_holder_rules(const struct index_holder *h)
{
	return h->rules;
}

void index_holder_fini(struct index_holder *h)
{
	ruleset_free(h->rules);
	h->rules = NULL;
	index_close(h->idx);
	h->idx = NULL;
}
