#include "api/admin_account_routes.h"

#include <fmt/format.h>

#include "api/http_util.h"

namespace leados::api {
namespace {

using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

constexpr int kRecent = 10;

json::object SummaryJson(const accounts::AccountSummary& a, int64_t balance) {
  return json::object{
      {"id", a.id},
      {"company_name", a.company_name},
      {"owner_email", a.owner_email},
      {"status", a.status},
      {"suspended", a.suspended_at_ms.has_value()},
      {"suspended_at", TimeOrNull(a.suspended_at_ms)},
      {"suspended_reason", a.suspended_at_ms ? json::value(a.suspended_reason) : json::value()},
      {"created_at", Rfc3339Millis(a.created_at_ms)},
      {"balance", balance}};
}

core::Result<json::object> DetailJson(const AdminAccountRouteServices& s,
                                      const accounts::AccountDetail& d) {
  auto view = s.ledger.View(d.summary.id);
  if (!view) return core::Fail(view.error());
  json::object out = SummaryJson(d.summary, view->balance);
  out["low_credit_threshold"] = view->low_threshold;
  json::array users;
  for (const auto& u : d.users) {
    users.emplace_back(json::object{{"id", u.id},
                                    {"email", u.email},
                                    {"name", u.name},
                                    {"role", u.role},
                                    {"email_verified", u.email_verified},
                                    {"created_at", Rfc3339Millis(u.created_at_ms)}});
  }
  out["users"] = std::move(users);
  auto counts = s.campaigns.CountForAccount(d.summary.id);
  if (!counts) return core::Fail(counts.error());
  out["campaigns"] = json::object{{"total", counts->total}, {"active", counts->active}};
  out["api_keys"] = json::object{{"total", d.api_keys_total}, {"active", d.api_keys_active}};
  auto ledger = s.ledger.List(d.summary.id, "", kRecent);
  if (!ledger) return core::Fail(ledger.error());
  json::array entries;
  for (const auto& e : ledger->entries) {
    entries.emplace_back(json::object{{"id", e.id},
                                      {"amount", e.amount},
                                      {"balance_after", e.balance_after},
                                      {"reason", std::string(billing::EntryReasonName(e.reason))},
                                      {"reference", e.reference},
                                      {"created_at", Rfc3339Millis(e.created_at_ms)}});
  }
  out["ledger"] = std::move(entries);
  json::array payments;
  if (s.payments != nullptr) {
    auto list = s.payments->ListSessions(d.summary.id, kRecent);
    if (!list) return core::Fail(list.error());
    for (const auto& p : *list) {
      payments.emplace_back(json::object{{"id", p.id},
                                         {"pack", p.pack_id},
                                         {"credits", p.credits},
                                         {"amount", p.amount},
                                         {"currency", p.currency},
                                         {"status", p.status},
                                         {"created_at", Rfc3339Millis(p.created_at_ms)}});
    }
  }
  out["payments"] = std::move(payments);
  out["suspension"] =
      d.summary.suspended_at_ms
          ? json::value(json::object{{"at", Rfc3339Millis(*d.summary.suspended_at_ms)},
                                     {"reason", d.summary.suspended_reason}})
          : json::value();
  return out;
}

Response DetailResponse(const AdminAccountRouteServices& s,
                        const core::Result<accounts::AccountDetail>& d) {
  if (!d) return ErrorResponse(d.error());
  auto body = DetailJson(s, *d);
  if (!body) return ErrorResponse(body.error());
  Response r = Response::Json(200, *body);
  r.WithHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace

void AddAdminAccountRoutes(AccountsApi& api, http::Router& router, AdminAccountRouteServices s) {
  api.Add(router, "GET", "/admin/api/accounts",
          {.operation_id = "adminListAccounts",
           .summary = "Client accounts, newest first, searched by id, company name or user email",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "a page: data and next_cursor"},
                         ResponseDoc{400, "bad limit or cursor; the message names it"}},
           .query_params = {{"q", "an account id, or part of a company name or user email"},
                            {"cursor", "next_cursor of the previous page"},
                            {"limit", "1 to 100 (default 50)", false, "integer"}}},
          std::nullopt, [s](Request& req, const Caller&) {
            auto limit = LimitParam(req, 50, accounts::AccountDirectory::kMaxSearchLimit);
            if (!limit) return ErrorResponse(limit.error());
            auto page = s.directory.Search({std::string(req.Query("q").value_or("")),
                                            std::string(req.Query("cursor").value_or("")), *limit});
            if (!page) return ErrorResponse(page.error());
            json::array data;
            for (const auto& a : page->accounts) {
              auto balance = s.ledger.Balance(a.id);
              if (!balance) return ErrorResponse(balance.error());
              data.emplace_back(SummaryJson(a, *balance));
            }
            Response r = Response::Json(
                200, json::object{{"data", std::move(data)},
                                  {"next_cursor", page->next_cursor.empty()
                                                      ? json::value()
                                                      : json::value(page->next_cursor)}});
            r.WithHeader("Cache-Control", "no-store");
            return r;
          });

  api.Add(router, "GET", "/admin/api/accounts/{id}",
          {.operation_id = "adminGetAccount",
           .summary = "One client account: users, campaigns, API keys, balance, recent ledger "
                      "entries and payments, suspension; audited",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "the account"}, ResponseDoc{404, "no such account"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            const std::string id(req.PathParam("id"));
            auto d = s.directory.Get(id);
            if (d) {
              (void)s.audit.Record(
                  s.db, {accounts::ActorKind::kAdmin, caller.principal_id, id, "admin.account.read",
                         id, caller.ip, accounts::AuditOutcome::kSuccess, ""});
            }
            return DetailResponse(s, d);
          });

  api.Add(router, "POST", "/admin/api/accounts/{id}/suspend",
          {.operation_id = "adminSuspendAccount",
           .summary = "Suspends an account: its sessions end, its sign-in and API keys answer 403 "
                      "account_suspended, its campaigns stop producing leads; audited",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .request_schema = JsonSchema(R"({"type":"object","required":["reason"],
             "properties":{"reason":{"type":"string","minLength":1,"maxLength":300}}})"),
           .responses = {ResponseDoc{200, "the account, suspended"},
                         ResponseDoc{400, "reason missing or too long"},
                         ResponseDoc{404, "no such account"},
                         ResponseDoc{409, "the account is already suspended"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto reason = core::OptString(*body, "reason");
            if (!reason) return ErrorResponse(reason.error());
            auto d = s.directory.Suspend(req.PathParam("id"), reason->value_or(""),
                                         caller.principal_id, caller.ip);
            if (d && s.on_suspension_changed) s.on_suspension_changed();
            return DetailResponse(s, d);
          });

  api.Add(router, "POST", "/admin/api/accounts/{id}/reinstate",
          {.operation_id = "adminReinstateAccount",
           .summary = "Lifts an account's suspension; audited",
           .tags = {"admin"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "the account, active again"},
                         ResponseDoc{404, "no such account"},
                         ResponseDoc{409, "the account is not suspended"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            auto d = s.directory.Reinstate(req.PathParam("id"), caller.principal_id, caller.ip);
            if (d && s.on_suspension_changed) s.on_suspension_changed();
            return DetailResponse(s, d);
          });
}

}  // namespace leados::api
