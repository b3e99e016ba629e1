#include "ingest/source_runner.h"

#include <fmt/format.h>

#include <cctype>

namespace leados::ingest {

RunnerSet RunnerSet::Default(RedditCredentials reddit) {
  RunnerSet set;
  std::shared_ptr<SourceRunner> feed = MakeFeedRunner();
  set.runners_[SourceType::kFeed] = feed;
  set.runners_[SourceType::kPress] = feed;
  set.runners_[SourceType::kHn] = MakeHnRunner();
  set.runners_[SourceType::kReddit] = MakeRedditRunner(std::move(reddit));
  set.runners_[SourceType::kGreenhouse] = MakeGreenhouseRunner();
  set.runners_[SourceType::kLever] = MakeLeverRunner();
  set.runners_[SourceType::kAshby] = MakeAshbyRunner();
  set.runners_[SourceType::kJobPage] = MakeJobPageRunner();
  set.runners_[SourceType::kJsonl] = MakeJsonlRunner();
  return set;
}

SourceRunner* RunnerSet::For(SourceType type) const {
  auto it = runners_.find(type);
  return it == runners_.end() ? nullptr : it->second.get();
}

void RunnerSet::Set(SourceType type, std::unique_ptr<SourceRunner> runner) {
  runners_[type] = std::move(runner);
}

namespace runner {

RunError FromFetch(const FetchError& e) {
  return RunError{std::string(FetchErrorKindName(e.kind)), e.message, e.retry_at};
}

RunError FromParse(std::string_view url, const core::Error& e) {
  return RunError{"parse", fmt::format("{}: {}", url, e.message), std::nullopt};
}

std::string CharsetOf(std::string_view content_type) {
  std::string lower;
  for (char c : content_type)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string value(content_type.substr(at + 8));
  if (const size_t end = value.find(';'); end != std::string::npos) value.resize(end);
  while (!value.empty() && (value.back() == ' ' || value.back() == '"')) value.pop_back();
  while (!value.empty() && (value.front() == ' ' || value.front() == '"')) value.erase(0, 1);
  return value;
}

ParseContext ContextFor(const Source& source, std::string_view url, std::string_view content_type,
                        SourceKind kind) {
  ParseContext ctx;
  ctx.url = std::string(url);
  ctx.http_charset = CharsetOf(content_type);
  ctx.feed_id = source.id;
  ctx.kind = kind;
  ctx.company = SettingString(source, "company");
  ctx.company_domain = SettingString(source, "company_domain");
  return ctx;
}

std::optional<RunError> Offer(const RunContext& ctx, const ParsedPage& page, RunReport& report) {
  for (const Signal& s : page.signals) {
    ++report.parsed;
    auto fresh = ctx.deduper.Offer(s);
    if (!fresh) return RunError{"sink", "handing signals on failed: " + fresh.error().message, {}};
    if (*fresh) ++report.new_signals;
  }
  return std::nullopt;
}

std::string TrimSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

RunOutcome FetchParseOffer(const RunContext& ctx, const std::string& url, SourceKind kind,
                           bool respect_robots, bool conditional, const PageParser& parse) {
  FetchRequest req;
  req.url = url;
  req.respect_robots = respect_robots;
  if (conditional) req.validators = ctx.source.state.validators;
  auto fetched = ctx.fetcher.Fetch(req);
  if (!fetched) return std::unexpected(FromFetch(fetched.error()));
  RunReport report;
  report.cursor = ctx.source.state.cursor;
  if (conditional) report.validators = fetched->validators;
  if (fetched->not_modified) {
    report.not_modified = true;
    if (report.validators.empty()) report.validators = ctx.source.state.validators;
    return report;
  }
  auto page =
      parse(fetched->body, ContextFor(ctx.source, fetched->final_url, fetched->content_type, kind));
  if (!page) return std::unexpected(FromParse(url, page.error()));
  if (auto err = Offer(ctx, *page, report)) return std::unexpected(std::move(*err));
  return report;
}

}  // namespace runner
}  // namespace leados::ingest
