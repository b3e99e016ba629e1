#include "campaigns/recent_signals.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace leados::campaigns {
namespace {

// "2026112913" for the UTC hour containing t.
std::string HourKey(core::TimePoint t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(t));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}{:02}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour);
}

}  // namespace

RecentSignals::RecentSignals(store::KeyValue& kv, const core::Clock& clock, core::Duration keep)
    : kv_(kv), clock_(clock), keep_(std::clamp(keep, core::Duration(std::chrono::seconds(1)), kMaxKeep)) {}

core::Status RecentSignals::Append(const ingest::Signal& signal) {
  const std::string hour = HourKey(clock_.Now());
  auto seq = kv_.Increment(fmt::format("recent:{}:n", hour), 1, keep_);
  if (!seq) return core::Fail(seq.error());
  return kv_.Put(fmt::format("recent:{}:{}", hour, *seq),
                 core::ToJson(ingest::SignalToJson(signal)), keep_);
}

core::Status RecentSignals::ForEach(core::TimePoint since, size_t limit,
                                    const std::function<void(ingest::Signal&&)>& fn,
                                    int64_t* skipped) const {
  const core::TimePoint now = clock_.Now();
  since = std::clamp(since, now - keep_, now);
  size_t delivered = 0;
  const std::string last = HourKey(now);
  for (core::TimePoint t = since;; t += std::chrono::hours(1)) {
    const std::string hour = HourKey(t);
    auto count = kv_.Get(fmt::format("recent:{}:n", hour));
    if (!count) return core::Fail(count.error());
    const int64_t n = *count ? std::strtoll((*count)->c_str(), nullptr, 10) : 0;
    for (int64_t seq = 1; seq <= n && delivered < limit; ++seq) {
      auto value = kv_.Get(fmt::format("recent:{}:{}", hour, seq));
      if (!value) return core::Fail(value.error());
      if (!*value) continue;  // expired meanwhile
      auto obj = core::ParseJsonObject(**value);
      auto signal = obj ? ingest::SignalFromJson(*obj) : core::Result<ingest::Signal>(
                                                             core::Fail(obj.error()));
      if (!signal) {
        if (skipped != nullptr) ++*skipped;
        continue;
      }
      fn(std::move(*signal));
      ++delivered;
    }
    if (hour == last || delivered >= limit) break;
  }
  return core::Status();
}

}  // namespace leados::campaigns
