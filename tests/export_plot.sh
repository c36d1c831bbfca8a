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

# ---- plot COL by=KEY and KEY=VALUE: a line per key, or one key ----
# stroked paths of at least $2 segments in SVG $1 (a series' line)
svg_lines() { "$PY" - "$1" "$2" <<"PY"
import sys, xml.etree.ElementTree as ET
paths = [p for p in ET.parse(sys.argv[1]).getroot().iter() if p.tag.endswith("path")]
print(sum(1 for p in paths if "fill:none" in p.get("style", "") and p.get("d", "").count(" L ") >= int(sys.argv[2])))
PY
}
pdf_text() { pdftotext -layout "$1" - 2>/dev/null | tr -s ' '; }
run_nnwb -e "load $SRCDIR/samples/stocks.csv; plot price by=symbol; export plot plot $T/by.svg; export plot plot $T/by.pdf;
plot price symbol=AAPL; export plot plot $T/aapl.svg; export plot plot $T/aapl.pdf"
check "plot price by=symbol lists a line per symbol and the data's first and last date" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^plot price by symbol: 5 lines, 2000-01-01 ... 2010-03-01" &&
     [ "$(echo "$out" | grep -cE "^  (AAPL|AMZN|IBM|MSFT|GOOG) +60 points")" -eq 5 ]'
check "its SVG holds the five symbols' lines as five paths" '[ "$(svg_lines "$T/by.svg" 50)" -eq 5 ]'
check "plot price symbol=AAPL draws AAPL alone, its dates from its own first to last row" \
    'echo "$out" | grep -q "^plot price, symbol = AAPL: line, 60 points, 2000-01-01 ... 2010-03-01" &&
     [ "$(svg_lines "$T/aapl.svg" 50)" -eq 1 ]'
if command -v pdftotext >/dev/null 2>&1; then
    check "the legend names each symbol and the x axis the real date span" \
        'pdf_text "$T/by.pdf" | head -1 | grep -q "^price by symbol .*AAPL .*AMZN .*IBM .*MSFT .*GOOG" &&
         pdf_text "$T/by.pdf" | grep -q "year, 2000-01-01 to 2010-03-01"'
    check "the one key's chart is titled by it" 'pdf_text "$T/aapl.pdf" | head -1 | grep -q "^price, symbol = AAPL"'
else
    skip "the legend names each symbol" "pdftotext (poppler-utils) not installed"
    skip "the one key's chart is titled by it" "pdftotext (poppler-utils) not installed"
fi
# nine keys, k0 with the most rows: six lines, the three with fewest named
"$PY" -c "
print('sym,day,v')
for k in range(9):
    for d in range(1, 29 - k):
        print('k%d,2021-02-%02d,%d' % (k, d, 10 * k + d))" >"$T/keys.csv"
run_nnwb -e "load $T/keys.csv; plot v by=sym; export plot plot $T/keys.svg; export plot plot $T/keys.pdf"
check "by= draws the six keys with most rows and names the ones left out" \
    '[ $rc -eq 0 ] && echo "$out" | grep -q "^plot v by sym: 6 lines, 2021-02-01 ... 2021-02-28" &&
     echo "$out" | grep -q "left out (fewer rows): k6, k7, k8" && [ "$(svg_lines "$T/keys.svg" 15)" -eq 6 ]'
if command -v pdftotext >/dev/null 2>&1; then
    check "the picture says which keys it left out" 'pdf_text "$T/keys.pdf" | grep -q "left out (fewer rows): k6, k7, k8"'
else
    skip "the picture says which keys it left out" "pdftotext (poppler-utils) not installed"
fi
run_nnwb -e "load $SRCDIR/samples/stocks.csv; plot price symbol=APPL"
check "a key's unknown value is refused with a suggestion" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "plot: symbol=APPL: .symbol. has no such value (did you mean AAPL?)"'
run_nnwb -e "load $SRCDIR/samples/stocks.csv; plot price simbol=AAPL"
check "an unknown key column is refused with a suggestion" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "plot: no column .simbol. to pick rows by (did you mean symbol?)"'

