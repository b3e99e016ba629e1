#include "campaigns/supply_scan_service.h"

#include <fmt/format.h>

#include <functional>
#include <unordered_set>

#include "campaigns/campaign.h"
#include "campaigns/campaign_json.h"
#include "core/log.h"
#include "match/query_parser.h"

namespace leados::campaigns {
namespace {

namespace json = core::json;

constexpr std::string_view kColumns =
    "id, account_id, campaign_id, name, query, options_json, notify_email, status, error, "
    "summary_json, created_at, started_at, finished_at";
constexpr int kMaxWindowDays = 7;

std::string ExamplesKey(std::string_view id) {
  return fmt::format("scan:examples:{}", id);
}

core::Result<SupplyScan> FromRow(const store::Row& r) {
  SupplyScan s;
  s.id = r.Text(0);
  s.account_id = r.Text(1);
  if (!r.IsNull(2)) s.campaign_id = r.Text(2);
  s.name = r.Text(3);
  s.query = r.Text(4);
  auto options = core::ParseJsonObject(r.Text(5));
  if (!options) return core::Internal("supply scan " + s.id + ": bad options_json");
  s.options = std::move(*options);
  s.notify_email = r.Text(6);
  s.status = r.Text(7);
  s.error = r.Text(8);
  if (!r.IsNull(9)) {
    auto summary = core::ParseJsonObject(r.Text(9));
    if (!summary) return core::Internal("supply scan " + s.id + ": bad summary_json");
    s.summary = std::move(*summary);
  }
  s.created_at_ms = r.Int(10);
  s.started_at_ms = r.OptInt(11);
  s.finished_at_ms = r.OptInt(12);
  return s;
}

std::vector<std::string> StringsOf(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v != nullptr && v->is_array()) {
    for (const auto& e : v->as_array()) {
      if (e.is_string()) out.emplace_back(e.as_string());
    }
  }
  return out;
}

json::array StringArray(const std::vector<std::string>& values) {
  json::array a;
  for (const auto& v : values) a.emplace_back(v);
  return a;
}

// "hn 12, reddit 3" for the email.
std::string BySourceText(const match::SupplyScanReport& r) {
  if (r.by_source.empty()) return "none";
  std::string out;
  for (const auto& s : r.by_source) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", s.source, s.matches);
  }
  return out;
}

void CollectPositive(const match::QueryNode& n, bool positive, std::vector<std::string>& out) {
  auto add = [&](const match::Term& t) {
    std::string s;
    for (size_t i = 0; i < t.words.size(); ++i) s += (i ? " " : "") + t.words[i];
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  switch (n.kind) {
    case match::NodeKind::kTerm:
      if (positive) add(n.term);
      return;
    case match::NodeKind::kNear:
      if (positive) {
        add(n.term);
        add(n.near_right);
      }
      return;
    case match::NodeKind::kFilter: return;
    case match::NodeKind::kNot: CollectPositive(n.children[0], !positive, out); return;
    case match::NodeKind::kAnd:
    case match::NodeKind::kOr:
      for (const auto& k : n.children) CollectPositive(k, positive, out);
      return;
  }
}

}  // namespace

std::vector<std::string> PositiveTerms(std::string_view query) {
  std::vector<std::string> out;
  if (auto q = match::ParseQuery(query)) CollectPositive(*q, true, out);
  return out;
}

SupplyScanService::SupplyScanService(store::Database& db, store::KeyValue& kv,
                                     const core::Clock& clock, RecentSignals& window,
                                     CampaignStore& campaigns, notify::Outbox& outbox,
                                     const notify::EmailTemplates& templates,
                                     SupplyScanOptions options)
    : db_(db),
      kv_(kv),
      clock_(clock),
      window_(window),
      campaigns_(campaigns),
      outbox_(outbox),
      templates_(templates),
      options_(std::move(options)),
      ids_(clock) {}

SupplyScanService::~SupplyScanService() {
  StopWorker();
}

