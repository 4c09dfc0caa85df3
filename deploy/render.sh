#!/usr/bin/env bash
# Fill in a deploy/ template's placeholders (NAME between at signs) from NAME=value
# arguments; fails if any is left over.
#
#   deploy/render.sh deploy/nginx/adilkent.conf SERVER_NAME=adilkent.izmir.bel.tr ... > out
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true  # a value's "&" stays an "&"
template="$1"
shift
text="$(cat "$template")"
for pair in "$@"; do
    name="${pair%%=*}"
    value="${pair#*=}"
    text="${text//@${name}@/${value}}"
done
if grep -o '@[A-Z_]*@' <<<"$text" | sort -u | grep -q .; then
    echo "render.sh: no value for: $(grep -o '@[A-Z_]*@' <<<"$text" | sort -u | tr '\n' ' ')" >&2
    exit 1
fi
printf '%s\n' "$text"
