#!/bin/sh
# Fetches the pinned shim and MokManager (image/shim.lock) into DIR: apt-get download of each pinned
# package (bounded: 120 s per attempt), its sha256 checked against the lock, the one file taken out with
# dpkg-deb -x. The packages are never installed (shim-signed's scripts run grub-install on the host).
#
# usage: fetch-shim.sh DIR
set -eu
dir=$1
lock="$(dirname "$0")/shim.lock"
mkdir -p "$dir/deb"
dir=$(cd "$dir" && pwd)
chmod 755 "$dir" "$dir/deb" # apt's download user (_apt) writes there

fetch() { # package version -> the .deb in $dir/deb
	(cd "$dir/deb" && timeout 120 apt-get -q download "$1=$2" >download.log 2>&1)
}

grep -v '^#' "$lock" | while read -r pkg version sha path name; do
	[ -n "$pkg" ] || continue
	if [ -f "$dir/$name" ] && [ "$(cat "$dir/$name.sha256" 2>/dev/null)" = "$sha" ]; then
		continue
	fi
	rm -f "$dir/deb/${pkg}_"*.deb
	if ! fetch "$pkg" "$version"; then
		# a fresh machine may have no package index yet; read it once (as root) and try again
		[ "$(id -u)" = 0 ] && apt-get -q update >"$dir/deb/update.log" 2>&1 || true
		fetch "$pkg" "$version" || {
			sed 's/^/  /' "$dir/deb/download.log" >&2
			echo "fetch-shim: cannot download $pkg $version (network down, or Debian no longer serves that" \
				"version: pin the current one in image/shim.lock)" >&2
			exit 1
		}
	fi
	deb=$(ls "$dir/deb/${pkg}_"*.deb)
	got=$(sha256sum "$deb" | cut -d' ' -f1)
	[ "$got" = "$sha" ] || { echo "fetch-shim: $deb has sha256 $got, image/shim.lock pins $sha" >&2; exit 1; }
	rm -rf "$dir/deb/x" && dpkg-deb -x "$deb" "$dir/deb/x"
	[ -f "$dir/deb/x/$path" ] || { echo "fetch-shim: $pkg $version has no $path" >&2; exit 1; }
	cp "$dir/deb/x/$path" "$dir/$name"
	echo "$sha" >"$dir/$name.sha256"
	echo "  SHIM    $dir/$name ($pkg $version)"
done
