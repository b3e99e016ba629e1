#include "api/privacy_routes.h"

#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using http::Auth;
using http::Request;
using http::Response;
using http::ResponseDoc;

}  // namespace

void AddPrivacyRoutes(AccountsApi& api, http::Router& router, PrivacyRouteServices s) {
  api.Add(
      router, "POST", "/v1/privacy/requests",
      {.operation_id = "submitPrivacyRequest",
       .summary = "Ask for access to, or deletion of, the data LeadOS holds about a person "
                  "(GDPR, CCPA). Email identifiers are confirmed by a link sent to the address",
       .tags = {"privacy"},
       .auth = Auth::kNone,
       .request_schema = JsonSchema(R"({"type":"object",
         "required":["kind","identifier_type","identifier","jurisdiction"],
         "properties":{"kind":{"type":"string","enum":["access","deletion"]},
         "identifier_type":{"type":"string","enum":["email","handle","profile_url"]},
         "identifier":{"type":"string",
           "description":"an email, a handle as source:user (hn:jane) or a profile URL"},
         "jurisdiction":{"type":"string","enum":["gdpr","ccpa","other"]}}})"),
       .responses = {ResponseDoc{202,
                                 "received; deadline and whether a confirmation email was sent"},
                     ResponseDoc{400, "a field is missing or malformed (the message names it)"}}},
      std::nullopt, [s](Request& req, const Caller&) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        privacy::RightsSubmission sub;
        for (auto [field, out] :
             {std::pair{"kind", &sub.kind}, std::pair{"identifier_type", &sub.identifier_type},
              std::pair{"identifier", &sub.identifier},
              std::pair{"jurisdiction", &sub.jurisdiction}}) {
          auto v = core::ReqString(*body, field);
          if (!v) return ErrorResponse(v.error());
          *out = std::move(*v);
        }
        auto r = s.rights.Submit(sub);
        if (!r) return ErrorResponse(r.error());
        const bool emailed = r->status == privacy::RightsStatus::kAwaitingVerification;
        json::object out{{"id", r->id},
                         {"kind", std::string(privacy::RightsKindName(r->kind))},
                         {"status", std::string(privacy::RightsStatusName(r->status))},
                         {"received_at", Rfc3339Millis(r->received_at_ms)},
                         {"due_at", Rfc3339Millis(r->due_at_ms)},
                         {"verification_email_sent", emailed},
                         {"message", emailed ? "We sent a confirmation link to the address. The "
                                               "request is processed once you open it."
                                             : "Your request is in our queue and will be answered "
                                               "before the deadline."}};
        Response resp = Response::Json(202, out);
        resp.WithHeader("Cache-Control", "no-store");
        return resp;
      });

  api.Add(router, "GET", "/v1/privacy/requests/verify",
          {.operation_id = "verifyPrivacyRequest",
           .summary = "Confirms a privacy request with the token of the emailed link and "
                      "processes it; an access answer is emailed to the confirmed address",
           .tags = {"privacy"},
           .auth = Auth::kNone,
           .responses = {ResponseDoc{200, "confirmed and processed"},
                         ResponseDoc{404, "the link is not valid or was already used"}},
           .query_params = {{"token", "the token of the emailed link", true}}},
          std::nullopt, [s](Request& req, const Caller&) {
            auto r = s.rights.Verify(req.Query("token").value_or(""));
            if (!r) return ErrorResponse(r.error());
            Response resp = Response::Json(
                200, json::object{{"id", r->id},
                                  {"kind", std::string(privacy::RightsKindName(r->kind))},
                                  {"status", std::string(privacy::RightsStatusName(r->status))},
                                  {"message", r->kind == privacy::RightsKind::kDeletion
                                                  ? "Your data has been deleted and you will not "
                                                    "be processed again."
                                                  : "We emailed you what we hold."}});
            resp.WithHeader("Cache-Control", "no-store");
            return resp;
          });

  api.Add(
      router, "GET", "/admin/api/privacy-requests",
      {.operation_id = "adminListPrivacyRequests",
       .summary = "The privacy request queue: open requests by deadline (overdue flagged), "
                  "then closed ones, newest first",
       .tags = {"admin", "privacy"},
       .auth = Auth::kAdmin,
       .responses = {ResponseDoc{200, "the requests"}},
       .query_params = {{"status", "awaiting_verification | pending | completed | rejected", false},
                        {"limit", "1 to 500, default 100", false}}},
      std::nullopt, [s](Request& req, const Caller&) {
        std::optional<privacy::RightsStatus> status;
        if (auto st = req.Query("status")) {
          auto parsed = privacy::ParseRightsStatus(*st);
          if (!parsed) return ErrorResponse(parsed.error());
          status = *parsed;
        }
        auto limit = LimitParam(req, 100, 500);
        if (!limit) return ErrorResponse(limit.error());
        auto list = s.rights.List(status, *limit);
        if (!list) return ErrorResponse(list.error());
        const int64_t now = s.clock.NowUnixMillis();
        json::array data;
        int64_t overdue = 0;
        for (const auto& r : *list) {
          overdue += r.Overdue(now) ? 1 : 0;
          data.push_back(privacy::RightsRequestJson(r, now));
        }
        return Response::Json(200, json::object{{"data", std::move(data)}, {"overdue", overdue}});
      });

  api.Add(router, "POST", "/admin/api/privacy-requests/{id}/complete",
          {.operation_id = "adminCompletePrivacyRequest",
           .summary = "Processes an open privacy request: a deletion erases and suppresses the "
                      "person and notifies the clients who had leads about them; an access "
                      "request answers what is held (in result)",
           .tags = {"admin", "privacy"},
           .auth = Auth::kAdmin,
           .responses = {ResponseDoc{200, "completed"}, ResponseDoc{404, "no such request"},
                         ResponseDoc{422, "the request is already closed"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            const std::string id(req.PathParam("id"));
            auto r = s.rights.Complete(id, caller.principal_id);
            (void)s.audit.Record(
                s.db, {accounts::ActorKind::kAdmin, caller.principal_id, std::nullopt,
                       "privacy_request.complete", id, caller.ip,
                       r ? accounts::AuditOutcome::kSuccess : accounts::AuditOutcome::kFailure,
                       r ? "" : r.error().message});
            if (!r) return ErrorResponse(r.error());
            return Response::Json(200, privacy::RightsRequestJson(*r, s.clock.NowUnixMillis()));
          });

  api.Add(router, "POST", "/admin/api/privacy-requests/{id}/reject",
          {.operation_id = "adminRejectPrivacyRequest",
           .summary = "Rejects an open privacy request with a reason (e.g. the identity could "
                      "not be confirmed)",
           .tags = {"admin", "privacy"},
           .auth = Auth::kAdmin,
           .request_schema = JsonSchema(R"({"type":"object","required":["reason"],
             "properties":{"reason":{"type":"string","maxLength":500}}})"),
           .responses = {ResponseDoc{200, "rejected"}, ResponseDoc{400, "reason is missing"},
                         ResponseDoc{404, "no such request"},
                         ResponseDoc{422, "the request is already closed"}}},
          std::nullopt, [s](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto reason = core::ReqString(*body, "reason");
            if (!reason) return ErrorResponse(reason.error());
            const std::string id(req.PathParam("id"));
            auto r = s.rights.Reject(id, caller.principal_id, *reason);
            (void)s.audit.Record(
                s.db, {accounts::ActorKind::kAdmin, caller.principal_id, std::nullopt,
                       "privacy_request.reject", id, caller.ip,
                       r ? accounts::AuditOutcome::kSuccess : accounts::AuditOutcome::kFailure,
                       r ? "" : r.error().message});
            if (!r) return ErrorResponse(r.error());
            return Response::Json(200, privacy::RightsRequestJson(*r, s.clock.NowUnixMillis()));
          });
}

}  // namespace leados::api
