# Recomputes, unweighted, the test figures `evaluate` prints for a binary
# target from the file `export predictions` wrote (row,split,truth,
# prediction,p_POSITIVE), and compares them with evaluate's line (each
# figure key=value followed by its bootstrap interval " [lo,hi]"):
#
#     awk -F, -v positive=yes -v printed="$(grep '^test accuracy=' out)" \
#         -f tests/classification_metrics.awk pred.csv
#
# Prints "KEY=MINE/PRINTED ..." and exits 1 when a figure differs by more
# than the printing rounds off (6e-4), lacks its interval, or n differs.
NR > 1 && $2 == "test" {
    n++; t = ($3 == positive); p = ($4 == positive); s[n] = $5; y[n] = t
    tp += t && p; fp += !t && p; fn += t && !p; ok += (t == p); pos += t
    q = t ? $5 : 1 - $5
    loss -= log(q > 1e-7 ? q : 1e-7)
}
END {
    # AUC by ranks (ties get the mean rank)
    for (i = 1; i <= n; i++) { less = 0; same = 0
        for (j = 1; j <= n; j++) { less += s[j] < s[i]; same += s[j] == s[i] }
        r[i] = less + (same + 1) / 2 }
    for (i = 1; i <= n; i++) if (y[i]) sum += r[i]
    pr = tp / (tp + fp); rc = tp / (tp + fn)
    mine["accuracy"] = ok / n; mine["precision"] = pr; mine["recall"] = rc
    mine["f1"] = 2 * pr * rc / (pr + rc)
    mine["auc"] = (sum - pos * (pos + 1) / 2) / (pos * (n - pos))
    mine["logloss"] = loss / n
    for (i = split(printed, word, " "); i > 0; i--)
        if (split(word[i], kv, "=") == 2) {
            theirs[kv[1]] = kv[2]
            interval[kv[1]] = word[i + 1] ~ /^\[[^],]+,[^]]+\]$/
        }
    bad = theirs["n"] != n
    line = "n=" n "/" theirs["n"]
    split("accuracy precision recall f1 auc logloss", key, " ")
    for (i = 1; i <= 6; i++) {
        k = key[i]; d = mine[k] - theirs[k]
        bad = bad || !(k in theirs) || !interval[k] || d > 6e-4 || d < -6e-4
        line = line sprintf(" %s=%.4f/%s%s", k, mine[k], theirs[k], interval[k] ? "" : " (no [lo,hi])")
    }
    print line
    exit bad
}
