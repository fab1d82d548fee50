/* index_holder.c: keeps the current index, and swaps in a replaced file
 * when it validates. The rules are in index_holder.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "index_holder.h"
#include "rules.h"

/* How often the reason for answering 503 is repeated in the log. */
#define LOG_EVERY 60

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

/* set_why: a new reason for having no index; logged at once when it
 * differs from the last one, else at the next LOG_EVERY tick. */
static void set_why(struct index_holder *h, const char *reason)
{
	if (strcmp(h->why, reason) == 0)
		return;
	snprintf(h->why, sizeof(h->why), "%s", reason);
	h->last_log = 0;
}

void index_holder_log_missing(struct index_holder *h)
{
	time_t now = time(NULL);

	if (h->idx != NULL || (h->last_log != 0 && now - h->last_log < LOG_EVERY))
		return;
	h->last_log = now;
	fprintf(stderr, "slugserve: no usable index %s: %s (answering 503)\n",
		h->path, h->why);
}

static void refuse(struct index_holder *h, const struct stat *st,
		   const char *reason)
{
	h->have_bad = 1;
	h->bad_dev = st->st_dev;
	h->bad_ino = st->st_ino;
	h->bad_size = st->st_size;
	h->bad_mtime = st->st_mtim;
	if (h->idx != NULL) {
		fprintf(stderr, "slugserve: refusing new index %s: %s "
			"(keeping the previous one)\n", h->path, reason);
		return;
	}
	set_why(h, reason);
	index_holder_log_missing(h);
}

static int same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* unchanged: is st the file idx was opened from, as it was then? */
static int unchanged(const struct index_holder *h, const struct stat *st)
{
	return h->cur.st_dev == st->st_dev && h->cur.st_ino == st->st_ino &&
	       h->cur.st_size == st->st_size &&
	       same_time(h->cur.st_mtim, st->st_mtim);
}

/* drop_rewritten: the current file was changed in place: stop using it. */
static void drop_rewritten(struct index_holder *h, const struct stat *st)
{
	if (h->idx == NULL || h->cur.st_dev != st->st_dev ||
	    h->cur.st_ino != st->st_ino)
		return;
	fprintf(stderr, "slugserve: index %s was rewritten in place: dropped "
		"(deploy by renaming a new file over it)\n", h->path);
	ruleset_free(h->rules);
	h->rules = NULL;
	index_close(h->idx);
	h->idx = NULL;
}

int index_holder_refresh(struct index_holder *h, int force)
{
	struct index *idx = NULL;
	enum index_err err;
	struct stat st;
	char reason[200];

	if (stat(h->path, &st) != 0) {
		/* A removed file keeps the mapping we have serving. */
		if (h->idx == NULL)
			set_why(h, strerror(errno));
		return 0;
	}
	if (!force && h->idx != NULL && unchanged(h, &st))
		return 0;
	drop_rewritten(h, &st);
	if (!force && h->have_bad && h->bad_dev == st.st_dev &&
	    h->bad_ino == st.st_ino && h->bad_size == st.st_size &&
	    same_time(h->bad_mtime, st.st_mtim))
		return 0;
	err = index_open(h->path, h->verify, &idx);
	if (err != INDEX_OK) {
		int e = errno;

		snprintf(reason, sizeof(reason), "%s%s%s", index_strerror(err),
			 err == INDEX_ERR_OPEN ? ": " : "",
			 err == INDEX_ERR_OPEN ? strerror(e) : "");
		refuse(h, &st, reason);
		return 0;
	}
	if (h->idx != NULL && !force)
		fprintf(stderr, "slugserve: switched to new index %s\n",
			h->path);
	else if (h->idx == NULL && h->last_log != 0)
		fprintf(stderr, "slugserve: index %s is usable again\n",
			h->path);
	ruleset_free(h->rules);
	index_close(h->idx);
	h->idx = idx;
	h->cur = *index_file_stat(idx);	/* what was opened, not what was stat'ed */
	h->rules = ruleset_new(idx);	/* NULL (no memory): no rules */
	h->have_bad = 0;
	h->last_log = 0;
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
