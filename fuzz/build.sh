#!/bin/sh
# fuzz/build.sh: build the libFuzzer harnesses (AddressSanitizer and
# UndefinedBehaviorSanitizer, clang) and, with gcc, their replay programs,
# into one build folder. The code under test is compiled from src/ with
# coverage instrumentation; libyaml, libcmark and libpcre2 are the
# system's (not instrumented).
#
# usage: fuzz/build.sh [BUILD_DIR]    (default: _build/fuzz)
# Environment: CC (clang), REPLAY_CC (gcc; empty: no replay programs).
# Makes BUILD_DIR/fuzz-HARNESS and BUILD_DIR/replay-HARNESS for each of
# frontmatter config lookup index respond accesslog links toml fcgi
# fcgiconn hugoconfig.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/_build/fuzz}
CC=${CC:-clang}
REPLAY_CC=${REPLAY_CC-gcc}
harnesses="frontmatter config lookup index respond accesslog links toml fcgi fcgiconn hugoconfig"
# What the harnesses link: the reader and normaliser (libslug), slugindex's
# site loader and writer (the sample index is built in-process), and the
# responder's router and HTTP writer.
# The lists are read from Makefile.am, so that a new source file there is
# picked up here; the mains and the FastCGI loop are left out.
am_sources() { # am_sources VAR...: the .c files of those _SOURCES, by name
	awk -v vars=" $* " '
	    /^[A-Za-z0-9_]+[ \t]*=/ { v = $1; sub(/=.*/, "", v); on = index(vars, " " v " ") > 0 }
	    on { for (i = 1; i <= NF; i++) if ($i ~ /^src\/.*\.c$/) { sub(/^src\//, "", $i); sub(/\.c$/, "", $i); print $i } }
	    !/\\$/ { on = 0 }' "$top/Makefile.am" |
	    grep -v -e '^slugindex$' -e '^slugserve$' -e '^serve_loop$' \
		-e '^index_holder$' | sort -u | tr '\n' ' '
}
srcs=$(am_sources src_libslug_a_SOURCES src_slugindex_SOURCES slugindex_core \
    src_slugserve_SOURCES)
helpers="sample_index response_check"
pkgs="yaml-0.1 libcmark libpcre2-8 zlib libbrotlienc"
pkg_cflags=$(pkg-config --cflags $pkgs)
pkg_libs=$(pkg-config --libs $pkgs)
common="-std=c11 -D_GNU_SOURCE -I$top/src -I$top/fuzz -DSLUG_FUZZ_TOP=\"$top\" $pkg_cflags"
san="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"

command -v "$CC" >/dev/null 2>&1 || {
	echo "fuzz/build.sh: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
}
mkdir -p "$out/obj" "$out/replay-obj"

# compile CC FLAGS OBJDIR: every source and helper into OBJDIR
compile() {
	cc=$1 flags=$2 dir=$3
	for s in $srcs; do
		# shellcheck disable=SC2086
		$cc $flags -c "$top/src/$s.c" -o "$dir/$s.o"
	done
	for s in $helpers; do
		# shellcheck disable=SC2086
		$cc $flags -c "$top/fuzz/$s.c" -o "$dir/$s.o"
	done
}

objs() { for s in $srcs $helpers; do printf '%s ' "$1/$s.o"; done; }

# shellcheck disable=SC2086
compile "$CC" "$common $san -fsanitize=fuzzer-no-link" "$out/obj"
for h in $harnesses; do
	# shellcheck disable=SC2086
	$CC $common $san -fsanitize=fuzzer "$top/fuzz/$h.c" $(objs "$out/obj") \
	    $pkg_libs -o "$out/fuzz-$h"
done
if [ -n "$REPLAY_CC" ] && command -v "$REPLAY_CC" >/dev/null 2>&1; then
	compile "$REPLAY_CC" "$common -g -O1" "$out/replay-obj"
	for h in $harnesses; do
		# shellcheck disable=SC2086
		$REPLAY_CC $common -g -O1 "$top/fuzz/replay.c" "$top/fuzz/$h.c" \
		    $(objs "$out/replay-obj") $pkg_libs -o "$out/replay-$h"
	done
fi
echo "fuzz/build.sh: built in $out: $(cd "$out" && echo fuzz-* replay-*)"
