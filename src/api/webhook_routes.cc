// The webhook routes (see webhook_routes.h and src/deliver/README.md).
#include "api/webhook_routes.h"

#include <fmt/format.h>


#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using accounts::ApiScope;
using deliver::Attempt;
using deliver::Delivery;
using deliver::WebhookEndpoint;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;

constexpr std::string_view kEndpointSchema = R"json({"type":"object","properties":{
  "url":{"type":"string","description":"https:// address that receives the POSTs"},
  "description":{"type":"string","maxLength":500},
  "event_types":{"type":"array","minItems":1,"items":{"type":"string","enum":["lead.created",
    "lead.erasure_requested","endpoint.disabled","credits.low"]}},
  "enabled":{"type":"boolean"}}})json";
constexpr std::string_view kReplaySchema = R"json({"type":"object","required":["since"],
  "properties":{"since":{"type":"string","format":"date-time"}}})json";

json::value OptString(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value();
}

json::object EndpointJson(const WebhookEndpoint& e) {
  json::array types;
  for (const auto& t : e.event_types) types.emplace_back(t);
  return json::object{{"id", e.id},
                      {"url", e.url},
                      {"description", e.description},
                      {"event_types", std::move(types)},
                      {"enabled", e.enabled},
                      {"disabled_reason", OptString(e.disabled_reason)},
                      {"failing_since", TimeOrNull(e.failing_since_ms)},
                      {"last_error", OptString(e.last_error)},
                      {"previous_secret_expires_at", TimeOrNull(e.previous_secret_expires_at_ms)},
                      {"created_at", Rfc3339Millis(e.created_at_ms)},
                      {"updated_at", Rfc3339Millis(e.updated_at_ms)}};
}

json::object DeliveryJson(const Delivery& d) {
  return json::object{{"id", d.id},
                      {"event_id", d.event_id},
                      {"endpoint_id", d.endpoint_id},
                      {"event_type", d.event_type},
                      {"lead_id", OptString(d.lead_id)},
                      {"status", d.status},
                      {"attempt_count", d.attempt_count},
                      {"next_attempt_at", d.status == "pending" || d.status == "failed"
                                              ? json::value(Rfc3339Millis(d.next_attempt_at_ms))
                                              : json::value()},
                      {"last_error", OptString(d.last_error)},
                      {"created_at", Rfc3339Millis(d.created_at_ms)},
                      {"updated_at", Rfc3339Millis(d.updated_at_ms)}};
}

json::object AttemptJson(const Attempt& a) {
  return json::object{{"id", a.id},
                      {"attempt_number", a.attempt_number},
                      {"attempted_at", Rfc3339Millis(a.attempted_at_ms)},
                      {"http_status", a.http_status ? json::value(*a.http_status) : json::value()},
                      {"latency_ms", a.latency_ms},
                      {"error_class", OptString(a.error_class)},
                      {"response_excerpt", a.response_excerpt}};
}

// Reads the fields of an endpoint body; unknown fields are refused so typos do not pass silently.
core::Result<deliver::EndpointPatch> PatchFromJson(const json::object& body) {
  deliver::EndpointPatch p;
  for (const auto& [key, value] : body) {
    if (key == "url") {
      if (!value.is_string()) return core::InvalidArgument("url: must be a string");
      p.url = std::string(value.as_string());
    } else if (key == "description") {
      if (!value.is_string()) return core::InvalidArgument("description: must be a string");
      p.description = std::string(value.as_string());
    } else if (key == "event_types") {
      if (!value.is_array()) {
        return core::InvalidArgument("event_types: must be a list such as [\"lead.created\"]");
      }
      std::vector<std::string> types;
      for (const auto& t : value.as_array()) {
        if (!t.is_string()) return core::InvalidArgument("event_types: entries must be strings");
        types.emplace_back(t.as_string());
      }
      p.event_types = std::move(types);
    } else if (key == "enabled") {
      if (!value.is_bool()) return core::InvalidArgument("enabled: must be true or false");
      p.enabled = value.as_bool();
    } else {
      return core::InvalidArgument(fmt::format(
          "{}: unknown field; use url, description, event_types or enabled", std::string(key)));
    }
  }
  return p;
}

