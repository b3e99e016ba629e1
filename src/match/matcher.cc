#include "match/matcher.h"

namespace leados::match {

Matcher::Matcher() {
  auto empty = CompiledCampaigns::Compile({});
  snapshot_ = empty ? *empty : nullptr;
  worker_ = std::thread([this] { RebuildLoop(); });
}

Matcher::~Matcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

uint64_t Matcher::UpdateCampaigns(std::vector<CampaignQuery> campaigns) {
  uint64_t v = 0;
  {
    std::lock_guard lock(mu_);
    v = ++requested_version_;
    pending_ = std::move(campaigns);
  }
  cv_.notify_all();
  return v;
}

void Matcher::RebuildLoop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || pending_.has_value(); });
    if (stop_) return;
    std::vector<CampaignQuery> campaigns = std::move(*pending_);
    pending_.reset();
    const uint64_t version = requested_version_;
    lock.unlock();
    auto compiled = CompiledCampaigns::Compile(std::move(campaigns));  // the slow part, unlocked
    lock.lock();
    if (compiled) {
      snapshot_ = std::move(*compiled);
      installed_version_ = version;
      last_error_.reset();
    } else {
      last_error_ = compiled.error().message;
    }
    processed_version_ = version;
    cv_.notify_all();
  }
}

bool Matcher::WaitForVersion(uint64_t version, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return processed_version_ >= version || stop_; });
  return installed_version_ >= version;
}

uint64_t Matcher::version() const {
  std::lock_guard lock(mu_);
  return installed_version_;
}

std::shared_ptr<const CompiledCampaigns> Matcher::Snapshot() const {
  std::lock_guard lock(mu_);
  return snapshot_;
}

std::vector<CampaignMatch> Matcher::Match(const ingest::Signal& signal) const {
  return Snapshot()->Match(signal);
}

std::optional<std::string> Matcher::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

}  // namespace leados::match
