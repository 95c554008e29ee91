#!/bin/sh
# Fetches the pinned shim and MokManager builds (image/shim.lock) into DIR: apt-get download of each pinned
# package through a private apt configuration under DIR/apt (Debian 12's main archive for amd64 and arm64; the
# system's sources and lists are never touched), each .deb's sha256 checked against the lock, the one file
# taken out with dpkg-deb -x. The packages are never installed (shim-signed's scripts run grub-install).
# Every network step is bounded (timeout); a failure names the package and what to do.
#
# usage: fetch-shim.sh DIR
set -eu
dir=$1
lock="$(cd "$(dirname "$0")" && pwd)/shim.lock"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
apt="$dir/apt"

need=$(grep -v '^#' "$lock" | while read -r pkg arch version sha path name; do
	if [ -n "$pkg" ] && [ "$(cat "$dir/$name.sha256" 2>/dev/null)" != "$sha" ]; then echo "$name"; fi
done)
[ -z "$need" ] && exit 0

mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/deb"
echo "deb [arch=amd64,arm64] http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
apt_opts="-o Dir::Etc::SourceList=$apt/sources.list -o Dir::Etc::SourceParts=/nonexistent
 -o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache -o Dir::State::status=/dev/null
 -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o Acquire::Languages=none -o APT::Sandbox::User=root"
if [ ! -f "$apt/updated" ]; then
	echo "  SHIM    reading Debian 12's package index into $apt"
	timeout 300 apt-get -q $apt_opts update >"$apt/update.log" 2>&1 || {
		sed 's/^/  /' "$apt/update.log" >&2
		echo "fetch-shim: cannot read Debian's package index (network or mirror down?)" >&2
		exit 1
	}
	touch "$apt/updated"
fi

grep -v '^#' "$lock" | while read -r pkg arch version sha path name; do
	[ -n "$pkg" ] || continue
	[ "$(cat "$dir/$name.sha256" 2>/dev/null)" = "$sha" ] && continue
	deb="$apt/deb/${pkg}_${arch}.deb"
	rm -f "$apt/deb/${pkg}_"*"_$arch.deb"
	(cd "$apt/deb" && timeout 120 apt-get -q $apt_opts download "$pkg:$arch=$version" >download.log 2>&1) || {
		sed 's/^/  /' "$apt/deb/download.log" >&2
		echo "fetch-shim: cannot download $pkg:$arch $version (network down, or Debian no longer serves that" \
			"version: pin the current one in image/shim.lock)" >&2
		exit 1
	}
	mv "$apt/deb/${pkg}_"*"_$arch.deb" "$deb"
	got=$(sha256sum "$deb" | cut -d' ' -f1)
	[ "$got" = "$sha" ] || { echo "fetch-shim: $pkg:$arch has sha256 $got, image/shim.lock pins $sha" >&2; exit 1; }
	rm -rf "$apt/x" && dpkg-deb -x "$deb" "$apt/x"
	[ -f "$apt/x/$path" ] || { echo "fetch-shim: $pkg:$arch $version has no $path" >&2; exit 1; }
	cp "$apt/x/$path" "$dir/$name"
	echo "$sha" >"$dir/$name.sha256"
	echo "  SHIM    $dir/$name ($pkg:$arch $version)"
done