core::Result<SupplyScan> SupplyScanService::Start(SupplyScanRequest request) {
  if (request.window_days < 1 || request.window_days > kMaxWindowDays) {
    return core::InvalidArgument(fmt::format(
        "window_days: must be between 1 and {} (recent signals are kept {} days)", kMaxWindowDays,
        kMaxWindowDays));
  }
  CampaignSpec spec;
  std::optional<std::string> campaign_id;
  if (request.campaign_id) {
    if (!request.query.empty()) {
      return core::InvalidArgument(
          "query: give either campaign_id (scan a saved campaign) or query, not both");
    }
    auto c = campaigns_.Get(request.account_id, *request.campaign_id);
    if (!c) return core::Fail(c.error());
    spec = c->spec;
    campaign_id = c->id;
  } else {
    if (request.query.empty()) {
      return core::InvalidArgument(
          "query: required (or campaign_id to scan a saved campaign), e.g. \"crm AND "
          "(looking OR recommend*)\"");
    }
    spec.name = "supply scan";
    spec.query = request.query;
    spec.filters.sources = request.sources;
    spec.filters.languages = request.languages;
    spec.min_score = request.min_score;
    auto valid = ValidateCampaign(std::move(spec));
    if (!valid) return core::Fail(valid.error());
    spec = std::move(*valid);
    spec.name = spec.query;
  }
  SupplyScan scan;
  scan.id = ids_.NewId("scn");
  scan.account_id = request.account_id;
  scan.campaign_id = campaign_id;
  scan.name = spec.name;
  scan.query = spec.query;
  scan.options = json::object{{"sources", StringArray(spec.filters.sources)},
                              {"languages", StringArray(spec.filters.languages)},
                              {"min_score", spec.min_score},
                              {"window_days", request.window_days}};
  scan.notify_email = request.notify_email;
  scan.status = "queued";
  scan.created_at_ms = clock_.NowUnixMillis();
  auto inserted = db_.Exec(
      "INSERT INTO supply_scans (id, account_id, campaign_id, name, query, options_json, "
      "notify_email, status, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', '', ?)",
      {scan.id, scan.account_id,
       campaign_id ? store::SqlValue(*campaign_id) : store::SqlValue(), scan.name, scan.query,
       core::ToJson(scan.options), request.notify_email, scan.created_at_ms});
  if (!inserted) return core::Fail(inserted.error());
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
  return scan;
}

