/* sample_index.h: the fuzz harnesses' fixed index: the sample site of
 * data/ (or of $SLUG_FUZZ_SITE, a site config), built in-process with
 * slugindex's own code into a temporary file and opened once, so that the
 * lookup and respond harnesses (and their gcc replays in make check) need
 * no slugindex binary. */
#ifndef SLUG_FUZZ_SAMPLE_INDEX_H
#define SLUG_FUZZ_SAMPLE_INDEX_H

#include "index.h"

/* sample_index: build (first call only) and return the index, opened with
 * INDEX_VERIFY_FULL; it stays open until the process exits. The site
 * config is $SLUG_FUZZ_SITE, else $top_srcdir/data/site.yml, else
 * SLUG_FUZZ_TOP/data/site.yml (set by fuzz/build.sh and Makefile.am).
 * Exits with status 99 (a hard error for the test drivers) when the index
 * cannot be built: a harness without an index would fuzz nothing. */
const struct index *sample_index(void);

/* sample_index_lazy: the same file opened with INDEX_VERIFY_LAZY, as
 * slugserve opens it in CGI mode (records checked as they are used). */
const struct index *sample_index_lazy(void);

/* fuzz_quiet: send stderr (diagnostics of the code under test, one per
 * malformed input) to /dev/null unless $FUZZ_VERBOSE is set. libFuzzer and
 * the sanitizers keep writing to file descriptor 2 directly. */
void fuzz_quiet(void);

/* fuzz_rewrite: make the file open at fd hold exactly data[0..size), for
 * the harnesses whose code under test reads a file by name. Aborts when it
 * cannot: the input would not be what is tested. */
void fuzz_rewrite(int fd, const unsigned char *data, size_t size);

#endif
