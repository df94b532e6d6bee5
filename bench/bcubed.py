#!/usr/bin/env python3
"""BCubed precision, recall and F1 of a Roundup build against gold labels.

Usage:
  python3 bench/bcubed.py GOLD_TSV EVENTS_JSON   # prints one JSON object
  python3 bench/bcubed.py --self-test            # checks the maths on hand-computed examples

GOLD_TSV is gen_corpus.py's gold.tsv (`article_id<TAB>event_id`, with a header
line); EVENTS_JSON is the `events.json` of a Roundup build
(`{"events": [{"articles": ["a000001", ...]}, ...]}`).

BCubed (Bagga & Baldwin 1998; Amigo et al. 2009): for each article i with
predicted cluster C(i) and gold cluster G(i),
    precision(i) = |C(i) & G(i)| / |C(i)|,  recall(i) = |C(i) & G(i)| / |G(i)|,
averaged over all articles; F1 is their harmonic mean. It is computed in
O(articles) from the (predicted, gold) contingency counts.

Only articles in the gold file are scored. Predicted articles without a gold
label (e.g. one the benchmark added) are ignored and counted as `unlabelled`;
gold articles missing from events.json are scored as singletons and counted as
`missing` (a non-zero count means the build lost articles).
"""
import json
import sys
from collections import Counter


def bcubed(pred, gold):
    """pred, gold: dict item -> cluster label, over the same items. Returns (P, R, F1)."""
    if set(pred) != set(gold):
        raise ValueError("pred and gold must label the same items")
    n = len(gold)
    if n == 0:
        return 0.0, 0.0, 0.0
    pred_size = Counter(pred.values())
    gold_size = Counter(gold.values())
    cells = Counter((pred[i], gold[i]) for i in gold)
    # Each of the k items in cell (c, g) has k items of its cluster c that share its gold class g.
    p = sum(k * k / pred_size[c] for (c, _), k in cells.items()) / n
    r = sum(k * k / gold_size[g] for (_, g), k in cells.items()) / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def read_gold(path):
    gold = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or (lineno == 1 and line.startswith("article_id")):
                continue
            aid, _, ev = line.partition("\t")
            if not ev:
                raise ValueError(f"{path}:{lineno}: expected article_id<TAB>event_id")
            gold[aid] = ev
    return gold


def read_events(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    pred, dupes = {}, 0
    for e, ev in enumerate(doc["events"]):
        for aid in ev["articles"]:
            if aid in pred:
                dupes += 1
            pred[aid] = e
    return pred, len(doc["events"]), dupes


def score(gold_path, events_path):
    gold = read_gold(gold_path)
    pred_all, n_pred_events, dupes = read_events(events_path)
    pred = {a: c for a, c in pred_all.items() if a in gold}
    missing = [a for a in gold if a not in pred]
    for a in missing:
        pred[a] = ("missing", a)
    p, r, f1 = bcubed(pred, gold)
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "articles": len(gold),
        "gold_events": len(set(gold.values())),
        "predicted_events": n_pred_events,
        "unlabelled": len(pred_all) - (len(gold) - len(missing)),
        "missing": len(missing),
        "duplicated": dupes,
    }


def self_test():
    def close(a, b):
        return abs(a - b) < 1e-9

    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
    # Hand-computed: C1 = {a,b,c,d}, C2 = {e}.
    #   precision: a,b,c 3/4 each, d 1/4, e 1/1  -> (9/4 + 1/4 + 1) / 5 = 3.5/5 = 0.7
    #   recall:    a,b,c 3/3 each, d 1/2, e 1/2  -> (3 + 1/2 + 1/2) / 5 = 4/5 = 0.8
    #   F1 = 2 * 0.7 * 0.8 / 1.5 = 0.746666...
    pred = {"a": "C1", "b": "C1", "c": "C1", "d": "C1", "e": "C2"}
    p, r, f1 = bcubed(pred, gold)
    assert close(p, 0.7) and close(r, 0.8) and close(f1, 1.12 / 1.5), (p, r, f1)
    # Perfect clustering (labels are arbitrary names).
    assert bcubed({k: v.lower() for k, v in gold.items()}, gold) == (1.0, 1.0, 1.0)
    # All singletons: precision 1, recall (3 * 1/3 + 2 * 1/2) / 5 = 0.4.
    p, r, _ = bcubed({k: k for k in gold}, gold)
    assert close(p, 1.0) and close(r, 0.4), (p, r)
    # One big cluster: recall 1, precision (3 * 3/5 + 2 * 2/5) / 5 = 13/25.
    p, r, _ = bcubed({k: 0 for k in gold}, gold)
    assert close(p, 13 / 25) and close(r, 1.0), (p, r)
    print("bcubed self-test: ok")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    print(json.dumps(score(argv[1], argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