core::Result<SupplyScan> SupplyScanService::Get(std::string_view account_id,
                                                std::string_view scan_id) {
  auto rows = db_.Query(
      fmt::format("SELECT {} FROM supply_scans WHERE id = ? AND account_id = ?", kColumns),
      {std::string(scan_id), std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) {
    return core::NotFound("no such supply scan in this account (start one with POST "
                          "/v1/supply-scans)");
  }
  auto scan = FromRow(rows->front());
  if (!scan) return scan;
  if (scan->status == "done") {
    auto examples = kv_.Get(ExamplesKey(scan->id));
    if (!examples) return core::Fail(examples.error());
    if (*examples) {
      auto parsed = core::ParseJsonObject(**examples);
      if (parsed) {
        if (const auto* a = parsed->if_contains("examples"); a != nullptr && a->is_array())
          scan->examples = a->as_array();
      }
    }
  }
  return scan;
}

core::Status SupplyScanService::RequeueInterrupted() {
  auto n = db_.Exec("UPDATE supply_scans SET status = 'queued', started_at = NULL "
                    "WHERE status = 'running'",
                    {});
  if (!n) return core::Fail(n.error());
  return core::Status();
}

core::Result<int> SupplyScanService::RunPending() {
  std::lock_guard run_lock(run_mu_);
  int ran = 0;
  while (true) {
    auto rows = db_.Query(fmt::format("SELECT {} FROM supply_scans WHERE status = 'queued' "
                                      "ORDER BY id LIMIT 1",
                                      kColumns),
                          {});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return ran;
    auto scan = FromRow(rows->front());
    if (!scan) return core::Fail(scan.error());
    // Claim it (another instance may be racing for the same row).
    auto claimed =
        db_.Exec("UPDATE supply_scans SET status = 'running', started_at = ? WHERE id = ? AND "
                 "status = 'queued'",
                 {clock_.NowUnixMillis(), scan->id});
    if (!claimed) return core::Fail(claimed.error());
    if (*claimed == 0) continue;
    if (auto st = RunOne(*scan); !st) {
      core::log::Warn("supply_scan.failed", {{"scan", scan->id}, {"error", st.error().message}});
      if (auto failed = MarkFailed(*scan, st.error().message); !failed) return core::Fail(failed.error());
    }
    ++ran;
  }
}

core::Status SupplyScanService::RunOne(const SupplyScan& scan) {
  const int window_days =
      static_cast<int>(scan.options.if_contains("window_days") != nullptr
                           ? scan.options.at("window_days").to_number<int64_t>()
                           : kMaxWindowDays);
  const core::TimePoint now = clock_.Now();
  const core::TimePoint since = now - std::chrono::hours(24) * window_days;

  // The window, then the search APIs; the same item from two places counts once. The window
  // itself (since .. now) is applied by RunSupplyScan.
  std::vector<ingest::Signal> signals;
  std::unordered_set<std::string> seen;
  auto keep = [&](ingest::Signal&& s) {
    // Clock skew: up to an hour ahead counts as now; further ahead is a bad date, left out.
    if (s.published > now + std::chrono::hours(1)) return;
    if (s.published > now) s.published = now;
    if (seen.insert(s.Key()).second) signals.push_back(std::move(s));
  };
  if (auto st = window_.ForEach(since, options_.max_signals, keep); !st) return st;
  const auto sources = StringsOf(scan.options, "sources");
  const auto terms = PositiveTerms(scan.query);
  for (SignalSearch* search : searches_) {
    if (!sources.empty() &&
        std::find(sources.begin(), sources.end(), search->source()) == sources.end()) {
      continue;
    }
    auto found = search->Search(terms, since, options_.search_limit);
    if (!found) {  // a search API being down makes the estimate smaller, not impossible
      core::log::Warn("supply_scan.search_failed",
                      {{"scan", scan.id},
                       {"source", std::string(search->source())},
                       {"error", found.error().message}});
      continue;
    }
    for (auto& s : *found) keep(std::move(s));
  }

  match::SupplyScanOptions options;
  options.window_days = window_days;
  options.window_end = now;
  options.sources = sources;
  options.languages = StringsOf(scan.options, "languages");
  if (const auto* m = scan.options.if_contains("min_score")) options.min_score = m->to_number<double>();
  options.credits_per_lead = options_.credits_per_lead;
  auto report = match::RunSupplyScan(scan.query, signals, options, scorer_);
  if (!report) return core::Fail(report.error());
  return Finish(scan, *report);
}

core::Status SupplyScanService::Finish(const SupplyScan& scan,
                                       const match::SupplyScanReport& report) {
  json::object summary = match::SupplyScanToJson(report);
  json::object examples{{"examples", summary["examples"]}};
  summary.erase("examples");
  if (auto st = kv_.Put(ExamplesKey(scan.id), core::ToJson(examples), window_.keep()); !st) {
    return st;
  }
  // The email is queued in the same transaction that marks the scan done.
  const std::string& to = scan.notify_email;
  std::optional<notify::Email> email;
  if (!to.empty()) {
    const std::string base =
        options_.public_url.empty() ? "" : options_.public_url + "/v1/supply-scans/" + scan.id;
    auto rendered = templates_.Render(
        "supply_scan_results", to,
        {{"scan_name", scan.name},
         {"query", scan.query},
         {"window_days", fmt::format("{}", report.window_days)},
         {"signals", fmt::format("{}", report.signals_in_window)},
         {"matches", fmt::format("{}", report.matches)},
         {"matches_per_day", fmt::format("{:.1f}", report.matches_per_day)},
         {"by_source", BySourceText(report)},
         {"leads_per_month", fmt::format("{:.0f}", report.leads_per_month)},
         {"credits_per_month", fmt::format("{:.0f}", report.credits_per_month)},
         {"link", base.empty() ? "GET /v1/supply-scans/" + scan.id : base}});
    if (!rendered) return core::Fail(rendered.error());
    email = std::move(*rendered);
  }
  return db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto n = tx.Exec("UPDATE supply_scans SET status = 'done', summary_json = ?, finished_at = ? "
                     "WHERE id = ?",
                     {core::ToJson(summary), clock_.NowUnixMillis(), scan.id});
    if (!n) return core::Fail(n.error());
    if (email) {
      auto queued = outbox_.Enqueue(tx, *email);
      if (!queued) return core::Fail(queued.error());
    }
    return core::Status();
  });
}

core::Status SupplyScanService::MarkFailed(const SupplyScan& scan, const std::string& error) {
  auto n = db_.Exec(
      "UPDATE supply_scans SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
      {error, clock_.NowUnixMillis(), scan.id});
  if (!n) return core::Fail(n.error());
  return core::Status();
}

void SupplyScanService::StartWorker() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  worker_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      wake_ = false;
      lock.unlock();
      if (auto ran = RunPending(); !ran) {
        core::log::Warn("supply_scan.worker", {{"error", ran.error().message}});
      }
      lock.lock();
      cv_.wait_for(lock, std::chrono::seconds(30), [this] { return stop_ || wake_; });
    }
  });
}

void SupplyScanService::StopWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

}  // namespace leados::campaigns
