#!/bin/sh
# tools/demo.sh: the main job on the sample site: index data/ and show how
# its URLs resolve (slugindex lookup). Run from a built tree.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/slugserve-demo
mkdir -p "$out"
"$top/src/slugindex" build -c "$top/data/site.yml" -o "$out/site.idx"
"$top/src/slugindex" lookup -i "$out/site.idx" / /blog/ /about-us/ \
	/fr/2019/03/les-meetups-kubernetes-et-cloud-native-de-lest-du-canada-de-mars-2019/ \
	/fr/les-meetups-kubernetes-et-cloud-native-de-lest-du-canada-de-mars-2019 \
	/blog/containers-101 /nowhere/ '/bad%zz'
