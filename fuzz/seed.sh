#!/usr/bin/env bash
# Seeds the fuzz corpora with the project's fixtures (the first byte of a return seed
# picks the extension, as in fuzz_return.rs).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/fuzz_return corpus/fuzz_catalog
i=0
for f in ../fixtures/returns-known/* ../fixtures/findings/*.xlsx ../fixtures/hostile/* ../fixtures/returns/* ../fixtures/returns-broken/* ../fixtures/returns-gnumeric/* ../fixtures/fuzz/*; do
  case "$f" in
    *.xlsx) pick='\x00' ;; *.ods) pick='\x01' ;; *.xls) pick='\x02' ;; *) continue ;;
  esac
  [ "$(stat -c %s "$f")" -lt 1000000 ] || continue
  { printf "$pick"; cat "$f"; } > "corpus/fuzz_return/seed-$i"
  i=$((i+1))
done
cp ../templates/*.toml corpus/fuzz_catalog/
echo "seeded $i returns and $(ls corpus/fuzz_catalog | wc -l) catalogs"