# ---- the x axis is named on ROC and precision-recall pictures ----
run_nnwb -e "generate circles rows=300 seed=3; target y; add dense 8 tanh; add dense 1 sigmoid; set epochs=10; train;
evaluate; plot roc; export plot plot $T/roc.pdf; plot pr; export plot plot $T/pr.pdf width=400 height=300"
if command -v pdftotext >/dev/null 2>&1; then
    check "the ROC picture names its x axis: false positive rate" \
        '[ $rc -eq 0 ] && pdf_text "$T/roc.pdf" | grep -q "false positive rate"'
    check "the precision-recall picture names its x axis: recall" 'pdf_text "$T/pr.pdf" | grep -qx " *recall *"'
else
    skip "the ROC picture names its x axis" "pdftotext (poppler-utils) not installed"
    skip "the precision-recall picture names its x axis" "pdftotext (poppler-utils) not installed"
fi

# ---- export plot boundary: the field under the training points ----
run_nnwb -e "generate circles rows=300 seed=3; target y; add dense 8 tanh; add dense 1 sigmoid; set epochs=40 lr=0.05;
train; export plot boundary $T/b.png width=400 height=300; export plot boundary $T/b.svg; export plot boundary $T/b.pdf"
train_rows=$(echo "$out" | sed -n "s/^training on \([0-9]*\) rows.*/\1/p")
check "export plot boundary writes PNG, SVG and PDF" \
    '[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c "^wrote the boundary chart to")" -eq 3 ] &&
     [ "$(png_signature "$T/b.png")" = 89504e470d0a1a0a ] && [ "$(png_size "$T/b.png")" = 400x300 ]'
# the SVG: the field as one image, and a filled path of discs per class in
# the print palette's class colours (class 0 orange c25a00, class 1 blue
# 1f5fa8), one disc (sub-path) per training row
boundary_facts() {
    "$PY" - "$1" <<"PY"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
images = sum(1 for e in root.iter() if e.tag.endswith("image"))
orange, blue = "fill:rgb(76.078431%,35.294118%,0%)", "fill:rgb(12.156863%,37.254902%,65.882353%)"
def discs(fill):
    return sum(p.get("d", "").count("M") for p in root.iter()
               if p.tag.endswith("path") and fill in p.get("style", "") and p.get("d", "").count("M") > 3)
print(images, discs(orange) > 0, discs(blue) > 0, discs(orange) + discs(blue))
PY
}
check "the SVG holds the field as an image and both classes' points in their colours, one per training row" \
    '[ -n "$train_rows" ] && [ "$(boundary_facts "$T/b.svg")" = "1 True True $train_rows" ]'
if command -v pdfinfo >/dev/null 2>&1; then
    check "the boundary PDF opens with pdfinfo" 'pdfinfo "$T/b.pdf" | grep -q "^Pages: *1$"'
else
    skip "the boundary PDF opens with pdfinfo" "pdfinfo (poppler-utils) not installed"
fi
if command -v pdftotext >/dev/null 2>&1; then
    check "its title names the features and its legend the classes" \
        'pdf_text "$T/b.pdf" | head -1 | grep -q "^Decision boundary: x2 against x1 .*0 .*1"'
else
    skip "its title names the features and its legend the classes" "pdftotext (poppler-utils) not installed"
fi
run_nnwb -e "generate linear rows=50 features=3; target y; add dense 1; train epochs=1; export plot boundary $T/three.png"
check "a model of three inputs has no boundary to draw: refused, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot boundary: the decision boundary needs two input features; this data has 3" &&
     [ ! -e "$T/three.png" ]'

run_nnwb -e "$TRAIN; export plot loss $T/raw.svg; view smoothing=0.9; export plot loss $T/smoothed.svg"
check "the loss picture follows the view's smoothing: smoothed lines over the raw ones, dim" \
    '[ $rc -eq 0 ] && [ $(svg_facts "$T/smoothed.svg" | cut -d" " -f3) -eq $(($(svg_facts "$T/raw.svg" | cut -d" " -f3) + 2)) ]'

