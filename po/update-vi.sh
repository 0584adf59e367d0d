#!/bin/sh
# Regenerates po/vi.po from the sources and the Vietnamese fragments in po/fragments/*.po
# (each area keeps its own translations there, so parallel work never fights over vi.po).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments=Translators --package-name=giaoban \
  -f po/POTFILES.in -D . -o "$tmp/giaoban.pot"
# Fragments are plain msgid/msgstr pairs: give each the UTF-8 header msgcat wants.
for f in po/fragments/*.po; do
  cat po/vi-header.po "$f" > "$tmp/$(basename "$f")"
done
msgcat --use-first -o "$tmp/fragments.po" "$tmp"/*.po
# Fill every message of the template from the fragments; keep the header of vi.po.
msgmerge -q --no-fuzzy-matching --compendium "$tmp/fragments.po" /dev/null "$tmp/giaoban.pot" -o "$tmp/merged.po"
msgcat --use-first po/vi-header.po "$tmp/merged.po" -o po/vi.po
msgattrib --no-obsolete -o po/vi.po po/vi.po
msgfmt --statistics -o /dev/null po/vi.po
rm -rf "$tmp"