core::Result<deliver::EndpointPatch> PatchFromRequest(const Request& req) {
  auto body = JsonBody(req);
  if (!body) return core::Fail(body.error());
  return PatchFromJson(*body);
}

std::optional<Response> RefuseRead(const Caller& caller) {
  if (caller.kind != Caller::Kind::kApiKey || caller.scopes.Has(ApiScope::kWebhooksWrite) ||
      caller.scopes.Has(ApiScope::kLeadsRead)) {
    return std::nullopt;
  }
  return ErrorResponse(
      {core::ErrorCode::kPermissionDenied,
       fmt::format("API key {}… lacks the scope webhooks:write or leads:read", caller.display)});
}

std::vector<ResponseDoc> Docs(std::initializer_list<ResponseDoc> ok) {
  std::vector<ResponseDoc> docs(ok);
  docs.push_back(ResponseDoc{400, "invalid input; the message names the field"});
  docs.push_back(ResponseDoc{401, "not signed in and no API key"});
  docs.push_back(ResponseDoc{403, "the API key lacks the scope"});
  return docs;
}

Operation Op(std::string id, std::string summary, std::string tag,
             std::vector<ResponseDoc> responses, std::optional<std::string_view> schema = {}) {
  Operation op{.operation_id = std::move(id),
               .summary = std::move(summary),
               .tags = {std::move(tag)},
               .auth = Auth::kSessionOrApiKey,
               .responses = std::move(responses)};
  if (schema) op.request_schema = JsonSchema(*schema);
  return op;
}

Response WithSecret(int status, const deliver::EndpointWithSecret& e) {
  json::object out = EndpointJson(e.endpoint);
  out["secret"] = e.secret;  // shown once
  return Response::Json(status, out);
}

}  // namespace

