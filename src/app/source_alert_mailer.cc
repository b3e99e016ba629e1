#include "app/source_alert_mailer.h"

#include <fmt/format.h>

#include "core/log.h"

namespace leados::app {
namespace {

std::string When(const std::optional<int64_t>& ms) {
  if (!ms) return "never";
  return core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(*ms)));
}

}  // namespace

SourceAlertMailer::SourceAlertMailer(store::Database& db, accounts::AdminService& admins,
                                     const core::Clock& clock, std::string console_url)
    : db_(db), admins_(admins), outbox_(clock), console_url_(std::move(console_url)) {}

core::Status SourceAlertMailer::Alert(const ingest::Source& s) {
  auto admins = admins_.ListActive();
  if (!admins) return core::Fail(admins.error());
  if (admins->empty()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "no admin to alert (create one with `leados admin create`)");
  }
  const notify::TemplateVars vars{
      {"source", s.spec.name},
      {"source_id", s.id},
      {"kind", std::string(ingest::SourceTypeName(s.spec.type))},
      {"failures", std::to_string(s.state.consecutive_failures)},
      {"error_kind", s.state.last_error_kind.value_or("")},
      {"error", s.state.last_error_message.value_or("")},
      {"last_success", When(s.state.last_success_at_ms)},
      {"next_run", When(s.state.next_run_at_ms)},
      {"console", console_url_ + s.id},
  };
  std::vector<notify::Email> emails;
  for (const auto& admin : *admins) {
    auto email = templates_.Render("source_failing", admin.email, vars);
    if (!email) return core::Fail(email.error());
    emails.push_back(std::move(*email));
  }
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    for (const auto& e : emails) {
      if (auto id = outbox_.Enqueue(tx, e); !id) return core::Fail(id.error());
    }
    return core::Ok();
  });
  if (!st) return st;
  core::log::Warn("ingest.source_alerted",
                  {{"source", s.spec.name},
                   {"admins", static_cast<int64_t>(emails.size())},
                   {"consecutive_failures", s.state.consecutive_failures}});
  return core::Ok();
}

}  // namespace leados::app
