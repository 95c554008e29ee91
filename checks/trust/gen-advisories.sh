#!/bin/sh
# Embeds checks/trust/firmware_advisories.tsv in the program as a byte array
# (build/gen/firmware_advisories_data.c); checks/trust/firmware_advisories.c parses it
# at run time with the same parser that reads a site's extra advisory file.
# usage: gen-advisories.sh TSV OUT.c
set -eu
{
	echo "/* Generated from $1 by checks/trust/gen-advisories.sh: do not edit. */"
	echo "#include <stddef.h>"
	echo "const unsigned char firmware_advisories_tsv[] = {"
	od -An -v -tx1 "$1" | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'
	echo "};"
	echo "const size_t firmware_advisories_tsv_len = sizeof(firmware_advisories_tsv);"
} >"$2.tmp"
mv "$2.tmp" "$2"
