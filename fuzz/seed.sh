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
# A few worker answers (src/read/answer.rs encoding) for the decoder's corpus.
mkdir -p corpus/fuzz_answer
python3 - <<'PY'
import struct
def s(t): b = t.encode(); return struct.pack('<I', len(b)) + b
def book(names, sheets):
    out = b'\0' + struct.pack('<I', len(names)) + b''.join(s(k) + s(v) for k, v in names)
    out += struct.pack('<I', len(sheets))
    for name, hidden, cells in sheets:
        out += s(name) + bytes([hidden]) + struct.pack('<I', len(cells))
        for r, c, tag, num, text in cells:
            out += struct.pack('<IIB', r, c, tag)
            if tag in (1, 2, 3, 4): out += struct.pack('<d', num)
            if tag not in (1, 2, 3): out += s(text)
    return out
seeds = {
    'book': book([('municipality_code', 'Ohjeet!$B$5')], [('Ohjeet', 0, [(4, 1, 0, 0, '091'), (7, 1, 4, 46096.0, '2026-03-15')]), ('digiaste', 1, [(0, 0, 1, 2.5, ''), (1, 2, 2, 0.45, ''), (2, 3, 3, 1.0, ''), (3, 4, 5, 0, '#DIV/0!'), (4, 5, 6, 0, '2026-03-21')])]),
    'reason': b'\3' + s('reason_damaged') + struct.pack('<I', 1) + s('detail') + s('zip'),
    'encrypted': b'\1',
    'unsupported': b'\2' + s('.csv'),
}
for name, data in seeds.items():
    open(f'corpus/fuzz_answer/seed-{name}', 'wb').write(data)
PY
