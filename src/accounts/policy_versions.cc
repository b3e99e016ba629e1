#include "accounts/policy_versions.h"

#include <fmt/format.h>

#include <cctype>

namespace leados::accounts {
namespace {

constexpr size_t kMaxVersion = 40;
constexpr size_t kMaxSummary = 2000;

constexpr std::string_view kVersionColumns =
    "id, kind, version, published_at, summary, published_by";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

PolicyVersion VersionFrom(const store::Row& r) {
  return PolicyVersion{
      r.Text(0), r.Text(1) == "privacy" ? PolicyKind::kPrivacy : PolicyKind::kTerms,
      r.Text(2), r.Int(3),
      r.Text(4), r.Text(5)};
}

PolicyVersion Bundled(PolicyKind kind) {
  return PolicyVersion{"", kind, std::string(kBundledPolicyVersion), 0, "", ""};
}

// The latest published version of `kind`, or the bundled one. `Conn` is a Database or SqlSession.
template <typename Conn>
core::Result<PolicyVersion> Latest(Conn& conn, PolicyKind kind) {
  auto rows = conn.Query(fmt::format("SELECT {} FROM policy_versions WHERE kind = ? ORDER BY "
                                     "published_at DESC, id DESC LIMIT 1",
                                     kVersionColumns),
                         {std::string(PolicyKindName(kind))});
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return Bundled(kind);
  return VersionFrom(rows->front());
}

core::Status CheckVersionText(std::string_view version) {
  if (version.empty() || version.size() > kMaxVersion) {
    return core::InvalidArgument(
        fmt::format("version must be 1 to {} characters, e.g. \"2026-11-30\"", kMaxVersion));
  }
  for (char c : version) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return core::InvalidArgument(
          "version may hold only letters, digits, '.', '_' and '-', e.g. \"2026-11-30\"");
    }
  }
  return core::Ok();
}

}  // namespace

std::string_view PolicyKindName(PolicyKind kind) {
  return kind == PolicyKind::kPrivacy ? "privacy" : "terms";
}

core::Result<PolicyKind> ParsePolicyKind(std::string_view text) {
  if (text == "privacy") return PolicyKind::kPrivacy;
  if (text == "terms") return PolicyKind::kTerms;
  return core::InvalidArgument("kind must be \"privacy\" or \"terms\"");
}

std::string_view PolicyPath(PolicyKind kind) {
  return kind == PolicyKind::kPrivacy ? "/privacy" : "/terms";
}

std::string_view PolicyTitle(PolicyKind kind) {
  return kind == PolicyKind::kPrivacy ? "privacy policy" : "terms of service";
}

core::Result<std::string> CurrentPolicyVersion(store::SqlSession& tx, PolicyKind kind) {
  auto v = Latest(tx, kind);
  if (!v) return core::Fail(v.error());
  return v->version;
}

core::Result<std::string> CurrentPolicyVersion(store::Database& db, PolicyKind kind) {
  auto v = Latest(db, kind);
  if (!v) return core::Fail(v.error());
  return v->version;
}

core::Status RecordPolicyAcceptance(store::SqlSession& tx, const std::string& user_id,
                                    PolicyKind kind, const std::string& version, int64_t at_ms) {
  const std::string k(PolicyKindName(kind));
  auto seen =
      tx.Query("SELECT 1 FROM policy_acceptances WHERE user_id = ? AND kind = ? AND version = ?",
               {user_id, k, version});
  if (!seen) return core::Fail(seen.error());
  if (!seen->empty()) return core::Ok();
  auto done = tx.Exec(
      "INSERT INTO policy_acceptances (user_id, kind, version, accepted_at) VALUES (?, ?, ?, ?)",
      {user_id, k, version, at_ms});
  if (!done) return core::Fail(done.error());
  // The users row names the latest acceptance (what sign-up wrote there before this table).
  auto row = kind == PolicyKind::kTerms
                 ? tx.Exec("UPDATE users SET terms_version = ?, terms_accepted_at = ? WHERE id = ?",
                           {version, at_ms, user_id})
                 : tx.Exec("UPDATE users SET privacy_version = ? WHERE id = ?", {version, user_id});
  if (!row) return core::Fail(row.error());
  return core::Ok();
}

