#include "app/privacy_stack.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "api/privacy_routes.h"
#include "app/accounts_stack.h"
#include "app/deliver_stack.h"
#include "app/pipeline_stack.h"
#include "core/log.h"
#include "deliver/webhook_endpoint.h"

namespace leados::app {
namespace {

namespace json = core::json;

// The lead identities (pipeline/fingerprint.h) a person's identity can appear as.
std::vector<std::string> LeadIdentitiesOf(const privacy::Identity& identity) {
  std::vector<std::string> out;
  auto add = [&out](ingest::SourceKind kind, std::string_view author) {
    pipeline::IdentityParts parts;
    parts.source = kind;
    parts.author = std::string(author);
    std::string id = pipeline::LeadIdentity(parts);
    if (id.starts_with("author:")) out.push_back(std::move(id));
  };
  if (identity.kind == privacy::IdentityKind::kHandle) {
    const size_t colon = identity.value.find(':');
    if (auto kind = ingest::ParseSourceKind(identity.value.substr(0, colon))) {
      add(*kind, identity.value.substr(colon + 1));
    }
  } else if (identity.kind == privacy::IdentityKind::kEmail) {
    for (auto kind :
         {ingest::SourceKind::kHackerNews, ingest::SourceKind::kReddit, ingest::SourceKind::kRss}) {
      add(kind, identity.value);
    }
  }
  return out;
}

}  // namespace

core::Result<bool> PrivacySuppressionList::Suppressed(std::string_view,
                                                      const ingest::Signal& signal) const {
  std::vector<std::string> hashes;
  for (const auto& id : privacy::AuthorIdentities(ingest::SourceKindName(signal.source),
                                                  signal.author, signal.author_url)) {
    hashes.push_back(hasher_.Keyed(id));
    if (auto drop = privacy::DropHash(id)) hashes.push_back(*drop);
  }
  return store_.AnyOf(hashes);
}

core::Result<privacy::IdentityHasher> OpenIdentityHasher(const core::Config& config) {
  auto secret = FingerprintSecret(config);
  if (!secret) return core::Fail(secret.error());
  return privacy::IdentityHasher::Create(*secret);
}

core::Result<std::vector<pipeline::LeadRecord>> LeadRightsExecutor::LeadsAbout(
    const privacy::Identity& identity) {
  const std::vector<std::string> identities = LeadIdentitiesOf(identity);
  if (identities.empty()) return std::vector<pipeline::LeadRecord>{};
  auto accounts = p_.leads.AccountIds();
  if (!accounts) return core::Fail(accounts.error());
  std::vector<std::string> fingerprints;
  for (const auto& account : *accounts) {
    for (const auto& id : identities) fingerprints.push_back(p_.fingerprinter.Compute(account, id));
  }
  return p_.leads.ByFingerprints(fingerprints);
}

core::Result<json::object> LeadRightsExecutor::Inventory(const privacy::Identity& identity) {
  auto leads = LeadsAbout(identity);
  if (!leads) return core::Fail(leads.error());
  std::map<std::string, int64_t> by_source;
  std::set<std::string> accounts;
  int64_t in_flight = 0;
  for (const auto& lead : *leads) {
    accounts.insert(lead.account_id);
    if (lead.payload_deleted_at_ms) continue;
    auto payload = p_.payloads.Get(lead.id);
    if (!payload) return core::Fail(payload.error());
    if (!payload->has_value()) continue;
    ++by_source[lead.source_kind];
    ++in_flight;
  }
  json::object sources;
  for (const auto& [k, v] : by_source) sources[k] = v;
  return json::object{{"payloads_in_flight", in_flight},
                      {"payloads_by_source", std::move(sources)},
                      {"leads", static_cast<int64_t>(leads->size())},
                      {"accounts", static_cast<int64_t>(accounts.size())}};
}

core::Result<json::object> LeadRightsExecutor::Erase(const privacy::Identity& identity,
                                                     std::string_view request_id,
                                                     const Finish& finish) {
  auto leads = LeadsAbout(identity);
  if (!leads) return core::Fail(leads.error());
  const int64_t now = p_.clock.NowUnixMillis();
  int64_t payloads_deleted = 0, bodies_deleted = 0;
  // First the personal data itself (the KV store has no transactions; every step is idempotent,
  // so a crash before the commit below is repaired by processing the request again).
  for (const auto& lead : *leads) {
    auto gone = p_.payloads.Delete(lead.id);
    if (!gone) return core::Fail(gone.error());
    payloads_deleted += *gone ? 1 : 0;
    if (p_.deliveries != nullptr) {
      auto refs = p_.deliveries->store().PayloadRefsForLead(lead.id);
      if (!refs) return core::Fail(refs.error());
      for (const auto& ref : *refs) {
        if (auto st = p_.deliveries->DeletePayload(ref); !st) return core::Fail(st.error());
        ++bodies_deleted;
      }
    }
    if (!lead.payload_deleted_at_ms) {
      if (auto st = p_.leads.MarkPayloadDeleted(lead.id, now); !st) return core::Fail(st.error());
    }
  }
  // The clients who received a lead about the person (held leads were never delivered).
  std::map<std::string, std::vector<const pipeline::LeadRecord*>> by_account;
  for (const auto& lead : *leads) {
    if (!lead.held) by_account[lead.account_id].push_back(&lead);
  }
  std::map<std::string, std::vector<std::string>> owners;
  for (const auto& [account, _] : by_account) {
    auto to = p_.accounts.OwnerEmails(account);
    if (!to) return core::Fail(to.error());
    owners[account] = std::move(*to);
  }
  json::object counts{{"leads", static_cast<int64_t>(leads->size())},
                      {"payloads_deleted", payloads_deleted},
                      {"webhook_bodies_deleted", bodies_deleted},
                      {"accounts_notified", static_cast<int64_t>(by_account.size())}};
  const std::string requested_at =
      core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(now)));
  auto st = p_.db.Transact([&](store::SqlSession& tx) -> core::Status {
    int64_t events = 0;
    for (const auto& [account, leads_of] : by_account) {
      std::string ids;
      for (const auto* lead : leads_of) {
        ids += (ids.empty() ? "" : "\n") + lead->id;
        if (p_.deliveries == nullptr) continue;
        auto made =
            p_.deliveries->EnqueueIn(tx, account, deliver::kEventLeadErasureRequested, lead->id,
                                     core::ToJson(json::object{{"lead_id", lead->id},
                                                               {"campaign_id", lead->campaign_id},
                                                               {"requested_at", requested_at}}));
        if (!made) return core::Fail(made.error());
        events += static_cast<int64_t>(made->size());
      }
      for (const auto& address : owners[account]) {
        auto email =
            p_.templates.Render("lead_erasure_requested", address,
                                {{"count", std::to_string(leads_of.size())}, {"lead_ids", ids}});
        if (!email) return core::Fail(email.error());
        email->account_id = account;
        if (auto id = p_.outbox.Enqueue(tx, *email); !id) return core::Fail(id.error());
      }
    }
    json::object result = counts;
    result["webhook_events"] = events;
    return finish(tx, result);
  });
  if (!st) return core::Fail(st.error());
  core::log::Info("privacy.erased", {{"request", std::string(request_id)},
                                     {"leads", static_cast<int64_t>(leads->size())},
                                     {"payloads_deleted", payloads_deleted},
                                     {"accounts", static_cast<int64_t>(by_account.size())}});
  return counts;
}

