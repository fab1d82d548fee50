/* import.h: slugindex import: redirect lists a site already has (the
 * WordPress Redirection plugin's CSV and JSON exports, Apache Redirect,
 * RedirectMatch and RewriteRule lines, nginx rewrite and return lines, a
 * WordPress WXR export) turned into one rules file that the site config
 * includes ("- include: FILE", docs/rules.md). Each reader hands entries to
 * the functions below; what cannot be imported is reported with its line
 * and why; two entries that send one address to two places are an error
 * naming both lines, and nothing is written. */
#ifndef SLUG_IMPORT_H
#define SLUG_IMPORT_H

#include <stdio.h>

#include "buf.h"
#include "diag.h"
#include "hitmap.h"
#include "index.h"

struct site;

/* One rule to write, or one alias: an exact address sent for good (301,
 * 308) to a path becomes an alias of that page, which the build checks
 * against every page and alias and finds without trying the rules. */
struct import_rule {
	char *alias;		/* owned: the address, for an alias; or NULL */
	char *match;		/* owned: PCRE2 pattern (the key of both) */
	char *to;		/* owned: target ("" for 410) */
	enum rule_action action;
	int query;
	const char *file;	/* borrowed: the list it came from */
	unsigned long line;
	char *note;		/* owned or NULL: a comment for the reader */
};

struct import {
	struct import_rule *rules;
	size_t nrules, cap;
	struct hitmap seen;	/* match + query flag -> rule number */
	char host[256];		/* the site's host (base_url), or "" */
	const struct site *site;	/* -c: for WXR, else NULL */
	struct diag *d;
	unsigned long entries, skipped;
};

/* import_number: s as a whole decimal number (1 to 18 digits, nothing
 * else) in *out: 0, or -1 for anything else ("301abc", "", "-1"). */
int import_number(const char *s, long *out);

/* import_code: the rule action of an HTTP status; -1 for one slugserve
 * does not send (303, 404, ...). */
int import_code(long code, enum rule_action *out);

/* import_target: a redirect target as a site path, into out: a path as
 * is, a URL on the site's host cut to its path ($ doubled, captures
 * written $N kept when captures is set). Returns 0, or -1 with *why. */
int import_target(const struct import *im, const char *url, int captures,
		  struct buf *out, const char **why);

/* import_exact: one address (a path, with "?query" when it has one, or a
 * URL on the site's host) to target (already a site path): an alias for
 * 301 and 308, a rule otherwise. */
void import_exact(struct import *im, const char *source, const char *target,
		  enum rule_action action, const char *file,
		  unsigned long line);

/* import_prefix: every address under source (Apache's Redirect) to the
 * same place under target. */
void import_prefix(struct import *im, const char *source, const char *target,
		   enum rule_action action, const char *file,
		   unsigned long line);

/* import_regex: a pattern written for a server that matches the path as
 * sent (nocase for (?i)); relative: matched without the path's first '/'
 * (an .htaccess RewriteRule), so "^x" becomes "^/x"; slash_optional: a
 * final '$' gets an optional '/' before it; target may hold $N. */
void import_regex(struct import *im, const char *pattern, int nocase,
		  int relative, int slash_optional, const char *target,
		  enum rule_action action, const char *file,
		  unsigned long line);

/* import_skip: an entry not imported, and why (a warning at its line). */
void import_skip(struct import *im, const char *file, unsigned long line,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The readers: each reads one file. Returns 0, or -1 when it could not be
 * read at all (reported). */
int import_redirection_csv(struct import *im, const char *file,
			   const char *text, size_t len);
int import_redirection_json(struct import *im, const char *file,
			    const char *text, size_t len);
int import_apache(struct import *im, const char *file, const char *text,
		  size_t len);
int import_nginx(struct import *im, const char *file, const char *text,
		 size_t len);
int import_wxr(struct import *im, const char *file, const char *text,
	       size_t len);

/* import_write: the rules file, as YAML, to out. */
void import_write(const struct import *im, struct buf *out);

void import_free(struct import *im);

#endif
