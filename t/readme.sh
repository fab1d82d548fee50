#!/bin/sh
# t/readme.sh: the README's two commands stay true: its test command is the
# one .ci/run runs, and its main-job command installs the main job's
# packages only (tools/install-deps.sh without --tests, which lists no test
# tool or server among them). Prints TAP.
. "$(dirname "$0")/lib.sh"
readme=$top_srcdir/README.md
ci=$(grep -v '^#' "$top_srcdir/.ci/run" | grep 'tools/check.sh')
test_cmd=$(grep -A2 '^# Set up and pass the tests' "$readme" | tail -n 1)
is "$test_cmd" "$ci" "README's test command is .ci/run's"
main=$(grep -A2 '^# Run the main job' "$readme" | sed -n 3p)
like "$main" "sh tools/install-deps.sh &&" "the main job's command installs without --tests"
# The main job's package list, as the script computes it (no apt-get run).
sed -n '/^build=/,/^case/{/^case/!p;}' "$top_srcdir/tools/install-deps.sh" >"$tmp/lists.sh"
echo 'echo $build $serve' >>"$tmp/lists.sh"
pkgs=" $(sh "$tmp/lists.sh" | tr '\n' ' ') "
for p in clang valgrind apache2 nginx hugo spawn-fcgi lintian; do
	case "$pkgs" in
	*" $p "*) fail "the main job does not install $p" "$pkgs" ;;
	*) pass "the main job does not install $p" ;;
	esac
done
like "$pkgs" " lighttpd " "the main job installs lighttpd"
like "$pkgs" " libyaml-dev " "the main job installs the build libraries"
done_testing
