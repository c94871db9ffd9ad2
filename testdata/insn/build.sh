#!/bin/sh
# Rebuilds the committed BPF test objects of bpfkit-insn from their C sources.
# Needs clang-22 (Debian llvm-22 toolchain) and clang 14 (Debian's `clang`).
# Golden disassembly is regenerated separately, from llvm-objdump-22, by
#   BPFKIT_BLESS=1 cargo test -p bpfkit-insn --test objdump
set -eu
cd "$(dirname "$0")"
rm -f ./*.o

# common.c: every CPU version with clang 22, both byte orders with clang 14.
for cpu in v1 v2 v3 v4; do
	clang-22 -O2 -g -target bpfel -mcpu=$cpu -c common.c -o common.$cpu.el.o
done
clang -O2 -g -target bpfel -c common.c -o common.clang14.el.o
clang -O2 -g -target bpfeb -c common.c -o common.clang14.eb.o

# v3.c: jmp32 and fetching atomics.
clang-22 -O2 -g -target bpfel -mcpu=v3 -c v3.c -o v3.v3.el.o
clang-22 -O2 -g -target bpfel -mcpu=v4 -c v3.c -o v3.v4.el.o
clang -O2 -g -target bpfel -mcpu=v3 -c v3.c -o v3.clang14.el.o
clang -O2 -g -target bpfeb -mcpu=v3 -c v3.c -o v3.clang14.eb.o

# v4.c and asm_all.c: ISA v4 only (clang 22), both byte orders.
for src in v4 asm_all; do
	clang-22 -O2 -g -target bpfel -mcpu=v4 -c $src.c -o $src.v4.el.o
	clang-22 -O2 -g -target bpfeb -mcpu=v4 -c $src.c -o $src.v4.eb.o
done

# gotol.c: a 32k-instruction function (no -g, to keep the object small).
clang-22 -O2 -target bpfel -mcpu=v4 -c gotol.c -o gotol.v4.el.o
