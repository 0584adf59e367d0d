#!/bin/sh
# Checks a translation of the help: ITSTOOL XMLLINT PO PAGE...
# Fails when a message is untranslated or fuzzy, when the po is out of date with the pages
# (a message of the pages is missing from it), or when a merged page is not well-formed.
set -eu
itstool=$1; xmllint=$2; po=$3; shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stats=$(LC_ALL=C msgfmt --check --statistics -o "$tmp/help.mo" "$po" 2>&1)
echo "$stats"
case $stats in
  *untranslated*|*fuzzy*) echo "$po: not every message is translated" >&2; exit 1 ;;
esac

"$itstool" -o "$tmp/help.pot" "$@"
if ! msgcmp "$po" "$tmp/help.pot"; then
  echo "$po: the pages have messages it lacks; run ninja -C build help-giaoban-update-po" >&2
  exit 1
fi

mkdir "$tmp/vi"
"$itstool" -m "$tmp/help.mo" -o "$tmp/vi" "$@"
for page in "$tmp"/vi/*.page; do
  "$xmllint" --noout "$page"
done
grep -q 'Trợ giúp Giao Ban' "$tmp/vi/index.page" || { echo "index.page was not translated" >&2; exit 1; }
echo "$(ls "$tmp"/vi/*.page | wc -l) pages merged"