# ---- the sweep's chart: each trial's figure against its setting ----
run_nnwb -e "generate xor rows=200 seed=1; target y; add dense 8 tanh; add dense 1 sigmoid; export plot sweep $T/sw0.svg"
check "no sweep yet: the sweep chart is refused, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot: no sweep yet" && [ ! -e "$T/sw0.svg" ]'
run_nnwb -e "generate xor rows=200 seed=1; target y; add dense 8 tanh; add dense 1 sigmoid;
sweep lr=0.001,0.01,0.1,0.3 epochs=5; export plot sweep $T/sw.svg; export plot sweep $T/sw.pdf"
# the marks as Cairo fills them: the trials' discs, one sub-path each, in
# the validation colour (the print palette's c25a00), the best one over
# them in 2e8b3a
sweep_marks() {
    "$PY" - "$1" <<"PY"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def subpaths(fill):
    return sum(p.get("d", "").count("M") for p in root.iter()
               if p.tag.endswith("path") and fill in p.get("style", ""))
print(subpaths("fill:rgb(76.078431%,35.294118%,0%)"), subpaths("fill:rgb(18.039216%,54.509804%,22.745098%)") > 0)
PY
}
check "export plot sweep draws a mark per trial and the best one apart" \
    '[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c "^wrote the sweep chart to")" -eq 2 ] && [ "$(sweep_marks "$T/sw.svg")" = "4 True" ]'
if command -v pdftotext >/dev/null 2>&1; then
    check "its title says the figure and the setting, its legend the best" \
        'pdf_text "$T/sw.pdf" | head -1 | grep -q "^val_loss of each trial against lr .*best"'
else
    skip "its title says the figure and the setting, its legend the best" "pdftotext (poppler-utils) not installed"
fi

# ---- theme=: the print palette by default, a theme's colours on request ----
# the background's fill and the strokes' colours of an SVG, as Cairo writes them
svg_background() { grep -o '<rect x="0" y="0" [^>]*fill:rgb([^)]*)' "$1" | head -1 | sed 's/.*fill://'; }
run_nnwb -e "$TRAIN; export plot loss $T/print.svg; export plot loss $T/dark.svg theme=default;
export plot loss $T/light.svg theme=light"
check "by default a picture is on white (the print palette)" \
    '[ $rc -eq 0 ] && [ "$(svg_background "$T/print.svg")" = "rgb(100%,100%,100%)" ]'
# default.theme: background color234 (#1c1c1c), loss_train color75 (#5fafff);
# light.theme: background color255 (#eeeeee), loss_train color26 (#005fd7)
check "theme=default draws on the dark theme's background with its training-loss colour" \
    '[ "$(svg_background "$T/dark.svg")" = "rgb(10.980392%,10.980392%,10.980392%)" ] &&
     grep -q "stroke:rgb(37.254902%,68.627451%,100%)" "$T/dark.svg"'
check "theme=light draws in the light theme's colours" \
    '[ "$(svg_background "$T/light.svg")" = "rgb(93.333333%,93.333333%,93.333333%)" ] &&
     grep -q "stroke:rgb(0%,37.254902%,84.313725%)" "$T/light.svg"'
run_nnwb -e "$TRAIN; export plot loss $T/bad.png theme=ligt"
check "an unknown theme is refused with a suggestion, no file" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "export plot: no theme .ligt. (did you mean .light.?)" && [ ! -e "$T/bad.png" ]'
run_nnwb -e "$TRAIN; export plot loss $T/bad.png theme=active"
check "theme=active in batch mode, which shows no theme, is refused" \
    '[ $rc -ne 0 ] && echo "$err" | grep -q "theme=active: batch mode has no theme in use" && [ ! -e "$T/bad.png" ]'

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
