// The campaign routes (see campaign_routes.h and src/campaigns/README.md).
#include "api/campaign_routes.h"

#include <fmt/format.h>

#include <charconv>

#include "api/http_util.h"
#include "campaigns/campaign_json.h"
#include "match/query_ast.h"
#include "match/query_parser.h"

namespace leados::api {
namespace {

namespace json = core::json;
using accounts::ApiScope;
using campaigns::Campaign;
using campaigns::CampaignStore;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;

constexpr std::string_view kCampaignSchema = R"json({"type":"object","properties":{
  "name":{"type":"string","minLength":1,"maxLength":200},
  "query":{"type":"string","description":"LeadOS query (docs/query-language.md)"},
  "filters":{"type":"object","properties":{
    "sources":{"type":"array","items":{"type":"string","enum":["hn","reddit","rss","greenhouse",
      "lever","ashby","press","jobpage"]}},
    "languages":{"type":"array","items":{"type":"string","pattern":"^[a-z]{2,3}$"}},
    "regions":{"type":"array","items":{"type":"string"}},
    "company_size":{"type":["object","null"],"properties":{"min":{"type":["integer","null"],
      "minimum":0},"max":{"type":["integer","null"],"minimum":0}}},
    "industries":{"type":"array","items":{"type":"string"}},
    "roles":{"type":"array","items":{"type":"string"}},
    "seniority":{"type":"array","items":{"type":"string"}}}},
  "min_score":{"type":"number","minimum":0,"maximum":1},
  "channels":{"type":"array","minItems":1,"items":{"type":"string","enum":["webhook","api",
    "email","portal"]}},
  "daily_credit_cap":{"type":["integer","null"],"minimum":1},
  "status":{"type":"string","enum":["draft","active","paused"]},
  "llm_rerank":{"type":"boolean","default":false,"description":"Opt in to LLM re-ranking of this campaign's best candidates. When on (and the server operator has enabled it), the title and a text excerpt of each candidate post are sent to a third-party LLM provider (an OpenAI-compatible chat-completions endpoint chosen by the operator) for a second opinion on its intent; author names, handles and profile URLs are never sent. Off by default."},
  "digest":{"type":"string","enum":["hourly","daily"],"default":"daily","description":"How often the email digest of this campaign's new leads is sent when channels includes \"email\": hourly (the leads of the last full hour, a few minutes after the hour) or daily (once a day at the hour the operator set, UTC, default 08:00). It goes to the verified email addresses of the account's owners; the email's body is kept only in the payload store until it is sent."}}})json";

json::object CampaignJson(const Campaign& c) {
  json::object out = campaigns::CampaignSpecToJson(c.spec);
  out["id"] = c.id;
  out["revision"] = c.revision;
  out["created_at"] = Rfc3339Millis(c.created_at_ms);
  out["updated_at"] = Rfc3339Millis(c.updated_at_ms);
  return out;
}

std::string ETag(int64_t revision) {
  return fmt::format("\"{}\"", revision);
}

Response CampaignResponse(int status, const Campaign& c) {
  Response r = Response::Json(status, CampaignJson(c));
  r.WithHeader("ETag", ETag(c.revision));
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

// Reads need leads:read or campaigns:write when the caller is an API key; a portal user may.
std::optional<Response> RefuseRead(const Caller& caller) {
  if (caller.kind != Caller::Kind::kApiKey || caller.scopes.Has(ApiScope::kLeadsRead) ||
      caller.scopes.Has(ApiScope::kCampaignsWrite)) {
    return std::nullopt;
  }
  return ErrorResponse(
      {core::ErrorCode::kPermissionDenied,
       fmt::format("API key {}… lacks the scope leads:read or campaigns:write", caller.display)});
}

core::Result<int64_t> ParsePositive(std::string_view field, std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1) {
    return core::InvalidArgument(
        fmt::format("{}: must be a whole number of 1 or more (got '{}')", field, text));
  }
  return v;
}

// The revision an If-Match header asks for: `"3"` (our ETag) or `3`; `*` and no header: any.
core::Result<std::optional<int64_t>> IfMatch(const Request& req) {
  auto header = req.headers.Get("If-Match");
  if (!header || *header == "*") return std::optional<int64_t>();
  std::string_view v = *header;
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = ParsePositive("If-Match", v);
  if (!n) {
    return core::InvalidArgument(
        "If-Match: must be the campaign's ETag, e.g. \"3\" (its revision)");
  }
  return std::optional<int64_t>(*n);
}

std::vector<ResponseDoc> Docs(std::initializer_list<ResponseDoc> ok) {
  std::vector<ResponseDoc> docs(ok);
  docs.push_back(ResponseDoc{400,
                             "invalid input; the message names the field (query errors give "
                             "LINE:COL)"});
  docs.push_back(ResponseDoc{401, "not signed in and no API key"});
  docs.push_back(ResponseDoc{403, "the API key lacks the scope"});
  return docs;
}

