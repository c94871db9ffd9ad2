#!/bin/sh
# Rebuilds the ELF fixtures in this directory. Run from this directory.
set -e
clang -g -O2 -target bpfel -c core.bpf.c -o core.el.o
clang -g -O2 -target bpfeb -c core.bpf.c -o core.eb.o
# The same object with its .BTF section zlib-compressed (SHF_COMPRESSED).
llvm-objcopy-22 --compress-sections .BTF=zlib core.el.o core.el.zbtf.o
