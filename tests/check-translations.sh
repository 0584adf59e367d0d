#!/bin/sh
# Fails when po/vi.po has an untranslated or fuzzy message, or when a source file with
# translatable strings is missing from po/POTFILES.in.
set -eu
top=$1
cd "$top"
stats=$(msgfmt --statistics -o /dev/null po/vi.po 2>&1)
echo "vi.po: $stats"
case $stats in
  *untranslated*|*fuzzy*) echo "vi.po is not fully translated" >&2; exit 1;;
esac
missing=0
for f in $(grep -lE '(_|N_|C_)\(\s*"|translatable="yes"' -r src resources data --include='*.c' --include='*.ui' --include='*.in' --include='*.xml' 2>/dev/null); do
  grep -qx "$f" po/POTFILES.in || { echo "missing from po/POTFILES.in: $f" >&2; missing=1; }
done
# Every message in the sources must be in vi.po.
tmp=$(mktemp -d)
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments=Translators -f po/POTFILES.in -D . -o "$tmp/giaoban.pot" 2>/dev/null
msgmerge -q --no-fuzzy-matching po/vi.po "$tmp/giaoban.pot" -o "$tmp/vi.po"
stats=$(msgfmt --statistics -o /dev/null "$tmp/vi.po" 2>&1)
echo "sources against vi.po: $stats"
case $stats in
  *untranslated*|*fuzzy*) echo "vi.po lacks messages from the sources (run po/update-vi.sh)" >&2; missing=1;;
esac
rm -rf "$tmp"
exit $missing
