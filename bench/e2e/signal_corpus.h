#pragma once
// SignalCorpus: the real public posts of $LEADOS_SHARED/data/posts-dev.jsonl (Hacker News titles
// and Reddit submissions) as ingest::Signals, handed out cycled with unique identities so that a
// long run keeps producing new items: signal i is post (i mod n) with source_id
// "e2e-<tag>-<i>" (the webhook receiver reads it back from the lead payload), its own URL, and an
// author handle suffixed with the run tag and cycle number (a new person writing a similar post;
// without it every cycle after the first, and every later run, would be dropped as duplicates by
// the fingerprint claim). Within a cycle, two posts by one author stay duplicates, as in life.
// Read-only after Load: thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/signal.h"

namespace leados::bench::e2e {

class SignalCorpus {
 public:
  // Reads the JSON lines at `path`. kNotFound when the file is missing, kInvalidArgument when no
  // line is a usable post.
  static core::Result<SignalCorpus> Load(const std::string& path);

  size_t size() const { return posts_.size(); }
  // Signal `index` of run `tag` (a short token: "t" for the throughput run, "l" for latency).
  ingest::Signal Make(char tag, uint64_t index) const;
  // The posts as loaded (for the campaign generator's vocabulary).
  const std::vector<ingest::Signal>& posts() const { return posts_; }

 private:
  std::vector<ingest::Signal> posts_;
};

// The index encoded in a signal's source_id by Make, found in a webhook body (the lead payload
// carries the signal as JSON): returns false when the body holds none.
bool FindSignalIndex(std::string_view body, char* tag, uint64_t* index);

}  // namespace leados::bench::e2e
