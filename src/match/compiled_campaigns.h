#pragma once
// CompiledCampaigns: an immutable snapshot of every campaign's query compiled into one Hyperscan
// literal database (hs_compile_lit_multi over the distinct folded words/phrases), plus the boolean
// trees evaluated on each signal's hit set. Hyperscan stays inside the .cc file.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/signal.h"
#include "match/match_result.h"

namespace leados::match {

// One campaign as the matcher sees it.
struct CampaignQuery {
  std::string id;
  std::string query;
};

// A campaign whose query did not parse; it is left out of the snapshot.
struct CampaignError {
  std::string campaign_id;
  std::string message;  // "1:14: expected ')' to close '(' at 1:3"
};

class CompiledCampaigns {
 public:
  // Parses and compiles the campaigns. A query that does not parse is reported in errors() and
  // left out; the Result fails only when Hyperscan itself fails (kInternal).
  static core::Result<std::shared_ptr<const CompiledCampaigns>> Compile(
      std::vector<CampaignQuery> campaigns);
  ~CompiledCampaigns();
  CompiledCampaigns(const CompiledCampaigns&) = delete;
  CompiledCampaigns& operator=(const CompiledCampaigns&) = delete;

  // Every campaign that matches `signal`, in the order the campaigns were given, with evidence.
  // Thread-safe: each thread uses its own Hyperscan scratch and work buffers (thread_local).
  std::vector<CampaignMatch> Match(const ingest::Signal& signal) const;
  // As Match, but only counts the matching campaigns (no evidence, no allocation per match).
  size_t CountMatches(const ingest::Signal& signal) const;

  // Work done by the calling thread so far (all snapshots), for benchmarks and metrics.
  struct ThreadStats {
    uint64_t signals = 0;
    uint64_t literal_hits = 0;  // literal occurrences that passed the word-boundary check
    uint64_t candidates = 0;    // campaigns whose boolean tree was evaluated
  };
  static ThreadStats CurrentThreadStats();

  const std::vector<CampaignError>& errors() const;
  size_t campaign_count() const;  // campaigns that compiled
  size_t literal_count() const;   // distinct words/phrases in the Hyperscan database
  size_t database_bytes() const;  // size of the Hyperscan database

  struct Impl;

 private:
  explicit CompiledCampaigns(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace leados::match
