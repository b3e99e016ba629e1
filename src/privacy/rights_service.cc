#include "privacy/rights_service.h"

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/log.h"

namespace leados::privacy {
namespace {

namespace json = core::json;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

std::string Time(int64_t ms) {
  return core::FormatRfc3339(core::TimePoint(std::chrono::milliseconds(ms)));
}
json::value OptTime(const std::optional<int64_t>& ms) {
  return ms ? json::value(Time(*ms)) : json::value(nullptr);
}

// `id` must outlive the returned value (AssociatedData holds views).
AssociatedData AdFor(std::string_view id) {
  return AssociatedData{"privacy_requests", "identifier", id};
}

// "kind:value" back into an Identity.
core::Result<Identity> ParseCanonical(std::string_view canonical) {
  const size_t colon = canonical.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view kind = canonical.substr(0, colon);
    for (auto k :
         {IdentityKind::kEmail, IdentityKind::kHandle, IdentityKind::kUrl, IdentityKind::kPhone}) {
      if (kind == IdentityKindName(k)) {
        return Identity{k, std::string(canonical.substr(colon + 1))};
      }
    }
  }
  return core::Internal("a privacy request's stored identity is malformed");
}

}  // namespace

RightsService::RightsService(store::Database& db, const core::Clock& clock,
                             const FieldCipher& cipher, const IdentityHasher& hasher,
                             SuppressionStore& suppression, RightsMailer& mailer,
                             RightsExecutor& executor, RightsServiceOptions options)
    : db_(db),
      clock_(clock),
      cipher_(cipher),
      hasher_(hasher),
      suppression_(suppression),
      mailer_(mailer),
      executor_(executor),
      options_(std::move(options)),
      requests_(db),
      ids_(clock) {}

std::vector<std::string> RightsService::SuppressionHashes(const Identity& identity) const {
  std::vector<std::string> out{hasher_.Keyed(identity)};
  if (auto drop = DropHash(identity)) out.push_back(*drop);
  return out;
}

core::Result<RightsRequest> RightsService::Submit(const RightsSubmission& s) {
  auto kind = ParseRightsKind(s.kind);
  if (!kind) return core::Fail(kind.error());
  auto jurisdiction = ParseJurisdiction(s.jurisdiction);
  if (!jurisdiction) return core::Fail(jurisdiction.error());
  if (s.identifier.size() > 2048) {
    return core::InvalidArgument("identifier: at most 2048 characters");
  }
  auto identity = NormalizeIdentifier(s.identifier_type, s.identifier);
  if (!identity) {
    const auto& m = identity.error().message;
    return core::InvalidArgument(m.starts_with("identifier_type") ? m : "identifier: " + m);
  }
  RightsRequest r;
  r.id = ids_.NewId("prq");
  r.kind = *kind;
  r.identifier_type = s.identifier_type;
  r.identity_hash = hasher_.Keyed(*identity);
  auto enc = cipher_.Encrypt(identity->Canonical(), AdFor(r.id));
  if (!enc) return core::Fail(enc.error());
  r.identifier_enc = *enc;
  r.jurisdiction = *jurisdiction;
  r.received_at_ms = clock_.NowUnixMillis();
  r.due_at_ms = r.received_at_ms + DeadlineDays(r.jurisdiction) * kDayMs;
  std::string token;
  if (identity->kind == IdentityKind::kEmail) {
    token = core::Base64UrlEncode(core::RandomBytes(32));
    r.status = RightsStatus::kAwaitingVerification;
    r.verification_hash = core::Sha256Hex(token);
  } else {
    r.status = RightsStatus::kPending;
  }
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    if (auto ins = requests_.Insert(tx, r); !ins) return ins;
    if (!token.empty()) {
      return mailer_.SendVerification(tx, r, identity->value,
                                      options_.verify_url + "?token=" + token);
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  core::log::Info("privacy.request_received",
                  {{"request", r.id},
                   {"kind", std::string(RightsKindName(r.kind))},
                   {"status", std::string(RightsStatusName(r.status))}});
  return r;
}

core::Result<RightsRequest> RightsService::Verify(std::string_view token) {
  if (token.empty() || token.size() > 200) {
    return core::NotFound("this link is not valid or was already used");
  }
  auto found = requests_.ByVerification(core::Sha256Hex(token));
  if (!found) return core::Fail(found.error());
  if (!found->has_value()) return core::NotFound("this link is not valid or was already used");
  const std::string id = (*found)->id;
  bool verified = false;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto marked = requests_.MarkVerified(tx, id, clock_.NowUnixMillis());
    if (!marked) return core::Fail(marked.error());
    verified = *marked;
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  if (!verified) return core::NotFound("this link is not valid or was already used");
  auto request = requests_.Get(id);
  if (!request) return core::Fail(request.error());
  return Process(*request, "requester");
}

core::Result<RightsRequest> RightsService::Complete(std::string_view id,
                                                    std::string_view admin_id) {
  auto request = requests_.Get(id);
  if (!request) return core::Fail(request.error());
  if (!request->open()) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "privacy request " + request->id + " is already " +
                          std::string(RightsStatusName(request->status)));
  }
  return Process(*request, std::string(admin_id));
}

