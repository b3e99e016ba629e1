#pragma once
// Matcher: matches signals against every active campaign at once. It holds an immutable
// CompiledCampaigns snapshot and swaps it atomically when campaigns change; the rebuild runs on the
// matcher's own background thread, so matching never pauses.
// Thread-safe: Match() may be called from any number of threads while UpdateCampaigns() runs.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "match/compiled_campaigns.h"

namespace leados::match {

class Matcher {
 public:
  // Starts with no campaigns (version 0) and a background rebuild thread.
  Matcher();
  // Stops the rebuild thread (a pending rebuild is abandoned).
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Replaces the whole campaign set. Returns at once with the version number the new set will have;
  // the rebuild happens in the background. When updates arrive faster than rebuilds, only the
  // latest set is compiled (intermediate versions are skipped but count as done).
  uint64_t UpdateCampaigns(std::vector<CampaignQuery> campaigns);
  // Waits until `version` (or a later one) has been processed; true when it is installed, false on
  // timeout or when its compilation failed (see last_error()).
  bool WaitForVersion(uint64_t version, std::chrono::milliseconds timeout) const;
  // The version currently used by Match().
  uint64_t version() const;

  // Matches one signal against the current snapshot.
  std::vector<CampaignMatch> Match(const ingest::Signal& signal) const;
  // The current snapshot (never null; empty before the first update is installed).
  std::shared_ptr<const CompiledCampaigns> Snapshot() const;
  // The Hyperscan failure of the latest rebuild, if it failed (queries that do not parse are in
  // Snapshot()->errors() instead).
  std::optional<std::string> last_error() const;

 private:
  void RebuildLoop();

  mutable std::mutex mu_;  // guards everything below
  mutable std::condition_variable cv_;
  std::shared_ptr<const CompiledCampaigns> snapshot_;
  uint64_t installed_version_ = 0;
  uint64_t processed_version_ = 0;
  uint64_t requested_version_ = 0;
  std::optional<std::vector<CampaignQuery>> pending_;
  std::optional<std::string> last_error_;
  bool stop_ = false;
  std::thread worker_;  // last member: starts after the state above exists
};

}  // namespace leados::match
