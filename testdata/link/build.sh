#!/bin/sh
# Builds the bpfkit-link test objects: every *.c here, with clang (Debian
# clang 14) and clang-22, for bpfel and bpfeb. Run from anywhere; the
# objects are committed so `cargo test` needs no compiler.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
for src in *.c; do
	name=${src%.c}
	case $name in
	# gotox jump tables: clang 22 only
	jt*) compilers=clang-22; extra="-mcpu=v4 -mllvm -bpf-min-jump-table-entries=4" ;;
	*) compilers="clang clang-22"; extra= ;;
	esac
	for cc in $compilers; do
		tag=$( [ "$cc" = clang ] && echo clang14 || echo clang22 )
		for arch in bpfel bpfeb; do
			$cc -g -O2 -target $arch $extra $INC -c "$src" -o "$name.$tag.$arch.o"
		done
	done
done
