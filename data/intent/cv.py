#!/usr/bin/env python3
"""Cross-validation of intent-model configurations on the hand-written posts (docs/scoring.md,
"Fifth session: protocol"). The dev set is never read here.

For each fold K of N: the corpus is regenerated without fold K's written posts
(generate.py --exclude-fold K/N), a model is trained with the configuration's options, and fold K's
posts, as written, are scored with `leados score`. The pooled scores of all folds give the
prior-corrected intent-vs-none F1 at every threshold of the 0-100 intent score: each `none` post is
weighted so that intent makes up PRIOR (10%) of the weighted total, as in a real feed.

    python3 data/intent/cv.py LEADOS_BINARY NAME [leados model train options...]
prints one JSON line: {"config", "f1_at_50", "best_threshold", "best_f1", "per_threshold"}.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402

FOLDS = 4
PRIOR = 0.10


def fold_posts(k):
    out = []
    for label in generate.WRITTEN_LABELS:
        for title, body in generate.read_written(label):
            if generate.written_fold(title, body, FOLDS) != k:
                continue
            if title.startswith("Press release: "):
                title = title[len("Press release: "):]
            row = {"title": title, "text": body} if body else {"text": title}
            out.append((row, label != "none"))
    return out


def prf(scored, threshold):
    pos = sum(1 for _, y in scored if y)
    neg = len(scored) - pos
    w = (1 - PRIOR) / PRIOR * pos / neg  # weight of one none post
    tp = sum(1 for s, y in scored if y and s >= threshold)
    fp = w * sum(1 for s, y in scored if not y and s >= threshold)
    fn = pos - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    binary, name, train_opts = sys.argv[1], sys.argv[2], sys.argv[3:]
    scored = []
    with tempfile.TemporaryDirectory(prefix="leados-cv-") as tmp:
        for k in range(FOLDS):
            corpus = os.path.join(tmp, f"train{k}.jsonl")
            with open(corpus, "w") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "generate.py"),
                                "--exclude-fold", f"{k}/{FOLDS}"], stdout=f, check=True)
            model = os.path.join(tmp, f"m{k}.bin")
            subprocess.run([binary, "model", "train", "--data", corpus, "--out", model, *train_opts],
                           stdout=subprocess.DEVNULL, check=True)
            posts = fold_posts(k)
            lines = "".join(json.dumps(row) + "\n" for row, _ in posts)
            res = subprocess.run([binary, "score", "--model", model], input=lines,
                                 capture_output=True, text=True, check=True)
            for out, (_, y) in zip(res.stdout.splitlines(), posts):
                scored.append((json.loads(out)["intent_score"], y))
    per = {t: round(prf(scored, t), 4) for t in range(5, 100, 5)}
    best = max(per, key=lambda t: (per[t], -abs(t - 50)))
    print(json.dumps({"config": name, "opts": train_opts, "posts": len(scored),
                      "f1_at_50": per[50], "best_threshold": best, "best_f1": per[best],
                      "per_threshold": per}))


if __name__ == "__main__":
    main()