PolicyVersions::PolicyVersions(store::Database& db, const core::Clock& clock, AuditLog& audit,
                               PolicyVersionsOptions options)
    : db_(db),
      clock_(clock),
      audit_(audit),
      options_(std::move(options)),
      outbox_(clock),
      templates_(options_.product_name),
      ids_(clock) {}

core::Result<PublishedPolicy> PolicyVersions::Publish(const PublishPolicyRequest& req,
                                                      std::string_view admin_id,
                                                      std::string_view ip) {
  auto kind = ParsePolicyKind(req.kind);
  if (!kind) return core::Fail(kind.error());
  const std::string version(Trim(req.version));
  if (auto ok = CheckVersionText(version); !ok) return core::Fail(ok.error());
  if (version == kBundledPolicyVersion) {
    return core::Fail(core::ErrorCode::kAlreadyExists,
                      fmt::format("version \"{}\" is the bundled {}; choose a new version", version,
                                  PolicyTitle(*kind)));
  }
  const std::string summary(Trim(req.summary));
  if (summary.empty() || summary.size() > kMaxSummary) {
    return core::InvalidArgument(fmt::format(
        "summary must say what changed, in 1 to {} characters (it is emailed to every user)",
        kMaxSummary));
  }
  PublishedPolicy out;
  out.version = PolicyVersion{ids_.NewId("pol"),      *kind,   version,
                              clock_.NowUnixMillis(), summary, std::string(admin_id)};
  const std::string link = options_.public_url + std::string(PolicyPath(*kind));
  auto done = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    out.emails_queued = 0;
    auto exists = tx.Query("SELECT 1 FROM policy_versions WHERE kind = ? AND version = ?",
                           {std::string(PolicyKindName(*kind)), version});
    if (!exists) return core::Fail(exists.error());
    if (!exists->empty()) {
      return core::Fail(core::ErrorCode::kAlreadyExists,
                        fmt::format("{} version \"{}\" was already published; choose a new version",
                                    PolicyKindName(*kind), version));
    }
    const PolicyVersion& v = out.version;
    auto ins = tx.Exec(
        "INSERT INTO policy_versions (id, kind, version, published_at, summary, published_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {v.id, std::string(PolicyKindName(v.kind)), v.version, v.published_at_ms, v.summary,
         v.published_by});
    if (!ins) return core::Fail(ins.error());
    auto users = tx.Query(
        "SELECT u.email, u.account_id FROM users u JOIN accounts a ON a.id = u.account_id "
        "WHERE a.status = 'active' AND u.email_verified_at IS NOT NULL ORDER BY u.created_at, "
        "u.id");
    if (!users) return core::Fail(users.error());
    const notify::TemplateVars vars = {{"policy", std::string(PolicyTitle(v.kind))},
                                       {"version", v.version},
                                       {"summary", v.summary},
                                       {"link", link}};
    for (const auto& u : *users) {
      auto email = templates_.Render("policy_update", u.Text(0), vars);
      if (!email) return core::Fail(email.error());
      email->account_id = u.Text(1);
      auto queued = outbox_.Enqueue(tx, *email);
      if (!queued) return core::Fail(queued.error());
      ++out.emails_queued;
    }
    auto audited = audit_.Record(
        tx, {ActorKind::kAdmin, std::string(admin_id), std::nullopt, "admin.policy.publish",
             fmt::format("{} {}", PolicyKindName(v.kind), v.version), std::string(ip),
             AuditOutcome::kSuccess, fmt::format("{} account holders emailed", out.emails_queued)});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!done) return core::Fail(done.error());
  return out;
}

