#!/bin/sh
# Compile a list of C sources with the given compiler command line into a
# static library, two at a time (the build machines have 2 cores).
# usage: build-lib.sh OUT.a "CC FLAGS..." SRC...
set -eu
out=$1
cc=$2
shift 2
objdir="${out%.a}.objs"
rm -rf "$objdir" && mkdir -p "$objdir"
echo "  LIB     $out ($# sources)"
for src in "$@"; do
	echo "$src"
done | xargs -P 2 -I{} sh -c 'o="$1/$(echo "$2" | tr / _).o"; '"$cc"' -c "$2" -o "$o" || { echo "build-lib: failed to compile $2" >&2; exit 255; }' _ "$objdir" {}
rm -f "$out"
llvm-ar-14 rcs "$out" "$objdir"/*.o 2>/dev/null || ar rcs "$out" "$objdir"/*.o
