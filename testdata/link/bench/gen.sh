#!/bin/sh
# Generates and compiles the N-unit program of the link benchmark
# (docs/link.md) into DIR: unit0.o .. unit$((N-1)).o, each unit's extern
# resolved by the next one. Not committed: run `gen.sh DIR [N]` (N=48).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1; n=${2:-48}
mkdir -p "$dir"
INC="-I/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
i=0
while [ $i -lt $n ]; do
	next=$(( (i + 1) % n ))
	sed "s/UNIT/$i/g; s/NEXT/$next/g" "$here/unit.c.in" > "$dir/unit$i.c"
	clang -g -O2 -target bpfel $INC -I"$here/.." -c "$dir/unit$i.c" -o "$dir/unit$i.o"
	i=$((i + 1))
done
