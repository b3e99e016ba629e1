#include "api/billing_routes.h"

#include <fmt/format.h>

#include <cctype>

#include "api/http_util.h"
#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::api {
namespace {

using accounts::ApiScope;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

constexpr size_t kMaxReason = 300;

json::object EntryJson(const billing::LedgerEntry& e) {
  return json::object{{"id", e.id},
                      {"amount", e.amount},
                      {"balance_after", e.balance_after},
                      {"reason", std::string(billing::EntryReasonName(e.reason))},
                      {"reference", e.reference},
                      {"created_at", Rfc3339Millis(e.created_at_ms)}};
}

}  // namespace

void AddBillingRoutes(AccountsApi& api, http::Router& router, BillingRouteServices s) {
  api.Add(router, "GET", "/v1/balance",
          {.operation_id = "getBalance",
           .summary = "The account's credit balance, its low-credit threshold and leads on hold",
           .tags = {"billing"},
           .auth = Auth::kSessionOrApiKey,
           .responses = {ResponseDoc{200, "the balance"},
                         ResponseDoc{401, "not signed in and no API key"},
                         ResponseDoc{403, "the API key lacks the scope billing:read"}}},
          ApiScope::kBillingRead, [s](Request&, const Caller& caller) {
            auto view = s.ledger.View(caller.account_id);
            if (!view) return ErrorResponse(view.error());
            auto held = s.charges.HeldCount(caller.account_id);
            if (!held) return ErrorResponse(held.error());
            return Response::Json(
                200, json::object{{"balance", view->balance},
                                  {"low_credit_threshold", view->low_threshold},
                                  {"low_credit_threshold_is_default", view->low_threshold_default},
                                  {"held_leads", *held},
                                  {"updated_at", TimeOrNull(view->updated_at_ms)}});
          });

  api.Add(router, "PATCH", "/v1/balance",
          {.operation_id = "updateBalanceSettings",
           .summary = "Sets the account's low-credit threshold (null: the default)",
           .tags = {"billing"},
           .auth = Auth::kSession,
           .request_schema = JsonSchema(R"({"type":"object","required":["low_credit_threshold"],
             "properties":{"low_credit_threshold":{"type":["integer","null"],"minimum":0}}})"),
           .responses = {ResponseDoc{200, "the balance"},
                         ResponseDoc{400, "bad threshold; the message names the field"},
                         ResponseDoc{401, "not signed in"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            if (!body->contains("low_credit_threshold")) {
              return ErrorResponse(core::Error{
                  core::ErrorCode::kInvalidArgument,
                  "low_credit_threshold: required (a whole number of credits, or null for the "
                  "default)"});
            }
            auto t = core::OptInt(*body, "low_credit_threshold");
            if (!t) return ErrorResponse(t.error());
            if (auto st = s.ledger.SetLowThreshold(caller.account_id, *t); !st) {
              return ErrorResponse(st.error());
            }
            auto view = s.ledger.View(caller.account_id);
            if (!view) return ErrorResponse(view.error());
            return Response::Json(200, json::object{{"balance", view->balance},
                                                    {"low_credit_threshold", view->low_threshold},
                                                    {"low_credit_threshold_is_default",
                                                     view->low_threshold_default}});
          });

  api.Add(router, "GET", "/v1/ledger-entries",
          {.operation_id = "listLedgerEntries",
           .summary = "The account's credit ledger, newest first",
           .tags = {"billing"},
           .auth = Auth::kSessionOrApiKey,
           .responses = {ResponseDoc{200, "a page: data and next_cursor"},
                         ResponseDoc{400, "bad cursor or limit; the message names it"},
                         ResponseDoc{401, "not signed in and no API key"},
                         ResponseDoc{403, "the API key lacks the scope billing:read"}},
           .query_params = {{"limit", "1 to 200 (default 50)", false, "integer"},
                            {"cursor", "next_cursor of the previous page"}}},
          ApiScope::kBillingRead, [s](Request& req, const Caller& caller) {
            auto limit = LimitParam(req, 50, 200);
            if (!limit) return ErrorResponse(limit.error());
            auto page = s.ledger.List(caller.account_id, req.Query("cursor").value_or(""), *limit);
            if (!page) return ErrorResponse(page.error());
            json::array data;
            for (const auto& e : page->entries) data.emplace_back(EntryJson(e));
            return Response::Json(
                200, json::object{{"data", std::move(data)},
                                  {"next_cursor", page->next_cursor.empty()
                                                      ? json::value()
                                                      : json::value(page->next_cursor)}});
          });

  api.Add(
      router, "POST", "/admin/api/accounts/{id}/credits",
      {.operation_id = "adminAdjustCredits",
       .summary = "Adds (amount > 0) or removes (amount < 0) credits of an account, with the "
                  "reason; audited",
       .tags = {"admin"},
       .auth = Auth::kAdmin,
       .request_schema = JsonSchema(R"({"type":"object","required":["amount","reason"],
             "properties":{"amount":{"type":"integer"},"reason":{"type":"string","minLength":1},
             "idempotency_key":{"type":"string"}}})"),
       .responses = {ResponseDoc{200, "the ledger entry and the new balance"},
                     ResponseDoc{400, "amount or reason missing or invalid"},
                     ResponseDoc{404, "no such account"},
                     ResponseDoc{409, "idempotency_key already used for another change"},
                     ResponseDoc{422, "the balance is smaller than the amount removed"}}},
      std::nullopt, [s](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto amount = core::ReqInt(*body, "amount");
        if (!amount) return ErrorResponse(amount.error());
        if (*amount == 0) {
          return ErrorResponse(core::Error{core::ErrorCode::kInvalidArgument,
                                           "amount: must not be 0 (positive adds credits, "
                                           "negative removes them)"});
        }
        auto reason_field = core::OptString(*body, "reason");
        if (!reason_field) return ErrorResponse(reason_field.error());
        std::string reason = reason_field->value_or("");
        while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) {
          reason.pop_back();
        }
        if (reason.empty() || reason.size() > kMaxReason) {
          return ErrorResponse(
              core::Error{core::ErrorCode::kInvalidArgument,
                          fmt::format("reason: required, 1 to {} characters saying why the credits "
                                      "change (kept in the ledger and the audit log)",
                                      kMaxReason)});
        }
        auto key = core::OptString(*body, "idempotency_key");
        if (!key) return ErrorResponse(key.error());
        const std::string account(req.PathParam("id"));
        if (auto exists = s.accounts.GetAccount(account); !exists) {
          if (exists.error().code == core::ErrorCode::kNotFound) {
            return ErrorResponse(core::Error{core::ErrorCode::kNotFound, "no account " + account});
          }
          return ErrorResponse(exists.error());
        }
        billing::AppendRequest append{account, *amount, billing::EntryReason::kAdjustment,
                                      fmt::format("admin {}: {}", caller.principal_id, reason),
                                      key->has_value()
                                          ? "admin:" + **key
                                          : "admin:" + core::HexEncode(core::RandomBytes(16))};
        billing::LedgerEntry entry;
        auto st = s.db.Transact([&](store::SqlSession& tx) -> core::Status {
          auto e = s.ledger.AppendIn(tx, append);
          if (!e) return core::Fail(e.error());
          entry = std::move(*e);
          if (entry.replayed) return core::Ok();
          auto audited = s.audit.Record(
              tx, {accounts::ActorKind::kAdmin, caller.principal_id, account,
                   "admin.credits_adjust", account, caller.ip, accounts::AuditOutcome::kSuccess,
                   fmt::format("amount {} balance {} reason: {}", entry.amount, entry.balance_after,
                               reason)});
          if (!audited) return core::Fail(audited.error());
          return core::Ok();
        });
        if (!st) return ErrorResponse(st.error());
        s.ledger.NotifyCommitted(entry);
        json::object out = EntryJson(entry);
        out["account_id"] = account;
        out["replayed"] = entry.replayed;
        return Response::Json(200, std::move(out));
      });
}

}  // namespace leados::api
