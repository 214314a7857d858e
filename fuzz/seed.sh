#!/usr/bin/env bash
# Seeds the fuzz corpus with every fixture small enough to mutate quickly: the first byte
# of an input picks the extension the target names the file with (see
# fuzz_targets/import.rs), so each seed is that byte followed by the fixture.
set -euo pipefail
cd "$(dirname "$0")"
corpus=corpus/import
mkdir -p "$corpus"
find ../fixtures -type f \( -name '*.xlsx' -o -name '*.xls' -o -name '*.xlsb' -o -name '*.ods' -o -name '*.csv' -o -name '*.txt' \) -size -256k |
while read -r f; do
  case "${f##*.}" in
    xlsx) b='\x00' ;; xls) b='\x01' ;; xlsb) b='\x02' ;; ods) b='\x03' ;; csv) b='\x04' ;; *) b='\x05' ;;
  esac
  out="$corpus/seed_$(echo "$f" | tr '/.' '__')"
  { printf "$b"; cat "$f"; } > "$out"
done
echo "fuzz: $(ls "$corpus" | wc -l) inputs in fuzz/$corpus"
