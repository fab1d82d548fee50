/* listen_fds.h: socket activation without libsystemd. systemd (or
 * systemd-socket-activate, or any manager that follows sd_listen_fds(3))
 * passes listening sockets as fds 3, 4, ... and says so in the
 * environment: LISTEN_PID (the process meant) and LISTEN_FDS (how many). */
#ifndef SLUG_LISTEN_FDS_H
#define SLUG_LISTEN_FDS_H

#include <stddef.h>

/* The first passed fd, as SD_LISTEN_FDS_START. */
#define LISTEN_FDS_START 3

/* listen_fds: how many sockets were passed to this process: 0 when
 * LISTEN_PID is unset or names another process, else LISTEN_FDS, each fd checked to be a socket and
 * marked close-on-exec. As sd_listen_fds(1), it unsets LISTEN_PID,
 * LISTEN_FDS and LISTEN_FDNAMES, so that no child takes them for its own.
 * Returns -1 with the reason in why when a variable is malformed or a
 * passed fd is not a socket. */
int listen_fds(char *why, size_t whylen);

/* fd_is_listener: is fd a listening socket, passed by the program that
 * started this one (spawn-fcgi, lighttpd's bin-path, mod_fcgid)? The
 * test libfcgi's FCGX_IsCGI made, so that the choice between FastCGI and
 * CGI stays what it was: getpeername() fails with ENOTCONN (a socket with
 * no peer). Returns 1 or 0. */
int fd_is_listener(int fd);

#endif
