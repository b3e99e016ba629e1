#pragma once
// Matcher: matches signals against every active campaign at once, and takes campaign changes
// without ever pausing matching.
//
// How a change takes effect (measured in bench/match: well under a second at 10,000 campaigns,
// where compiling everything takes over a second):
//  - The matcher serves a layered view: a *base* (all campaigns as of some earlier set, compiled
//    into one Hyperscan database), a small *delta* (the campaigns added or edited since, compiled
//    on their own) and the ids of base campaigns that are *hidden* (edited or deleted since).
//  - UpdateCampaigns hands over the whole new set. The fast thread diffs it against the base,
//    compiles only the delta and swaps the view in (milliseconds for a few changed campaigns).
//  - The full thread then compiles the whole set in the background and, when done, the fast thread
//    re-bases the view on it (delta empty again). Matching never waits for either thread.
// Every view is immutable and swapped atomically: a Match() call sees one version, whole.
// Result order: campaigns of the base in the order given, then those of the delta.
// Thread-safe: Match() and everything else may be called from any number of threads.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "match/compiled_campaigns.h"

namespace leados::match {

class Matcher {
 public:
  // Starts with no campaigns (version 0) and its two background threads.
  Matcher();
  // Stops the threads (pending work is abandoned).
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Replaces the whole campaign set. Returns at once with the version number the new set will
  // have. When updates arrive faster than they are processed, only the latest set is compiled
  // (intermediate versions are skipped but count as done).
  uint64_t UpdateCampaigns(std::vector<CampaignQuery> campaigns);
  // Waits until `version` (or a later one) has been processed; true when it is installed, false on
  // timeout or when its compilation failed (see last_error()).
  bool WaitForVersion(uint64_t version, std::chrono::milliseconds timeout) const;
  // The version currently used by Match().
  uint64_t version() const;

  // Matches one signal against the current view.
  std::vector<CampaignMatch> Match(const ingest::Signal& signal) const;
  // Campaigns of the current view whose query did not parse (left out of matching).
  std::vector<CampaignError> errors() const;
  // Campaigns that match in the current view.
  size_t campaign_count() const;
  // True when the current view is one database (the background full rebuild has caught up).
  bool compacted() const;
  // The Hyperscan failure of the latest compilation, if it failed (queries that do not parse are
  // in errors() instead).
  std::optional<std::string> last_error() const;

  // A delta larger than this many campaigns is not worth a layer: the fast thread compiles the
  // whole set instead (still without pausing matching).
  static constexpr size_t kMaxDeltaCampaigns = 2000;

 private:
  using QueryMap = std::unordered_map<std::string, std::string>;  // campaign id -> query

  // One immutable view (see the file comment).
  struct View {
    uint64_t version = 0;
    std::shared_ptr<const CompiledCampaigns> base;
    std::shared_ptr<const CompiledCampaigns> delta;  // null when empty
    std::unordered_set<std::string> hidden;          // base campaign ids not to report
  };
  // A compiled base and the set it was compiled from.
  struct Base {
    std::shared_ptr<const CompiledCampaigns> compiled;
    std::shared_ptr<const QueryMap> queries;
  };

  std::shared_ptr<const View> CurrentView() const;
  void FastLoop();
  void FullLoop();

  mutable std::mutex mu_;  // guards everything below
  mutable std::condition_variable cv_;
  std::shared_ptr<const View> view_;
  Base base_;
  // The latest requested set (its version is requested_version_).
  std::shared_ptr<const std::vector<CampaignQuery>> latest_;
  uint64_t requested_version_ = 0;
  uint64_t processed_version_ = 0;
  bool fast_pending_ = false;  // a new set, or a new base to re-base the view on
  uint64_t full_done_version_ = 0;  // the version the last full compilation covered
  std::optional<std::string> last_error_;
  bool stop_ = false;
  std::thread fast_;  // last members: start after the state above exists
  std::thread full_;
};

}  // namespace leados::match