core::Result<std::vector<PolicyListing>> PolicyVersions::List() {
  auto rows = db_.Query(fmt::format(
      "SELECT {}, (SELECT COUNT(*) FROM policy_acceptances p WHERE p.kind = v.kind AND "
      "p.version = v.version) FROM policy_versions v ORDER BY published_at DESC, id DESC",
      kVersionColumns));
  if (!rows) return core::Fail(rows.error());
  std::vector<PolicyListing> out;
  bool seen_privacy = false, seen_terms = false;
  for (const auto& r : *rows) {
    PolicyListing l{VersionFrom(r), r.Int(6), false};
    bool& seen = l.version.kind == PolicyKind::kPrivacy ? seen_privacy : seen_terms;
    l.current = !seen;  // newest first: the first of each kind is the current one
    seen = true;
    out.push_back(std::move(l));
  }
  return out;
}

core::Result<std::vector<CurrentPolicy>> PolicyVersions::Current(
    std::optional<std::string_view> user_id) {
  std::vector<CurrentPolicy> out;
  for (PolicyKind kind : {PolicyKind::kPrivacy, PolicyKind::kTerms}) {
    auto v = Latest(db_, kind);
    if (!v) return core::Fail(v.error());
    CurrentPolicy c{std::move(*v), std::nullopt, std::nullopt};
    if (user_id) {
      auto rows = db_.Query(
          "SELECT accepted_at FROM policy_acceptances WHERE user_id = ? AND kind = ? AND "
          "version = ?",
          {std::string(*user_id), std::string(PolicyKindName(kind)), c.version.version});
      if (!rows) return core::Fail(rows.error());
      c.accepted = !rows->empty();
      if (!rows->empty()) c.accepted_at_ms = rows->front().Int(0);
    }
    out.push_back(std::move(c));
  }
  return out;
}

core::Result<CurrentPolicy> PolicyVersions::Accept(std::string_view user_id,
                                                   std::string_view account_id,
                                                   std::string_view kind_text,
                                                   std::string_view version, std::string_view ip) {
  auto kind = ParsePolicyKind(kind_text);
  if (!kind) return core::Fail(kind.error());
  const std::string uid(user_id);
  const std::string wanted(Trim(version));
  if (wanted.empty()) return core::InvalidArgument("version is required");
  CurrentPolicy out;
  auto done = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto current = Latest(tx, *kind);
    if (!current) return core::Fail(current.error());
    if (current->version != wanted) {
      return core::Fail(
          core::ErrorCode::kConflict,
          fmt::format("{} version \"{}\" is not the current one (\"{}\"): reload the page and "
                      "accept the current version",
                      PolicyKindName(*kind), wanted, current->version));
    }
    auto prior = tx.Query(
        "SELECT accepted_at FROM policy_acceptances WHERE user_id = ? AND kind = ? AND version = ?",
        {uid, std::string(PolicyKindName(*kind)), wanted});
    if (!prior) return core::Fail(prior.error());
    out = CurrentPolicy{*current, true, std::nullopt};
    if (!prior->empty()) {
      out.accepted_at_ms = prior->front().Int(0);
      return core::Ok();
    }
    const int64_t now = clock_.NowUnixMillis();
    if (auto ok = RecordPolicyAcceptance(tx, uid, *kind, wanted, now); !ok) return ok;
    out.accepted_at_ms = now;
    auto audited =
        audit_.Record(tx, {ActorKind::kUser, uid, std::string(account_id), "policy.accept",
                           fmt::format("{} {}", PolicyKindName(*kind), wanted), std::string(ip),
                           AuditOutcome::kSuccess, ""});
    if (!audited) return core::Fail(audited.error());
    return core::Ok();
  });
  if (!done) return core::Fail(done.error());
  return out;
}

}  // namespace leados::accounts
