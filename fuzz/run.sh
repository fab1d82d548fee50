#!/bin/sh
# fuzz/run.sh: run each libFuzzer harness built by fuzz/build.sh for
# SECONDS, seeded from fuzz/seeds/HARNESS plus inputs made from data/ and
# the shared corpus (content files, the sample config, the sample index,
# its keys as request paths and requests), all copied into a temporary
# folder so that nothing is added to the tree. Prints, per harness, the
# executions per second, coverage (cov: and ft: of libFuzzer's last
# status line), run time and the crashes found; crash inputs stay in
# BUILD/artifacts/HARNESS/ and the full logs in BUILD/log/.
#
# usage: fuzz/run.sh SECONDS [HARNESS...]   (default: all ten)
# Environment: FUZZ_BUILD (the build folder, default _build/fuzz),
# FUZZ_JOBS (harnesses run at once, default 1), FUZZ_WORK (keep the
# working corpora there, to grow them over several runs), SLUGINDEX,
# SLUG_CORPUS (default ../shared/corpus/cloudops-co-website), SLUG_TOML_TEST
# (default ../shared/toml-test/tests: the TOML conformance cases seed toml).
# Exit status: 0 when no harness found a crash, a leak or a timeout.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:?usage: fuzz/run.sh SECONDS [HARNESS...]}
shift
harnesses=${*:-frontmatter config lookup index respond accesslog links toml fcgi fcgiconn hugoconfig}
build=${FUZZ_BUILD:-$top/_build/fuzz}
jobs=${FUZZ_JOBS:-1}
: "${SLUGINDEX:=$top/src/slugindex}"
: "${SLUG_CORPUS:=$top/../shared/corpus/cloudops-co-website}"
: "${SLUG_TOML_TEST:=$top/../shared/toml-test/tests}"
if [ -n "${FUZZ_WORK:-}" ]; then
	work=$FUZZ_WORK
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/slugfuzz.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$build/log"

# seed_file DIR NAME CONTENT...: one seed (printf arguments)
n_seed=0
seed() {
	dir=$1; shift
	n_seed=$((n_seed + 1))
	# shellcheck disable=SC2059
	printf "$@" >"$dir/gen-$n_seed"
}

# corpus_for HARNESS: fill $work/corpus/HARNESS (kept when FUZZ_WORK is set)
corpus_for() {
	c=$work/corpus/$1
	mkdir -p "$c"
	cp "$top/fuzz/seeds/$1"/* "$c/" 2>/dev/null || true
	case $1 in
	frontmatter)
		i=0
		for f in $(find "$top/data/content" "$SLUG_CORPUS/content" \
		    -type f -name '*.md' 2>/dev/null); do
			i=$((i + 1))
			cp "$f" "$c/content-$i.md"
		done ;;
	config)
		cp "$top/data/site.yml" "$c/data-site.yml" ;;
	toml)
		i=0
		for f in $(find "$SLUG_TOML_TEST" -type f -name '*.toml' \
		    2>/dev/null); do
			i=$((i + 1))
			cp "$f" "$c/toml-test-$i.toml"
		done ;;
	index)
		if "$SLUGINDEX" build -c "$top/data/site.yml" \
		    -o "$work/data.idx" >/dev/null 2>&1; then
			cp "$work/data.idx" "$c/data.idx"
		fi ;;
	lookup | respond)
		if [ ! -f "$work/keys" ]; then
			: >"$work/keys"
			if "$SLUGINDEX" build -c "$top/data/site.yml" \
			    -o "$work/data.idx" >/dev/null 2>&1; then
				"$SLUGINDEX" dump -i "$work/data.idx" |
				    cut -f1 >>"$work/keys"
			fi
			# the corpus's aliases: real old URLs
			find "$SLUG_CORPUS/content" -name '*.md' \
			    -exec sed -n 's/^ *- *\(\/[^ ]*\) *$/\1/p' {} + \
			    2>/dev/null | head -n 200 >>"$work/keys" || true
		fi
		while IFS= read -r k; do
			if [ "$1" = lookup ]; then
				seed "$c" '%s' "$k"
			else
				seed "$c" 'REQUEST_METHOD=GET\0REQUEST_URI=%s\0' "$k"
			fi
		done <"$work/keys" ;;
	esac
}

run_one() {
	h=$1
	bin=$build/fuzz-$h
	log=$build/log/$h.log
	art=$build/artifacts/$h
	mkdir -p "$art"
	dict=""
	case $h in
	lookup | respond) dict=-dict=$top/fuzz/respond.dict ;;
	toml | hugoconfig) dict=-dict=$top/fuzz/toml.dict ;;
	esac
	start=$(date +%s)
	rc=0
	# -max_len: room for the sample index (index) and long paths
	"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=2 \
	    -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" \
	    $dict "$work/corpus/$h" >"$log" 2>&1 || rc=$?
	end=$(date +%s)
	summary "$h" "$rc" $((end - start)) >"$build/log/$h.summary"
}

# summary HARNESS RC SECONDS: one line from the log's final statistics
summary() {
	log=$build/log/$1.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
	crashes=$(find "$build/artifacts/$1" -type f | wc -l | tr -d ' ')
	printf '%-12s %6ss %10s execs %8s/s cov %-6s ft %-7s corpus %-12s crashes %s%s\n' \
	    "$1" "$3" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
	    "${corp:-?}" "$crashes" "$([ "$2" -ne 0 ] && echo " (exit $2: see $log)")"
}

for h in $harnesses; do
	[ -x "$build/fuzz-$h" ] || {
		echo "fuzz/run.sh: $build/fuzz-$h missing: run fuzz/build.sh" >&2
		exit 1
	}
	corpus_for "$h"
done
running=0
for h in $harnesses; do
	run_one "$h" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait
status=0
for h in $harnesses; do
	cat "$build/log/$h.summary"
	grep -q 'crashes 0$' "$build/log/$h.summary" || status=1
done
exit "$status"