core::Status OutboxRightsMailer::SendVerification(store::SqlSession& tx,
                                                  const privacy::RightsRequest& request,
                                                  std::string_view to, std::string_view link) {
  auto email = templates_.Render(
      "privacy_request_verify", to,
      {{"action", request.kind == privacy::RightsKind::kDeletion ? "delete" : "see"},
       {"request_id", request.id},
       {"link", std::string(link)}});
  if (!email) return core::Fail(email.error());
  if (auto id = outbox_.Enqueue(tx, *email); !id) return core::Fail(id.error());
  return core::Ok();
}

core::Status OutboxRightsMailer::SendAccessAnswer(store::SqlSession& tx,
                                                  const privacy::RightsRequest& request,
                                                  std::string_view to, const json::object& answer) {
  std::string by_source;
  if (const auto* sources = answer.if_contains("payloads_by_source");
      sources != nullptr && sources->is_object()) {
    for (const auto& [k, v] : sources->as_object()) {
      by_source += fmt::format("{}{}: {}", by_source.empty() ? "" : ", ", std::string_view(k),
                               v.is_int64() ? v.as_int64() : 0);
    }
  }
  if (by_source.empty()) by_source = "none";
  const auto* suppressed = answer.if_contains("suppressed");
  auto email = templates_.Render(
      "privacy_access_answer", to,
      {{"request_id", request.id},
       {"payloads", std::to_string(core::IntOr(answer, "payloads_in_flight", 0))},
       {"by_source", by_source},
       {"suppressed",
        suppressed != nullptr && suppressed->is_bool() && suppressed->as_bool() ? "yes" : "no"}});
  if (!email) return core::Fail(email.error());
  if (auto id = outbox_.Enqueue(tx, *email); !id) return core::Fail(id.error());
  return core::Ok();
}

core::Result<std::unique_ptr<PrivacyStack>> PrivacyStack::Open(Runtime& rt,
                                                               const privacy::FieldCipher& cipher,
                                                               accounts::AccountService& accounts,
                                                               PipelineStack& pipeline,
                                                               DeliverStack* deliver) {
  std::unique_ptr<PrivacyStack> s(new PrivacyStack());
  s->rt_ = &rt;
  auto hasher = OpenIdentityHasher(rt.config());
  if (!hasher) return core::Fail(hasher.error());
  s->hasher_ = std::make_unique<privacy::IdentityHasher>(std::move(*hasher));
  s->suppression_ = std::make_unique<privacy::SuppressionStore>(rt.database(), rt.clock());
  s->outbox_ = std::make_unique<notify::Outbox>(rt.clock());
  s->templates_ = std::make_unique<notify::EmailTemplates>();
  s->mailer_ = std::make_unique<OutboxRightsMailer>(*s->outbox_, *s->templates_);
  s->executor_ = std::make_unique<LeadRightsExecutor>(RightsExecutorParts{
      rt.database(), rt.clock(), pipeline.lead_store(), pipeline.payloads(),
      pipeline.fingerprinter(), deliver != nullptr ? &deliver->deliveries() : nullptr, *s->outbox_,
      *s->templates_, accounts});
  const std::string origin = rt.config().GetString("server.public_url").empty()
                                 ? PublicOrigin(rt.config())
                                 : rt.config().GetString("server.public_url");
  s->rights_ = std::make_unique<privacy::RightsService>(
      rt.database(), rt.clock(), cipher, *s->hasher_, *s->suppression_, *s->mailer_, *s->executor_,
      privacy::RightsServiceOptions{origin + "/v1/privacy/requests/verify"});
  return s;
}

void PrivacyStack::RegisterRoutes(api::AccountsApi& api, http::Router& router,
                                  accounts::AuditLog& audit) {
  api::AddPrivacyRoutes(api, router,
                        api::PrivacyRouteServices{*rights_, audit, rt_->database(), rt_->clock()});
}

}  // namespace leados::app