core::Result<RightsRequest> RightsService::Reject(std::string_view id, std::string_view admin_id,
                                                  std::string_view reason) {
  if (reason.empty() || reason.size() > 500) {
    return core::InvalidArgument("reason: say in 1 to 500 characters why the request is rejected");
  }
  bool closed = false;
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    auto r = requests_.GetIn(tx, id, true);
    if (!r) return core::Fail(r.error());
    auto c = requests_.Close(tx, id, RightsStatus::kRejected, admin_id, "{}", reason,
                             clock_.NowUnixMillis());
    if (!c) return core::Fail(c.error());
    closed = *c;
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  auto r = requests_.Get(id);
  if (!r) return core::Fail(r.error());
  if (!closed) {
    return core::Fail(
        core::ErrorCode::kFailedPrecondition,
        "privacy request " + r->id + " is already " + std::string(RightsStatusName(r->status)));
  }
  core::log::Info("privacy.request_rejected", {{"request", r->id}});
  return r;
}

core::Result<std::vector<RightsRequest>> RightsService::List(std::optional<RightsStatus> status,
                                                             int limit) {
  return requests_.List(status, limit);
}

core::Result<Identity> RightsService::IdentityOf(const RightsRequest& request) const {
  auto canonical = cipher_.Decrypt(request.identifier_enc, AdFor(request.id));
  if (!canonical) return core::Fail(canonical.error());
  return ParseCanonical(*canonical);
}

core::Result<RightsRequest> RightsService::Process(const RightsRequest& request,
                                                   std::string closed_by) {
  auto identity = IdentityOf(request);
  if (!identity) return core::Fail(identity.error());
  const std::vector<std::string> hashes = SuppressionHashes(*identity);
  bool closed = false;
  // Closes the request in the executor's (or our) transaction; for a deletion the person goes on
  // the suppression list in the same transaction.
  auto finish = [&](store::SqlSession& tx, const json::object& counts) -> core::Status {
    json::object result = counts;
    if (request.kind == RightsKind::kDeletion) {
      auto added = suppression_.AddKeyed(tx, hashes[0], request.id);
      if (!added) return core::Fail(added.error());
      result["suppressed"] = true;
    } else {
      auto suppressed = suppression_.AnyOfIn(tx, hashes);
      if (!suppressed) return core::Fail(suppressed.error());
      result["suppressed"] = *suppressed;
      if (request.verified && identity->kind == IdentityKind::kEmail && closed_by == "requester") {
        if (auto st = mailer_.SendAccessAnswer(tx, request, identity->value, result); !st) {
          return st;
        }
      }
    }
    auto c = requests_.Close(tx, request.id, RightsStatus::kCompleted, closed_by,
                             core::ToJson(result), "", clock_.NowUnixMillis());
    if (!c) return core::Fail(c.error());
    closed = *c;
    // A request closed meanwhile (another admin, a second click): undo our part of it.
    if (!closed) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "privacy request " + request.id + " was closed meanwhile");
    }
    return core::Ok();
  };
  if (request.kind == RightsKind::kDeletion) {
    auto erased = executor_.Erase(*identity, request.id, finish);
    if (!erased) return core::Fail(erased.error());
  } else {
    auto inventory = executor_.Inventory(*identity);
    if (!inventory) return core::Fail(inventory.error());
    auto st = db_.Transact([&](store::SqlSession& tx) { return finish(tx, *inventory); });
    if (!st) return core::Fail(st.error());
  }
  core::log::Info("privacy.request_completed",
                  {{"request", request.id}, {"kind", std::string(RightsKindName(request.kind))}});
  return requests_.Get(request.id);
}

json::object RightsRequestJson(const RightsRequest& r, int64_t now_ms) {
  json::object o{{"id", r.id},
                 {"kind", std::string(RightsKindName(r.kind))},
                 {"identifier_type", r.identifier_type},
                 {"jurisdiction", std::string(JurisdictionName(r.jurisdiction))},
                 {"status", std::string(RightsStatusName(r.status))},
                 {"verified", r.verified},
                 {"received_at", Time(r.received_at_ms)},
                 {"due_at", Time(r.due_at_ms)},
                 {"overdue", r.Overdue(now_ms)},
                 {"verified_at", OptTime(r.verified_at_ms)},
                 {"closed_at", OptTime(r.closed_at_ms)},
                 {"closed_by", r.closed_by ? json::value(*r.closed_by) : json::value(nullptr)}};
  auto result = core::ParseJsonObject(r.result_json);
  o["result"] = result ? json::value(*result) : json::value(json::object{});
  if (r.status == RightsStatus::kRejected) o["reject_reason"] = r.reject_reason;
  return o;
}

}  // namespace leados::privacy
