#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60), one after the
# other, seeding each corpus from testdata first. SECONDS=0 only replays the
# seed corpus (deterministic; what CI does). Crashes land in
# fuzz/cargo-fuzz/artifacts/<target>/; the script goes on with the other
# targets and exits non-zero if any target failed.
#
#   fuzz/run-all.sh 20        # every target, 20 s each
#   fuzz/run-all.sh 0         # build and replay the seeds only
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); stable Rust is enough with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes `-Z` sanitizer flags).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
dir=fuzz/cargo-fuzz
export RUSTC_BOOTSTRAP=1

# Seeds per target: the committed testdata files each parser reads.
seeds() {
    case $1 in
        btf_parse) ls testdata/btf/obj/*.o testdata/header/cases/*.o testdata/core/*.btf ;;
        btf_ext) ;; # raw .BTF.ext sections, extracted below
        btf_dedup) ls testdata/core/*.btf ;;
        header) ls testdata/header/cases/*.o testdata/core/*.btf ;;
        insn) ls testdata/insn/*.o ;;
        link) ls testdata/link/*.o ;;
        obj) ls testdata/obj/*.o ;;
        relo) ls testdata/core/*.o ;;
        reach) ;; # instruction streams, extracted below
        validate) ls testdata/core/*.btf ;;
        *) echo "no seeds listed for target $1" >&2; return 1 ;;
    esac
}

cargo fuzz build --fuzz-dir "$dir" || exit 1
failed=()
for t in $(cargo fuzz list --fuzz-dir "$dir"); do
    corpus="$dir/corpus/$t"
    mkdir -p "$corpus"
    seeds "$t" | while read -r f; do cp "$f" "$corpus/"; done
    if [ "$t" = btf_ext ]; then
        # Bare .BTF.ext sections, and [u32 LE n][.BTF][.BTF.ext] so the
        # records are checked against their BTF.
        for f in testdata/btf/obj/*.o testdata/core/*.o; do
            b=$(basename "$f")
            llvm-objcopy --dump-section=.BTF.ext="$corpus/$b.ext" --dump-section=.BTF="$corpus/.btf" "$f" "$corpus/.tmp.o" 2>/dev/null || continue
            n=$(stat -c %s "$corpus/.btf")
            printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((n & 255)) $((n >> 8 & 255)) $((n >> 16 & 255)) $((n >> 24 & 255)))" > "$corpus/$b.both"
            cat "$corpus/.btf" "$corpus/$b.ext" >> "$corpus/$b.both"
        done
        rm -f "$corpus/.tmp.o" "$corpus/.btf"
    fi
    if [ "$t" = insn ]; then
        # Raw instruction streams too, not only ELF files.
        for f in testdata/insn/*.o; do
            llvm-objcopy -O binary --only-section=.text "$f" "$corpus/$(basename "$f").text" 2>/dev/null || true
        done
    fi
    if [ "$t" = reach ]; then
        # One byte of control, then a program's instructions.
        for f in testdata/check/*.clang22.bpfel.o; do
            b=$(basename "$f")
            llvm-objcopy -O binary --wildcard --only-section='tp_btf*' --only-section='.text' "$f" "$corpus/.code" 2>/dev/null || continue
            { printf '\007'; cat "$corpus/.code"; } > "$corpus/$b.code"
        done
        rm -f "$corpus/.code"
    fi
    if [ "$secs" -eq 0 ]; then
        args=(-runs=0)
    else
        # No -O (it turns off debug assertions and overflow checks); large
        # allocations are findings.
        args=(-max_total_time="$secs" -malloc_limit_mb=128 -rss_limit_mb=2048 -print_final_stats=1)
    fi
    echo "== $t (${secs}s)"
    if ! cargo fuzz run --fuzz-dir "$dir" "$t" "$corpus" -- "${args[@]}"; then
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzz targets that failed: ${failed[*]} (reproducers in $dir/artifacts/)" >&2
    exit 1
fi
echo "all fuzz targets ran clean"
