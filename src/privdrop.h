/* privdrop.h: slugserve does not keep root. Started as root (by hand, with
 * -s), it binds its socket, then becomes an unprivileged user (-u USER,
 * default the package's user, SLUGSERVE_DEFAULT_USER in config.h) before
 * it reads any request. */
#ifndef SLUG_PRIVDROP_H
#define SLUG_PRIVDROP_H

#include <stddef.h>

/* privdrop: when the process runs as root (real or effective uid 0),
 * become user (its uid, its group, its supplementary groups), after giving
 * it the unix socket at sock_path (NULL for none), so that it can remove
 * the socket at exit. explicit is whether -u named the user. Returns 0
 * when done or nothing to do (not root and no -u, or -u names the user
 * already running); -1 with the reason in why: the user does not exist, is
 * root, -u was given without root, or a set*id call failed (nothing is
 * served then). */
int privdrop(const char *user, int explicit, const char *sock_path,
	     char *why, size_t whylen);

#endif
