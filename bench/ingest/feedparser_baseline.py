#!/usr/bin/python3
"""Times Debian's python3-feedparser on the same fixture feeds as ingest_feed_bench.

Prints one JSON object: {"mb_per_s":…, "entries_per_s":…, "bytes":…, "seconds":…}, rates per
CPU second of this process (as Google Benchmark reports for ingest_feed_bench).
Usage: LEADOS_SHARED=../shared bench/ingest/feedparser_baseline.py [min_mb=8]
"""
import json
import os
import sys
import time

import feedparser  # Debian package python3-feedparser (scripts/install-deps.sh)


def load_files(root):
    files = []
    for d in ("feed-rs/atom", "feed-rs/rss0", "feed-rs/rss1", "feed-rs/rss2", "feed-rs/jsonfeed",
              "rss-parser/input"):
        p = os.path.join(root, d)
        if not os.path.isdir(p):
            continue
        for name in os.listdir(p):
            if name.endswith(".serde.json"):
                continue
            if d.startswith("feed-rs/") and not (name.endswith(".xml") or name.endswith(".json")):
                continue
            files.append(os.path.join(p, name))
    files.sort()
    out = []
    for f in files:
        with open(f, "rb") as fh:
            out.append(fh.read())
    return out


def main():
    shared = os.environ.get("LEADOS_SHARED", "../shared")
    root = os.path.join(shared, "fixtures", "rss-realworld")
    min_bytes = float(sys.argv[1] if len(sys.argv) > 1 else 8) * (1 << 20)
    files = load_files(root)
    if not files:
        sys.exit("no fixture feeds under " + root)
    total = entries = 0
    start = time.process_time()
    while total < min_bytes:
        for data in files:
            d = feedparser.parse(data)
            entries += len(d.entries)
            total += len(data)
    secs = time.process_time() - start
    print(json.dumps({"mb_per_s": total / secs / 1e6, "entries_per_s": entries / secs,
                      "bytes": total, "seconds": secs, "feedparser": feedparser.__version__}))


if __name__ == "__main__":
    main()
