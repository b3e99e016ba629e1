#include "match/matcher.h"

namespace leados::match {
namespace {

std::shared_ptr<const CompiledCampaigns> EmptyCompiled() {
  auto empty = CompiledCampaigns::Compile({});
  return empty ? *empty : nullptr;
}

}  // namespace

Matcher::Matcher() {
  auto view = std::make_shared<View>();
  view->base = EmptyCompiled();
  view_ = view;
  base_.compiled = view->base;
  base_.queries = std::make_shared<QueryMap>();
  latest_ = std::make_shared<std::vector<CampaignQuery>>();
  fast_ = std::thread([this] { FastLoop(); });
  full_ = std::thread([this] { FullLoop(); });
}

Matcher::~Matcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  fast_.join();
  full_.join();
}

uint64_t Matcher::UpdateCampaigns(std::vector<CampaignQuery> campaigns) {
  uint64_t v = 0;
  {
    std::lock_guard lock(mu_);
    v = ++requested_version_;
    latest_ = std::make_shared<const std::vector<CampaignQuery>>(std::move(campaigns));
    fast_pending_ = true;
  }
  cv_.notify_all();
  return v;
}

// Takes the latest set, diffs it against the current base, compiles the delta (or, past
// kMaxDeltaCampaigns, everything) and installs the view. Also re-bases the view when the full
// thread has produced a new base.
void Matcher::FastLoop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || fast_pending_; });
    if (stop_) return;
    fast_pending_ = false;
    const uint64_t version = requested_version_;
    const auto set = latest_;
    const Base base = base_;
    lock.unlock();

    // Outside the lock: the diff and the compilation.
    auto view = std::make_shared<View>();
    view->version = version;
    std::vector<CampaignQuery> changed;
    std::unordered_set<std::string> present;
    present.reserve(set->size());
    for (const auto& c : *set) {
      present.insert(c.id);
      const auto it = base.queries->find(c.id);
      if (it == base.queries->end() || it->second != c.query) {
        if (it != base.queries->end()) view->hidden.insert(c.id);
        changed.push_back(c);
      }
    }
    for (const auto& [id, query] : *base.queries) {
      if (present.count(id) == 0) view->hidden.insert(id);
    }
    std::optional<std::string> error;
    std::shared_ptr<const QueryMap> full_queries;
    if (changed.size() + view->hidden.size() > kMaxDeltaCampaigns) {
      auto all = CompiledCampaigns::Compile(*set);
      if (all) {
        view->base = *all;
        view->hidden.clear();
        auto queries = std::make_shared<QueryMap>();
        for (const auto& c : *set) queries->emplace(c.id, c.query);
        full_queries = std::move(queries);
      } else {
        error = all.error().message;
      }
    } else {
      view->base = base.compiled;
      if (!changed.empty()) {
        auto delta = CompiledCampaigns::Compile(std::move(changed));
        if (delta) {
          view->delta = *delta;
        } else {
          error = delta.error().message;
        }
      }
    }

    lock.lock();
    if (base_.compiled != base.compiled && !full_queries) {
      fast_pending_ = true;  // a new base arrived meanwhile: diff again against it
      continue;
    }
    if (error) {
      last_error_ = error;
    } else {
      if (full_queries) {
        base_.compiled = view->base;
        base_.queries = full_queries;
        full_done_version_ = version;
      }
      view_ = view;
      last_error_.reset();
    }
    processed_version_ = std::max(processed_version_, version);
    cv_.notify_all();
  }
}

// Compiles the whole latest set whenever the view is layered, then hands the new base to the
// fast thread, which re-bases the view on it.
void Matcher::FullLoop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] {
      return stop_ || (processed_version_ == requested_version_ &&
                       full_done_version_ < processed_version_ && !fast_pending_ &&
                       (view_->delta != nullptr || !view_->hidden.empty()));
    });
    if (stop_) return;
    const uint64_t version = requested_version_;
    const auto set = latest_;
    lock.unlock();
    auto compiled = CompiledCampaigns::Compile(*set);  // the slow part, outside the lock
    auto queries = std::make_shared<QueryMap>();
    for (const auto& c : *set) queries->emplace(c.id, c.query);
    lock.lock();
    full_done_version_ = version;
    if (!compiled) {
      last_error_ = compiled.error().message;
      continue;
    }
    base_.compiled = *compiled;
    base_.queries = std::move(queries);
    fast_pending_ = true;  // re-base the view (same version when nothing changed meanwhile)
    cv_.notify_all();
  }
}

bool Matcher::WaitForVersion(uint64_t version, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return processed_version_ >= version || stop_; });
  return view_->version >= version;
}

uint64_t Matcher::version() const {
  return CurrentView()->version;
}

std::shared_ptr<const Matcher::View> Matcher::CurrentView() const {
  std::lock_guard lock(mu_);
  return view_;
}

std::vector<CampaignMatch> Matcher::Match(const ingest::Signal& signal) const {
  const auto view = CurrentView();
  std::vector<CampaignMatch> out = view->base->Match(signal);
  if (!view->hidden.empty()) {
    std::erase_if(out, [&](const CampaignMatch& m) { return view->hidden.count(m.campaign_id); });
  }
  if (view->delta) {
    auto more = view->delta->Match(signal);
    out.insert(out.end(), std::make_move_iterator(more.begin()),
               std::make_move_iterator(more.end()));
  }
  return out;
}

std::vector<CampaignError> Matcher::errors() const {
  const auto view = CurrentView();
  std::vector<CampaignError> out;
  for (const auto& e : view->base->errors()) {
    if (view->hidden.count(e.campaign_id) == 0) out.push_back(e);
  }
  if (view->delta) {
    out.insert(out.end(), view->delta->errors().begin(), view->delta->errors().end());
  }
  return out;
}

size_t Matcher::campaign_count() const {
  const auto view = CurrentView();
  // Hidden ids that compiled in the base are subtracted; a hidden id whose base query did not
  // parse was never counted.
  size_t hidden_compiled = view->hidden.size();
  for (const auto& e : view->base->errors()) {
    if (view->hidden.count(e.campaign_id) != 0) --hidden_compiled;
  }
  return view->base->campaign_count() - hidden_compiled +
         (view->delta ? view->delta->campaign_count() : 0);
}

bool Matcher::compacted() const {
  const auto view = CurrentView();
  return view->delta == nullptr && view->hidden.empty();
}

std::optional<std::string> Matcher::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

}  // namespace leados::match
