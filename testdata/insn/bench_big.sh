#!/bin/sh
# Speed check for `bpfkit disasm` against `llvm-objdump-22 -d`: generates a
# large BPF object (4000 functions, ~200k instructions) in a temporary
# directory and times both tools with hyperfine.
#   usage: testdata/insn/bench_big.sh [path/to/bpfkit]
set -eu
BPFKIT=${1:-target/release/bpfkit}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
{
	echo 'typedef unsigned long long u64; typedef int s32;'
	echo 'static long (*helper)(u64, u64) = (void *)1;'
	i=0
	while [ $i -lt 4000 ]; do
		cat <<EOC
__attribute__((section("prog$((i % 40))"), used)) u64 f$i(u64 *p, u64 n, s32 m)
{
	u64 a = p[0] + $i, b = p[n & 7];
	for (int k = 0; k < (m & 15); k++) {
		if (a > b) a -= b ^ (u64)k; else b += a << (k & 3);
		if ((s32)a < m) a = a * $((i + 3)) + (b >> 2);
		__sync_fetch_and_add(&p[k & 3], a);
	}
	p[1] = (unsigned char)a; p[2] = (unsigned short)b; p[3] = (unsigned int)(a ^ b);
	return a + b + helper(a, b) + (m ? a / (u64)m : 0);
}
EOC
		i=$((i + 1))
	done
} > "$DIR/big.c"
clang-22 -O2 -target bpfel -mcpu=v3 -c "$DIR/big.c" -o "$DIR/big.o"
ls -l "$DIR/big.o"
llvm-objdump-22 -d "$DIR/big.o" | grep -c '^ *[0-9]*:' | sed 's/^/instructions: /'
"$BPFKIT" disasm --raw "$DIR/big.o" > "$DIR/mine.txt"
llvm-objdump-22 -d "$DIR/big.o" > "$DIR/llvm.txt"
cmp "$DIR/mine.txt" "$DIR/llvm.txt" && echo "outputs identical"
hyperfine -N --warmup 3 --runs 30 --export-json "$DIR/times.json" \
	"$BPFKIT disasm --raw $DIR/big.o" \
	"llvm-objdump-22 -d $DIR/big.o" \
	"$BPFKIT disasm $DIR/big.o" \
	"llvm-objdump-22 -d --no-show-raw-insn $DIR/big.o"
# Medians and the ratio the goal is stated in (bpfkit / llvm-objdump).
python3 - "$DIR/times.json" <<'EOP'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
med = [statistics.median(x["times"]) * 1000 for x in r]
for x, m in zip(r, med):
    print(f"median {m:8.1f} ms  {x['command']}")
print(f"ratio with raw bytes:    {med[0] / med[1]:.3f}")
print(f"ratio without raw bytes: {med[2] / med[3]:.3f}")
EOP
