#include "api/lead_routes.h"


#include <fmt/format.h>

#include "api/http_util.h"

namespace leados::api {
namespace {

using accounts::ApiScope;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;
namespace json = core::json;

constexpr int kMaxExportRows = 10000;

json::object LeadJson(const pipeline::LeadRecord& l, const std::optional<std::string>& payload) {
  json::object o;
  o["id"] = l.id;
  o["campaign_id"] = l.campaign_id;
  o["score"] = l.score;
  o["intent_class"] = l.intent_class;
  o["source"] = l.source_kind;
  o["created_at"] = Rfc3339Millis(l.created_at_ms);
  o["signal_published_at"] = Rfc3339Millis(l.signal_published_at_ms);
  o["channels"] = json::object{{"webhook", l.channels.webhook},
                               {"api", l.channels.api},
                               {"digest", l.channels.digest},
                               {"portal", l.channels.portal}};
  o["feedback"] = l.feedback;
  o["payload_expires_at"] = Rfc3339Millis(l.payload_expires_at_ms);
  o["payload_deleted_at"] = TimeOrNull(l.payload_deleted_at_ms);
  json::value p = nullptr;
  if (payload) {
    if (auto parsed = core::ParseJson(*payload)) p = std::move(*parsed);
  }
  o["payload"] = std::move(p);
  return o;
}

core::Result<pipeline::LeadFilter> FilterFrom(const Request& req, int default_limit) {
  pipeline::LeadFilter f;
  f.limit = default_limit;
  if (auto c = req.Query("campaign_id")) f.campaign_id = std::string(*c);
  if (auto m = req.Query("min_score")) {
    auto v = IntParam("min_score", *m, 0, 100);
    if (!v) return core::Fail(v.error());
    f.min_score = *v;
  }
  if (auto a = req.Query("created_after")) {
    auto t = ParseTimeField("created_after", *a);
    if (!t) return core::Fail(t.error());
    f.created_from_ms = *t;
  }
  if (auto b = req.Query("created_before")) {
    auto t = ParseTimeField("created_before", *b);
    if (!t) return core::Fail(t.error());
    f.created_to_ms = *t;
  }
  if (auto l = req.Query("limit")) {
    auto v = IntParam("limit", *l, 1, 200);
    if (!v) return core::Fail(v.error());
    f.limit = *v;
  }
  if (auto c = req.Query("cursor")) f.cursor = std::string(*c);
  return f;
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string CsvField(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string PayloadString(const json::value* payload, std::initializer_list<std::string_view> path) {
  const json::value* v = payload;
  for (auto key : path) {
    if (v == nullptr || !v->is_object()) return "";
    v = v->as_object().if_contains(key);
  }
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_object()) {  // an enriched field: {"value":…}
    if (const auto* inner = v->as_object().if_contains("value"); inner && inner->is_string()) {
      return std::string(inner->as_string());
    }
  }
  return "";
}

std::vector<ResponseDoc> Docs(std::initializer_list<ResponseDoc> ok, bool with_404) {
  std::vector<ResponseDoc> docs(ok);
  docs.push_back(ResponseDoc{400, "invalid input; the message names the parameter"});
  docs.push_back(ResponseDoc{401, "not signed in and no API key"});
  docs.push_back(ResponseDoc{403, "the API key lacks the scope leads:read"});
  if (with_404) docs.push_back(ResponseDoc{404, "no such lead in this account"});
  return docs;
}

Operation Op(std::string id, std::string summary, std::vector<ResponseDoc> responses) {
  return Operation{.operation_id = std::move(id),
                   .summary = std::move(summary),
                   .tags = {"leads"},
                   .auth = Auth::kSessionOrApiKey,
                   .responses = std::move(responses)};
}

std::vector<http::QueryParamDoc> FilterParams(bool paged) {
  std::vector<http::QueryParamDoc> p = {
      {"campaign_id", "only this campaign's leads"},
      {"min_score", "0 to 100", false, "integer"},
      {"created_after", "RFC 3339 time (inclusive)"},
      {"created_before", "RFC 3339 time (exclusive)"}};
  if (paged) {
    p.push_back({"limit", "1 to 200 (default 50)", false, "integer"});
    p.push_back({"cursor", "next_cursor of the previous page"});
  }
  return p;
}

}  // namespace

void AddLeadRoutes(AccountsApi& api, http::Router& router, pipeline::LeadService& leads) {
  Operation list = Op("listLeads", "The account's leads, newest first, with their payloads",
                      Docs({ResponseDoc{200, "a page: data and next_cursor"}}, false));
  list.query_params = FilterParams(true);
  api.Add(router, "GET", "/v1/leads", std::move(list), ApiScope::kLeadsRead,
          [&leads](Request& req, const Caller& caller) {
            auto filter = FilterFrom(req, 50);
            if (!filter) return ErrorResponse(filter.error());
            auto page = leads.List(caller.account_id, *filter);
            if (!page) return ErrorResponse(page.error());
            json::array data;
            for (const auto& l : page->leads) {
              auto payload = leads.PayloadOf(l);
              if (!payload) return ErrorResponse(payload.error());
              data.emplace_back(LeadJson(l, *payload));
            }
            return Response::Json(
                200, json::object{{"data", std::move(data)},
                                  {"next_cursor", page->next_cursor.empty()
                                                      ? json::value()
                                                      : json::value(page->next_cursor)}});
          });

  Operation csv = Op("exportLeadsCsv",
                     "The account's leads as CSV (RFC 4180), newest first, at most 10,000 rows; "
                     "author and text columns are empty once a lead's payload is gone",
                     Docs({ResponseDoc{200, "text/csv"}}, false));
  csv.query_params = FilterParams(false);
  api.Add(router, "GET", "/v1/leads/export.csv", std::move(csv), ApiScope::kLeadsRead,
          [&leads](Request& req, const Caller& caller) {
            auto filter = FilterFrom(req, 200);
            if (!filter) return ErrorResponse(filter.error());
            std::string out =
                "lead_id,campaign_id,created_at,score,intent_class,source,feedback,title,url,"
                "author,company,company_domain,quoted_passage\r\n";
            int rows = 0;
            while (rows < kMaxExportRows) {
              auto page = leads.List(caller.account_id, *filter);
              if (!page) return ErrorResponse(page.error());
              for (const auto& l : page->leads) {
                auto text = leads.PayloadOf(l);
                if (!text) return ErrorResponse(text.error());
                json::value payload;
                if (*text) {
                  if (auto p = core::ParseJson(**text)) payload = std::move(*p);
                }
                const json::value* p = *text ? &payload : nullptr;
                const std::string fields[] = {
                    l.id, l.campaign_id, Rfc3339Millis(l.created_at_ms), std::to_string(l.score),
                    l.intent_class, l.source_kind, l.feedback, PayloadString(p, {"signal", "title"}),
                    PayloadString(p, {"signal", "url"}), PayloadString(p, {"signal", "author"}),
                    PayloadString(p, {"enrichment", "company", "name"}),
                    PayloadString(p, {"enrichment", "company", "domain"}),
                    PayloadString(p, {"score", "quoted_passage"})};
                for (size_t i = 0; i < std::size(fields); ++i) {
                  if (i) out += ',';
                  out += CsvField(fields[i]);
                }
                out += "\r\n";
                if (++rows == kMaxExportRows) break;
              }
              if (page->next_cursor.empty()) break;
              filter->cursor = page->next_cursor;
            }
            Response r = Response::Text(200, std::move(out), "text/csv; charset=utf-8");
            r.WithHeader("Content-Disposition", "attachment; filename=\"leads.csv\"");
            return r;
          });

  api.Add(router, "GET", "/v1/leads/{id}",
          Op("getLead", "One lead with its payload while it lives",
             Docs({ResponseDoc{200, "the lead"}}, true)),
          ApiScope::kLeadsRead, [&leads](Request& req, const Caller& caller) {
            auto view = leads.Get(caller.account_id, req.PathParam("id"));
            if (!view) return ErrorResponse(view.error());
            return Response::Json(200, LeadJson(view->record, view->payload_json));
          });

  api.Add(router, "POST", "/v1/leads/{id}/ack",
          Op("ackLead",
             "Acknowledge a lead pulled through the API; its payload is deleted once no other "
             "channel needs it",
             Docs({ResponseDoc{200, "the lead"}}, true)),
          ApiScope::kLeadsRead, [&leads](Request& req, const Caller& caller) {
            auto lead = leads.Acknowledge(caller.account_id, req.PathParam("id"));
            if (!lead) return ErrorResponse(lead.error());
            return Response::Json(200, LeadJson(*lead, std::nullopt));
          });

  api.Add(router, "POST", "/v1/leads/{id}/dismiss",
          Op("dismissLead", "Remove a lead from the portal inbox",
             Docs({ResponseDoc{200, "the lead"}}, true)),
          ApiScope::kLeadsRead, [&leads](Request& req, const Caller& caller) {
            auto lead = leads.Dismiss(caller.account_id, req.PathParam("id"));
            if (!lead) return ErrorResponse(lead.error());
            return Response::Json(200, LeadJson(*lead, std::nullopt));
          });

  Operation feedback = Op("setLeadFeedback",
                          "Mark a lead contacted or not relevant (kept as feedback for scoring)",
                          Docs({ResponseDoc{200, "the lead"}}, true));
  feedback.request_schema = JsonSchema(R"json({"type":"object","required":["feedback"],
    "properties":{"feedback":{"type":"string","enum":["contacted","not_relevant",""]}}})json");
  api.Add(router, "PUT", "/v1/leads/{id}/feedback", std::move(feedback), ApiScope::kLeadsRead,
          [&leads](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto value = core::ReqString(*body, "feedback");
            if (!value) return ErrorResponse(value.error());
            auto lead = leads.SetFeedback(caller.account_id, req.PathParam("id"), *value);
            if (!lead) return ErrorResponse(lead.error());
            return Response::Json(200, LeadJson(*lead, std::nullopt));
          });
}

}  // namespace leados::api
