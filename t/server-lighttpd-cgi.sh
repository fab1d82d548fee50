#!/bin/sh
# t/server-lighttpd-cgi.sh: lighttpd with mod_cgi running slugserve as a CGI
# program, configured with the block of docs/setup-lighttpd-cgi.md; the
# checks of t/server-lib.sh through it. Prints TAP.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/server-lib.sh"
run_lighttpd setup-lighttpd-cgi.md lighttpd-cgi
done_testing
