/* web_server_addrs.h: FCGI_WEB_SERVER_ADDRS, the IPv4 addresses allowed
 * to connect to a TCP FastCGI socket, as libfcgi honoured it: a list
 * separated by commas, read once at start. Unset or empty: every peer.
 * Set: an IPv4 peer (also IPv4-mapped IPv6) must be in it, any other IP
 * peer is refused; unix-socket peers are always let in. */
#ifndef SLUG_WEB_SERVER_ADDRS_H
#define SLUG_WEB_SERVER_ADDRS_H

/* web_server_addrs_init: read the variable; logs entries that are no
 * IPv4 address (they are left out). */
void web_server_addrs_init(void);

/* web_server_addr_ok: may the peer of the accepted socket fd be served? */
int web_server_addr_ok(int fd);

#endif
