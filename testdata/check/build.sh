#!/bin/sh
# Builds the `bpfkit core check` test objects: every <case>.c here, one
# program each, with clang-22 and Debian clang 14, little-endian only
# (the cases are about what the running kernel loads):
#
#   <case>.c -> <case>.clang22.bpfel.o  (clang-22)
#               <case>.clang14.bpfel.o  (clang 14; not guard_type_matches.c:
#                                        clang 14 has no BPF_TYPE_MATCHES)
#
# The objects are committed, so `cargo test` needs no compiler.
set -eu
cd "$(dirname "$0")"
for src in *.c; do
	name=${src%.c}
	clang-22 -g -O2 -target bpfel -c "$src" -o "$name.clang22.bpfel.o"
	[ "$name" = guard_type_matches ] || clang -g -O2 -target bpfel -c "$src" -o "$name.clang14.bpfel.o"
done
