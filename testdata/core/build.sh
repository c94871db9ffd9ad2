#!/bin/sh
# Builds the bpfkit-relo CO-RE test objects and target BTFs. The outputs
# are committed, so `cargo test` needs no compiler; run this after editing
# a .c file here.
#
#   <case>.c           -> <case>.clang22.bpfel.o, <case>.clang22.bpfeb.o  (clang-22)
#                         <case>.clang14.bpfel.o, <case>.clang14.bpfeb.o  (Debian clang 14;
#                         not bitfields.c: clang 14 aborts on its wide bitfields with
#                         "requiring too big alignment")
#   <case>.target*.c   -> <case>.target*.btf  (the .BTF section of a bpfel
#                         object declaring the target types, raw)
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
for src in *.c; do
	name=${src%.c}
	case "$name" in
	*.target*)
		clang-22 -g -O2 -target bpfel -c "$src" -o "/tmp/$name.o"
		llvm-objcopy --dump-section ".BTF=$name.btf" "/tmp/$name.o" /dev/null
		rm -f "/tmp/$name.o"
		;;
	*)
		for arch in bpfel bpfeb; do
			clang-22 -g -O2 -target $arch $INC -c "$src" -o "$name.clang22.$arch.o"
			[ "$name" = bitfields ] || clang -g -O2 -target $arch $INC -c "$src" -o "$name.clang14.$arch.o"
		done
		;;
	esac
done

# The benchmark object (benches/benches/relo.rs), clang-22 bpfel only.
clang-22 -g -O2 -target bpfel $INC -c bench/bench100.c -o bench/bench100.bpfel.o
