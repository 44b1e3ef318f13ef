#!/bin/sh
# Regenerates assets/fonts/NotoSansCJKsc-Subset.otf, the CJK font the charts draw Chinese text
# with: Noto Sans CJK SC Regular (SIL Open Font License 1.1, see LICENSE-NotoSansCJK) cut down to
#   - every character of GB2312 (the 6,763 hanzi and its symbols),
#   - CJK symbols and punctuation (U+3000–303F), full-width forms (U+FF00–FFEF),
#   - ASCII, Latin-1 and the punctuation warroom writes (· – — … → ×), so that a string drawn
#     in this font has all its glyphs,
#   - every character of the zh-CN catalogs and templates (templates/i18n/zh-CN, templates/zh-CN).
# Hinting and OpenType layout tables are dropped: the charts rasterise with ab_glyph, which uses
# neither.
#
# Needs: fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk) and fonttools
# (pip install fonttools). Run from anywhere: sh assets/fonts/subset-cjk.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
source=${NOTO_CJK:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
# In the Noto Sans CJK collection: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK.
sc=2
out="$here/NotoSansCJKsc-Subset.otf"
text=$(mktemp)
trap 'rm -f "$text"' EXIT

python3 - "$repo" "$text" <<'EOF'
import pathlib
import sys

repo, out = pathlib.Path(sys.argv[1]), sys.argv[2]
chars = set()
# GB2312 as EUC-CN: rows 0xA1-0xF7, cells 0xA1-0xFE.
for row in range(0xA1, 0xF8):
    for cell in range(0xA1, 0xFF):
        try:
            chars.update(bytes([row, cell]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203A), (0x2190, 0x2193),
          (0x3000, 0x303F), (0xFF00, 0xFFEF)]
for lo, hi in ranges:
    chars.update(map(chr, range(lo, hi + 1)))
for folder in ["templates/i18n/zh-CN", "templates/zh-CN"]:
    for f in sorted((repo / folder).iterdir()):
        chars.update(f.read_text(encoding="utf-8"))
chars = sorted(c for c in chars if c.isprintable() or c == "\u3000")
pathlib.Path(out).write_text("".join(chars), encoding="utf-8")
EOF

pyftsubset "$source" --font-number="$sc" --text-file="$text" --output-file="$out" \
    --no-hinting --layout-features='' --drop-tables+=GSUB,GPOS,GDEF,BASE,VORG,vhea,vmtx \
    --name-IDs='0,1,2,3,4,5,6,13,14' --no-glyph-names --notdef-outline
echo "$out: $(wc -c < "$out") bytes"
