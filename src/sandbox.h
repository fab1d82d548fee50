/* sandbox.h: confine slugserve once it is set up, so that a bug in request
 * handling cannot read, write or run anything but what serving needs.
 *
 * Two layers, both without libraries, both kept by forked workers:
 *   - Landlock (Linux 5.13 and later): the file system is closed except
 *     for reading files under the index's folder (a deploy renames a new
 *     index there, which must be opened) and, when slugserve made a unix
 *     socket, removing files in the socket's folder (the socket is removed
 *     at exit). From Landlock ABI 4 on, TCP bind and connect are closed;
 *     from ABI 6 on, signals and abstract unix sockets are scoped to the
 *     sandboxed processes.
 *   - seccomp-bpf: whatever Landlock does, execve, open/openat for
 *     writing or creating, file creation, renaming, linking and removal of
 *     folders, new sockets, ptrace and the kernel-administration calls
 *     fail with EPERM (openat2, whose flags a filter cannot read, with
 *     ENOSYS, so that the C library falls back to openat).
 * Both need no_new_privs, which sandbox_enter sets. */
#ifndef SLUG_SANDBOX_H
#define SLUG_SANDBOX_H

#include <stddef.h>

/* Which layers are in force, as bits. */
enum sandbox_layer {
	SANDBOX_LANDLOCK = 1,
	SANDBOX_SECCOMP = 2,
};

/* sandbox_enter: confine this process (and every child it forks later)
 * for good. index_path: the index (its folder becomes readable, nothing
 * else); socket_path: the unix socket slugserve created, or NULL. Call it
 * after the listening socket exists and before serving; the index may be
 * opened before or after. Returns the layers in force (0 when neither
 * could be applied, e.g. an old kernel), and writes to why, for the log,
 * what was applied and what was not and why. Never fails half-way into
 * an unusable state: a layer is either in force or not. */
int sandbox_enter(const char *index_path, const char *socket_path,
		  char *why, size_t whylen);

/* sandbox_selftest: for tests (slugserve's SLUGSERVE_SANDBOX_SELFTEST=PATH,
 * t/sandbox.sh): try to read PATH, to read the index, to create a file
 * beside the index, to run /bin/true, to open a TCP socket and to
 * connect it, and print one line per attempt to stderr,
 * "slugserve: sandbox selftest: WHAT: allowed|denied (REASON)". Returns
 * the number of attempts that were allowed but should not have been
 * (reading the index should be allowed, the rest denied). */
int sandbox_selftest(const char *path, const char *index_path);

#endif