Operation Op(std::string id, std::string summary, std::vector<ResponseDoc> responses,
             bool with_body = false) {
  Operation op{.operation_id = std::move(id),
               .summary = std::move(summary),
               .tags = {"campaigns"},
               .auth = Auth::kSessionOrApiKey,
               .responses = std::move(responses)};
  if (with_body) op.request_schema = JsonSchema(kCampaignSchema);
  return op;
}

}  // namespace

void AddCampaignRoutes(AccountsApi& api, http::Router& router, CampaignStore& store,
                       std::function<void()> on_change) {
  // Shared by every route; a copy of the std::function is cheap and keeps lambdas small.
  auto changed = [on_change = std::move(on_change)](bool did) {
    if (did && on_change) on_change();
  };

  api.Add(router, "POST", "/v1/campaigns",
          Op("createCampaign", "Create a campaign (a draft unless status says active)",
             Docs({ResponseDoc{201, "created; ETag is its revision"},
                   ResponseDoc{422, "the account has the maximum number of campaigns"}}),
             true),
          ApiScope::kCampaignsWrite, [&api, &store, changed](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto spec = campaigns::CampaignSpecFromCreateJson(*body);
            if (!spec) return ErrorResponse(spec.error());
            auto created = store.Create(caller.account_id, std::move(*spec), caller.Actor());
            if (!created) return ErrorResponse(created.error());
            changed(true);
            if (usage::UsageSink* usage = api.usage_sink()) {
              usage->Record({.account_id = caller.account_id,
                             .kind = usage::UsageKind::kCampaignCreated,
                             .name = "campaign"});
            }
            Response r = CampaignResponse(201, *created);
            r.WithHeader("Location", "/v1/campaigns/" + created->id);
            return r;
          });

  Operation list = Op("listCampaigns",
                      "The account's campaigns, newest first (deleted ones "
                      "are not listed)",
                      Docs({ResponseDoc{200, "a page: data and next_cursor"}}));
  list.query_params = {{"status", "draft, active or paused"},
                       {"limit", "1 to 100 (default 50)", false, "integer"},
                       {"cursor", "next_cursor of the previous page"}};
  api.Add(router, "GET", "/v1/campaigns", std::move(list), std::nullopt,
          [&store](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            campaigns::CampaignListQuery q;
            if (auto s = req.Query("status")) {
              auto status = campaigns::ParseCampaignStatus(*s);
              if (!status || *status == campaigns::CampaignStatus::kDeleted) {
                return ErrorResponse({core::ErrorCode::kInvalidArgument,
                                      fmt::format("status: must be draft, active or paused (got "
                                                  "'{}')",
                                                  *s)});
              }
              q.status = *status;
            }
            if (auto l = req.Query("limit")) {
              auto n = ParsePositive("limit", *l);
              if (!n) return ErrorResponse(n.error());
              q.limit = static_cast<int>(std::min<int64_t>(*n, CampaignStore::kMaxListLimit + 1));
            }
            if (auto c = req.Query("cursor")) q.before_id = std::string(*c);
            auto page = store.List(caller.account_id, q);
            if (!page) return ErrorResponse(page.error());
            json::array data;
            for (const auto& c : page->campaigns) data.emplace_back(CampaignJson(c));
            return Response::Json(
                200,
                json::object{{"data", std::move(data)},
                             {"next_cursor", page->next_cursor ? json::value(*page->next_cursor)
                                                               : json::value()}});
          });

  api.Add(router, "GET", "/v1/campaigns/{id}",
          Op("getCampaign", "One campaign with its current revision (also the ETag)",
             Docs({ResponseDoc{200, "the campaign"},
                   ResponseDoc{404, "no such campaign in this account"}})),
          std::nullopt, [&store](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto c = store.Get(caller.account_id, req.PathParam("id"));
            if (!c) return ErrorResponse(c.error());
            return CampaignResponse(200, *c);
          });

  api.Add(router, "PATCH", "/v1/campaigns/{id}",
          Op("updateCampaign",
             "Change some fields (absent ones stay; filters merge key by key); If-Match: the "
             "ETag guards against overwriting someone else's change",
             Docs({ResponseDoc{200, "the campaign after the change"},
                   ResponseDoc{404, "no such campaign in this account"},
                   ResponseDoc{409, "If-Match does not match the current revision"}}),
             true),
          ApiScope::kCampaignsWrite, [&store, changed](Request& req, const Caller& caller) {
            auto expected = IfMatch(req);
            if (!expected) return ErrorResponse(expected.error());
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto patch = campaigns::CampaignPatchFromJson(*body);
            if (!patch) return ErrorResponse(patch.error());
            auto w = store.Update(caller.account_id, req.PathParam("id"), *patch, *expected,
                                  caller.Actor());
            if (!w) return ErrorResponse(w.error());
            changed(w->changed);
            return CampaignResponse(200, w->campaign);
          });

  api.Add(router, "POST", "/v1/campaigns/{id}/pause",
          Op("pauseCampaign", "Stop matching and delivering; pausing a paused campaign is a no-op",
             Docs({ResponseDoc{200, "the campaign"},
                   ResponseDoc{404, "no such campaign in this account"},
                   ResponseDoc{422, "the campaign is a draft"}})),
          ApiScope::kCampaignsWrite, [&store, changed](Request& req, const Caller& caller) {
            auto w = store.Pause(caller.account_id, req.PathParam("id"), caller.Actor());
            if (!w) return ErrorResponse(w.error());
            changed(w->changed);
            return CampaignResponse(200, w->campaign);
          });

  api.Add(router, "POST", "/v1/campaigns/{id}/resume",
          Op("resumeCampaign", "Start (a draft) or restart (a paused campaign) matching",
             Docs({ResponseDoc{200, "the campaign"},
                   ResponseDoc{404, "no such campaign in this account"}})),
          ApiScope::kCampaignsWrite, [&store, changed](Request& req, const Caller& caller) {
            auto w = store.Resume(caller.account_id, req.PathParam("id"), caller.Actor());
            if (!w) return ErrorResponse(w.error());
            changed(w->changed);
            return CampaignResponse(200, w->campaign);
          });

  api.Add(
      router, "DELETE", "/v1/campaigns/{id}",
      Op("deleteCampaign", "Delete a campaign: it stops at once and disappears from lists",
         Docs({ResponseDoc{204, "deleted"}, ResponseDoc{404, "no such campaign in this account"}})),
      ApiScope::kCampaignsWrite, [&store, changed](Request& req, const Caller& caller) {
        if (auto ok = store.Delete(caller.account_id, req.PathParam("id"), caller.Actor()); !ok) {
          return ErrorResponse(ok.error());
        }
        changed(true);
        return NoContent();
      });

  // The portal's query editor calls this as the user types (debounced): a parse error comes back
  // as the usual 400, its message "query: LINE:COL: what was expected" (columns count characters
  // from 1), which the editor turns into a marker under that position.
  api.Add(router, "POST", "/v1/queries/validate",
          Operation{.operation_id = "validateQuery",
                    .summary = "Check a query without saving anything; answers its normalised form",
                    .tags = {"campaigns"},
                    .auth = Auth::kSessionOrApiKey,
                    .request_schema = JsonSchema(R"json({"type":"object","required":["query"],
                      "properties":{"query":{"type":"string"}}})json"),
                    .responses = Docs({ResponseDoc{200, "valid: {\"valid\":true,\"query\":…}"}})},
          std::nullopt, [](Request& req, const Caller&) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto query = core::ReqString(*body, "query");
            if (!query) return ErrorResponse(query.error());
            auto parsed = match::ParseQuery(*query);
            if (!parsed) {
              return ErrorResponse({parsed.error().code, "query: " + parsed.error().message});
            }
            return Response::Json(
                200, json::object{{"valid", true}, {"query", match::FormatQuery(*parsed)}});
          });

  Operation revisions = Op("listCampaignRevisions",
                           "The campaign's history, newest first: each change with the whole "
                           "campaign after it",
                           Docs({ResponseDoc{200, "a page: data and next_cursor"},
                                 ResponseDoc{404, "no such campaign in this account"}}));
  revisions.query_params = {{"limit", "1 to 500 (default 100)", false, "integer"},
                            {"cursor", "next_cursor of the previous page", false, "integer"}};
  api.Add(router, "GET", "/v1/campaigns/{id}/revisions", std::move(revisions), std::nullopt,
          [&store](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            int limit = 100;
            std::optional<int64_t> before;
            if (auto l = req.Query("limit")) {
              auto n = ParsePositive("limit", *l);
              if (!n) return ErrorResponse(n.error());
              limit = static_cast<int>(std::min<int64_t>(*n, CampaignStore::kMaxRevisionLimit + 1));
            }
            if (auto c = req.Query("cursor")) {
              auto n = ParsePositive("cursor", *c);
              if (!n) return ErrorResponse(n.error());
              before = *n;
            }
            auto list = store.Revisions(caller.account_id, req.PathParam("id"), limit, before);
            if (!list) return ErrorResponse(list.error());
            json::array data;
            for (const auto& r : *list) {
              auto snapshot = core::ParseJson(r.snapshot_json);
              data.emplace_back(
                  json::object{{"revision", r.revision},
                               {"action", r.action},
                               {"changed_by", r.changed_by},
                               {"changed_at", Rfc3339Millis(r.changed_at_ms)},
                               {"campaign", snapshot ? std::move(*snapshot) : json::value()}});
            }
            json::value next;
            if (static_cast<int>(list->size()) == limit && list->back().revision > 1) {
              next = std::to_string(list->back().revision);
            }
            return Response::Json(
                200, json::object{{"data", std::move(data)}, {"next_cursor", std::move(next)}});
          });
}

}  // namespace leados::api
