#!/bin/sh
# Fetch one pinned Debian source package into BUILD/src/NAME, check the sha256
# of its orig tarball against third_party/sources.lock, unpack it and apply
# the project's own patches from third_party/patches/NAME/*.patch.
#
# A private apt configuration under BUILD/apt is used, so the system's apt
# sources and lists are never touched (docs/build.md).
#
# usage: fetch-source.sh NAME BUILD
set -eu
name=$1
build=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
lock="${SOURCES_LOCK:-$here/sources.lock}" # tests point this at a lock of their own
aptdir="$build/apt"
dest="$build/src/$name"

candidates=$(awk -v n="$name" '$1 == n { print $2 " " $3 " " $4 }' "$lock")
[ -n "$candidates" ] || { echo "fetch-source: $name is not pinned in $lock" >&2; exit 1; }
[ -f "$dest/.unpacked" ] && exit 0

mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$aptdir/dl/$name"
cat > "$aptdir/sources.list" <<LIST
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian trixie main
deb-src http://deb.debian.org/debian trixie-updates main
deb-src http://deb.debian.org/debian-security trixie-security main
LIST
apt_opts="-o Dir::Etc::SourceList=$aptdir/sources.list -o Dir::Etc::SourceParts=/nonexistent
 -o Dir::State::Lists=$aptdir/lists -o Dir::Cache=$aptdir/cache -o APT::Sandbox::User=root"

# The index is shared by all packages; refresh it at most once per build dir. `make -j` fetches several packages
# at once: one refreshes the index while the others wait for it (apt-get holds a lock they would fail on).
exec 9>"$aptdir/index.lock"
flock -w 600 9 || { echo "fetch-source: another fetch held the source index for 10 minutes; giving up" >&2; exit 1; }
if [ ! -f "$aptdir/updated" ]; then
	echo "fetch-source: reading Debian's source index into $aptdir"
	apt-get -q $apt_opts update >"$aptdir/update.log" 2>&1 || {
		cat "$aptdir/update.log" >&2
		echo "fetch-source: cannot read Debian's source index (network or mirror down?)" >&2
		exit 1
	}
	touch "$aptdir/updated"
fi
flock -u 9

download() { # version -> 0 when the .dsc and its files were fetched
	cd "$aptdir/dl/$name"
	for attempt in 1 2 3; do
		apt-get -q $apt_opts source --download-only "$name=$1" >download.log 2>&1 && return 0
		sleep "$attempt"
	done
	return 1
}

tried=""
echo "$candidates" | while read -r version orig sha; do
	if ! download "$version"; then
		echo "fetch-source: Debian source package $name $version is not served by the mirror" >&2
		sed -n 's/^E: /  /p' "$aptdir/dl/$name/download.log" >&2
		continue
	fi
	got=$(sha256sum "$aptdir/dl/$name/$orig" | cut -d' ' -f1)
	if [ "$got" != "$sha" ]; then
		echo "fetch-source: $orig has sha256 $got but sources.lock pins $sha; refusing it" >&2
		exit 1
	fi
	rm -rf "$dest" && mkdir -p "$build/src"
	dpkg-source -q --no-check -x "$aptdir/dl/$name/${name}_$version.dsc" "$dest" >/dev/null
	for p in "$here/patches/$name"/*.patch; do
		[ -f "$p" ] || continue
		patch -s -d "$dest" -p1 <"$p" || { echo "fetch-source: patch $p does not apply to $name $version" >&2; exit 1; }
	done
	echo "$version" >"$dest/.unpacked"
	echo "fetch-source: $name $version ready in $dest"
	exit 0
done
[ -f "$dest/.unpacked" ] || {
	echo "fetch-source: no pinned version of $name could be fetched ($(echo "$candidates" | cut -d' ' -f1 | tr '\n' ' '))" >&2
	echo "fetch-source: the mirror no longer serves them; pin a served version in $lock" >&2
	exit 1
}
