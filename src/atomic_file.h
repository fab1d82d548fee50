/* atomic_file.h: write a file so that readers see the old one or the new
 * one, never a part: the bytes go to a temporary file in the same folder
 * (unnamed, with O_TMPFILE, so that a process killed while writing leaves
 * nothing behind), which is flushed, named and renamed over the target;
 * then the folder is flushed so that the rename survives a crash. */
#ifndef SLUG_ATOMIC_FILE_H
#define SLUG_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/uio.h>

#include "buf.h"

struct atomic_file {
	const char *path;	/* borrowed: the target */
	char *dir;		/* owned: its folder */
	struct buf tmp;		/* the temporary name */
	int fd;
	int named;		/* tmp exists in the folder */
};

/* atomic_open: start writing the file that will replace path. Returns 0,
 * or -1 with errno set (nothing is left to clean up then). */
int atomic_open(struct atomic_file *f, const char *path);

/* atomic_write / atomic_writev: append bytes; 0, or -1 with errno set. */
int atomic_write(struct atomic_file *f, const void *p, size_t n);
int atomic_writev(struct atomic_file *f, struct iovec *iov, int n);

/* atomic_commit: flush, name, close and rename over the target, mode
 * 0644. Returns 0, or -1 with errno set after removing the temporary file
 * (the target is untouched). Either way f is released. */
int atomic_commit(struct atomic_file *f);

/* atomic_abort: give up: remove the temporary file, release f. */
void atomic_abort(struct atomic_file *f);

#endif
