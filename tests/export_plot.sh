#!/bin/sh
# `export plot PANE FILE` through the real binary, from batch mode: the
# loss chart (with its best-epoch and lr-change marks), the gradient
# norms and the chart of `plot` as valid PNG, SVG and PDF files of the
# size asked for, with the Loss pane's overlays (`compare`); the
# refusals name the command and the argument and leave no file.  TAP output; $NNWB is the program, $SRCDIR the source tree.
. "${SRCDIR:-.}/tests/harness.sh"
scratch export_plot
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
TRAIN="generate xor rows=200 seed=5; target y; add dense 8 tanh; add dense 1 sigmoid; set epochs=30 lr=0.05;
step 10 epochs; set lr=0.01; resume; wait"

# bytes 16-23 of a PNG: width and height, big-endian
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }
png_signature() { od -An -tx1 -N8 "$1" | tr -d ' \n'; }

run_nnwb -e "$TRAIN; export plot loss $T/loss.png; export plot loss $T/loss.svg width=640 height=400;
export plot loss $T/loss.pdf width=300 height=200; export plot grads $T/grads.png width=500 height=300;
load $SRCDIR/samples/stocks.csv; plot price; export plot plot $T/plot.svg"
check "batch mode writes each chart and says so" \
    '[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c "^wrote the .* chart to")" -eq 5 ]'
check "the PNG has PNG's signature and the default size, 800 x 500" \
    '[ "$(png_signature "$T/loss.png")" = 89504e470d0a1a0a ] && [ "$(png_size "$T/loss.png")" = 800x500 ]'
check "width= and height= size the PNG" '[ "$(png_size "$T/grads.png")" = 500x300 ]'

# the SVG parses as XML; its paths: the two epoch lines with a segment
# per epoch, and the two dashed marker lines (best epoch, lr change)
svg_facts() {
    "$PY" - "$1" <<"PY"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
paths = [p for p in root.iter() if p.tag.endswith("path")]
stroked = [p for p in paths if "fill:none" in p.get("style", "")]
lines = sum(1 for p in stroked if p.get("d", "").count(" L ") >= 29)
dashed = sum(1 for p in stroked if "stroke-dasharray" in p.get("style", ""))
print(root.get("width"), root.get("height"), lines, dashed)
PY
}
check "the SVG parses as XML, 640 x 400, with both loss lines and both marks as paths" \
    '[ "$(svg_facts "$T/loss.svg")" = "640pt 400pt 2 2" ]'
# the Loss pane's overlays: a second fresh run on the same data and loss
# draws the first behind it (one line more), `compare off` takes it away
run_nnwb -e "$TRAIN; model reset; train; export plot loss $T/two.svg; compare off; export plot loss $T/one.svg"
check "export plot loss overlays an earlier run that compares, as the Loss pane does, and compare off removes it" \
    '[ $rc -eq 0 ] && [ $(svg_facts "$T/two.svg" | cut -d" " -f3) -eq $(($(svg_facts "$T/one.svg" | cut -d" " -f3) + 1)) ]'
check "the SVG of plot COLUMN parses, with its series as one path of a segment per month" \
    '[ "$(svg_facts "$T/plot.svg")" = "800pt 500pt 1 0" ]'

if command -v pdfinfo >/dev/null 2>&1; then
    info=$(pdfinfo "$T/loss.pdf" 2>&1)
    check "the PDF opens with pdfinfo: one page of 300 x 200 points" \
        'echo "$info" | grep -q "^Pages: *1$" && echo "$info" | grep -q "^Page size: *300 x 200 pts"'
else
    skip "the PDF opens with pdfinfo" "pdfinfo (poppler-utils) not installed"
fi

# ---- refusals: named, and no file left ----
run_nnwb -e "export plot loss $T/none.png"
check "no run yet: the loss chart is refused, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot: no loss to draw yet" && [ ! -e "$T/none.png" ]'
run_nnwb -e "export plot plot $T/none.png"
check "no plot yet: refused" '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot: no chart yet"'
run_nnwb -e "$TRAIN; export plot loss $T/loss.gif"
check "a file that is not .png, .svg or .pdf is refused by name" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot: .*loss.gif. must end in .png, .svg or .pdf" && [ ! -e "$T/loss.gif" ]'
run_nnwb -e "export plot los $T/x.png"
check "an unknown chart is refused with a suggestion" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "no chart .los. to export; did you mean .loss."'
run_nnwb -e "export plot loss"
check "export plot without a file asks for one" '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot: which file?"'
run_nnwb -e "$TRAIN; export history $T/h.csv $T/other.csv"
check "a second file is refused for the CSV exports" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export history: one file only" && [ ! -e "$T/h.csv" ]'
run_nnwb -e "$TRAIN; export plot loss $T/small.png width=8"
check "a width below 16 is refused as the argument's range" \
    '[ $rc -ne 0 ] && echo "$err" | grep -qi "width" && [ ! -e "$T/small.png" ]'
done_testing
