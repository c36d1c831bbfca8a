#!/bin/sh
# README.md's command reference is generated from the command table
# (`nnwb --commands`) and must be current: this fails when a command, an
# argument, a default or an example changed without
# scripts/update-readme-commands being run. TAP output; $NNWB is the
# program under test, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"

readme="${SRCDIR:-.}/README.md"
begin='<!-- commands:begin -->'
end='<!-- commands:end -->'
want=$(mktemp)
got=$(mktemp)
trap 'rm -f "$want" "$got"' EXIT

"$NNWB" --commands >"$want"; rc=$?
check "nnwb --commands exits 0 and prints Markdown" '[ $rc -eq 0 ] && grep -q "^### data$" "$want"'
check "nnwb --help lists --commands" '"$NNWB" --help | grep -q -- "--commands"'

missing=""
for c in $("$NNWB" -e help | awk '/^  [a-z]/ { print $1 }'); do
    grep -q -x "#### $c" "$want" || missing="$missing $c"
done
check "the reference has every command of help (missing:$missing)" '[ -z "$missing" ]'

check "README has one '$begin' and one '$end' line" \
    '[ "$(grep -c -x -F "$begin" "$readme")" = 1 ] && [ "$(grep -c -x -F "$end" "$readme")" = 1 ]'
awk -v begin="$begin" -v end="$end" '$0 == end { inside = 0 } inside { print } $0 == begin { inside = 1 }' \
    "$readme" >"$got"
if cmp -s "$got" "$want"; then
    ok "README's command reference is the output of nnwb --commands"
else
    not_ok "README's command reference is the output of nnwb --commands"
    diff -u "$got" "$want" | head -40 | sed 's/^/# /'
    echo "# run scripts/update-readme-commands to regenerate it"
fi

done_testing