void AddWebhookRoutes(AccountsApi& api, http::Router& router, deliver::EndpointService& endpoints,
                      deliver::DeliveryService& deliveries, std::function<void()> on_enqueue) {
  auto queued = [on_enqueue = std::move(on_enqueue)] {
    if (on_enqueue) on_enqueue();
  };

  api.Add(router, "POST", "/v1/webhook-endpoints",
          Op("createWebhookEndpoint",
             "Register an endpoint; the answer holds its signing secret, shown only this once",
             "webhooks",
             Docs({ResponseDoc{201, "created, with secret"},
                   ResponseDoc{422, "the account has the maximum number of endpoints"}}),
             kEndpointSchema),
          ApiScope::kWebhooksWrite, [&endpoints](Request& req, const Caller& caller) {
            auto patch = PatchFromRequest(req);
            if (!patch) return ErrorResponse(patch.error());
            if (!patch->url)
              return ErrorResponse(
                  {core::ErrorCode::kInvalidArgument, "url: is required (an https:// address)"});
            if (!patch->event_types) {
              return ErrorResponse({core::ErrorCode::kInvalidArgument,
                                    "event_types: is required, e.g. [\"lead.created\"]"});
            }
            auto made = endpoints.Create(caller.account_id,
                                         {*patch->url, patch->description.value_or(""),
                                          *patch->event_types, patch->enabled.value_or(true)});
            if (!made) return ErrorResponse(made.error());
            Response r = WithSecret(201, *made);
            r.WithHeader("Location", "/v1/webhook-endpoints/" + made->endpoint.id);
            return r;
          });

  api.Add(router, "GET", "/v1/webhook-endpoints",
          Op("listWebhookEndpoints", "The account's webhook endpoints, oldest first (no secrets)",
             "webhooks", Docs({ResponseDoc{200, "data: the endpoints"}})),
          std::nullopt, [&endpoints](Request&, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto list = endpoints.List(caller.account_id);
            if (!list) return ErrorResponse(list.error());
            json::array data;
            for (const auto& e : *list) data.emplace_back(EndpointJson(e));
            return Response::Json(200, json::object{{"data", std::move(data)}});
          });

  api.Add(router, "GET", "/v1/webhook-endpoints/{id}",
          Op("getWebhookEndpoint", "One webhook endpoint (no secret)", "webhooks",
             Docs({ResponseDoc{200, "the endpoint"},
                   ResponseDoc{404, "no such endpoint in this account"}})),
          std::nullopt, [&endpoints](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto e = endpoints.Get(caller.account_id, req.PathParam("id"));
            if (!e) return ErrorResponse(e.error());
            return Response::Json(200, EndpointJson(*e));
          });

  api.Add(router, "PATCH", "/v1/webhook-endpoints/{id}",
          Op("updateWebhookEndpoint",
             "Change some fields (absent ones stay); enabling a disabled endpoint clears its "
             "failure state",
             "webhooks",
             Docs({ResponseDoc{200, "the endpoint after the change"},
                   ResponseDoc{404, "no such endpoint in this account"}}),
             kEndpointSchema),
          ApiScope::kWebhooksWrite, [&endpoints](Request& req, const Caller& caller) {
            auto patch = PatchFromRequest(req);
            if (!patch) return ErrorResponse(patch.error());
            auto e = endpoints.Update(caller.account_id, req.PathParam("id"), *patch);
            if (!e) return ErrorResponse(e.error());
            return Response::Json(200, EndpointJson(*e));
          });

  api.Add(
      router, "DELETE", "/v1/webhook-endpoints/{id}",
      Op("deleteWebhookEndpoint",
         "Delete an endpoint: nothing more is sent to it; its deliveries stay listed", "webhooks",
         Docs({ResponseDoc{204, "deleted"}, ResponseDoc{404, "no such endpoint in this account"}})),
      ApiScope::kWebhooksWrite, [&endpoints](Request& req, const Caller& caller) {
        if (auto st = endpoints.Delete(caller.account_id, req.PathParam("id")); !st) {
          return ErrorResponse(st.error());
        }
        Response r;
        r.status = 204;
        return r;
      });

  api.Add(router, "POST", "/v1/webhook-endpoints/{id}/rotate-secret",
          Op("rotateWebhookSecret",
             "A new signing secret, shown only this once; the previous one keeps signing too "
             "(a second signature) for 24 hours",
             "webhooks",
             Docs({ResponseDoc{200, "the endpoint with its new secret"},
                   ResponseDoc{404, "no such endpoint in this account"}})),
          ApiScope::kWebhooksWrite, [&endpoints](Request& req, const Caller& caller) {
            auto e = endpoints.RotateSecret(caller.account_id, req.PathParam("id"));
            if (!e) return ErrorResponse(e.error());
            return WithSecret(200, *e);
          });

  api.Add(router, "POST", "/v1/webhook-endpoints/{id}/test",
          Op("sendTestWebhook", "Queue a webhook.test event (no personal data) to this endpoint",
             "webhooks",
             Docs({ResponseDoc{202, "queued: the delivery"},
                   ResponseDoc{404, "no such endpoint in this account"}})),
          ApiScope::kWebhooksWrite, [&deliveries, queued](Request& req, const Caller& caller) {
            auto d = deliveries.SendTest(caller.account_id, req.PathParam("id"));
            if (!d) return ErrorResponse(d.error());
            queued();
            return Response::Json(202, DeliveryJson(*d));
          });

  api.Add(router, "POST", "/v1/webhook-endpoints/{id}/replay",
          Op("replayWebhookEndpoint",
             "Send again every delivery of this endpoint created since a time (same webhook-ids)",
             "webhooks",
             Docs({ResponseDoc{202, "queued: replayed is how many"},
                   ResponseDoc{404, "no such endpoint in this account"}}),
             kReplaySchema),
          ApiScope::kWebhooksWrite, [&deliveries, queued](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto since_text = core::ReqString(*body, "since");
            if (!since_text) {
              return ErrorResponse({core::ErrorCode::kInvalidArgument,
                                    "since: is required, an RFC 3339 time such as "
                                    "2026-11-29T10:00:00Z"});
            }
            auto since = ParseTimeField("since", *since_text);
            if (!since) return ErrorResponse(since.error());
            auto n = deliveries.ReplaySince(caller.account_id, req.PathParam("id"), *since);
            if (!n) return ErrorResponse(n.error());
            queued();
            return Response::Json(202, json::object{{"replayed", *n}});
          });

  Operation list = Op("listDeliveries", "Webhook deliveries of the account, newest first",
                      "deliveries", Docs({ResponseDoc{200, "a page: data and next_cursor"}}));
  list.query_params = {{"endpoint_id", "only this endpoint's deliveries"},
                       {"status", "pending, delivering, succeeded, failed or dead"},
                       {"limit", "1 to 100 (default 50)", false, "integer"},
                       {"cursor", "next_cursor of the previous page"}};
  api.Add(router, "GET", "/v1/deliveries", std::move(list), std::nullopt,
          [&deliveries](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            deliver::DeliveryListQuery q;
            if (auto e = req.Query("endpoint_id")) q.endpoint_id = std::string(*e);
            if (auto s = req.Query("status")) {
              if (!deliver::IsDeliveryStatus(*s)) {
                return ErrorResponse(
                    {core::ErrorCode::kInvalidArgument,
                     fmt::format("status: must be pending, delivering, succeeded, failed or "
                                 "dead (got '{}')",
                                 *s)});
              }
              q.status = std::string(*s);
            }
            auto n = LimitParam(req, q.limit, deliver::DeliveryStore::kMaxListLimit);
            if (!n) return ErrorResponse(n.error());
            q.limit = *n;
            if (auto c = req.Query("cursor")) q.before_id = std::string(*c);
            auto page = deliveries.store().List(caller.account_id, q);
            if (!page) return ErrorResponse(page.error());
            json::array data;
            for (const auto& d : page->deliveries) data.emplace_back(DeliveryJson(d));
            return Response::Json(200, json::object{{"data", std::move(data)},
                                                    {"next_cursor", OptString(page->next_cursor)}});
          });

  api.Add(router, "GET", "/v1/deliveries/{id}",
          Op("getDelivery", "One delivery; its id is the webhook-id header", "deliveries",
             Docs({ResponseDoc{200, "the delivery"},
                   ResponseDoc{404, "no such delivery in this account"}})),
          std::nullopt, [&deliveries](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto d = deliveries.store().Get(caller.account_id, req.PathParam("id"));
            if (!d) return ErrorResponse(d.error());
            return Response::Json(200, DeliveryJson(*d));
          });

  api.Add(router, "GET", "/v1/deliveries/{id}/attempts",
          Op("listDeliveryAttempts",
             "Every attempt of a delivery, oldest first: time, HTTP status, latency, error class "
             "and the first 256 bytes of the answer",
             "deliveries",
             Docs({ResponseDoc{200, "data: the attempts"},
                   ResponseDoc{404, "no such delivery in this account"}})),
          std::nullopt, [&deliveries](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto list = deliveries.store().Attempts(caller.account_id, req.PathParam("id"));
            if (!list) return ErrorResponse(list.error());
            json::array data;
            for (const auto& a : *list) data.emplace_back(AttemptJson(a));
            return Response::Json(200, json::object{{"data", std::move(data)}});
          });

  api.Add(router, "POST", "/v1/deliveries/{id}/replay",
          Op("replayDelivery", "Send a delivery again: same webhook-id and body, new attempts",
             "deliveries",
             Docs({ResponseDoc{202, "queued: the delivery"},
                   ResponseDoc{404, "no such delivery in this account"},
                   ResponseDoc{409, "it is being sent right now"},
                   ResponseDoc{422, "its payload has expired"}})),
          ApiScope::kWebhooksWrite, [&deliveries, queued](Request& req, const Caller& caller) {
            auto d = deliveries.Replay(caller.account_id, req.PathParam("id"));
            if (!d) return ErrorResponse(d.error());
            queued();
            return Response::Json(202, DeliveryJson(*d));
          });
}

}  // namespace leados::api
