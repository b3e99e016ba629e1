// The admin source routes (see source_routes.h and src/ingest/README.md, "Scheduling").
#include "api/source_routes.h"

#include <fmt/format.h>

#include "api/http_util.h"
#include "ingest/sources_file.h"

namespace leados::api {
namespace {

namespace json = core::json;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;
using ingest::Source;

constexpr std::string_view kSourceSchema = R"json({"type":"object","properties":{
  "name":{"type":"string","minLength":1,"maxLength":200},
  "kind":{"type":"string","enum":["feed","press","hn","reddit","greenhouse","lever","ashby",
    "jobpage","jsonl"]},
  "settings":{"type":"object","description":"per kind: src/ingest/source.h (url, board, site, subreddit, mode, base_url, company …)"},
  "interval_seconds":{"type":"integer","minimum":10,"maximum":604800},
  "enabled":{"type":"boolean"}}})json";

std::string_view Status(const Source& s) {
  if (!s.spec.enabled) return "disabled";
  if (s.state.consecutive_failures > 0) return "failing";
  if (!s.state.last_success_at_ms) return "pending";
  return "ok";
}

Operation Op(std::string id, std::string summary, std::vector<ResponseDoc> responses,
             bool body = false) {
  Operation op;
  op.operation_id = std::move(id);
  op.summary = std::move(summary);
  op.tags = {"admin", "sources"};
  op.auth = Auth::kAdmin;
  if (body) op.request_schema = JsonSchema(kSourceSchema);
  responses.push_back(ResponseDoc{401, "not signed in as an admin"});
  responses.push_back(ResponseDoc{404, "the address is not allow-listed, or no such source"});
  op.responses = std::move(responses);
  return op;
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

void Audit(const SourceRoutesDeps& d, const Caller& caller, std::string action, std::string target,
           std::string detail = "") {
  (void)d.audit.Record(
      d.db, {accounts::ActorKind::kAdmin, caller.principal_id, std::nullopt, std::move(action),
             std::move(target), caller.ip, accounts::AuditOutcome::kSuccess, std::move(detail)});
}

// A PATCH body: the fields that may change (kind may not).
core::Result<ingest::SourcePatch> PatchFromJson(const json::object& o) {
  ingest::SourcePatch p;
  for (const auto& [k, v] : o) {
    const std::string_view key = k;
    if (key == "kind") {
      return core::InvalidArgument(
          "kind: cannot change; delete the source and create one of the other kind");
    }
    if (key != "name" && key != "settings" && key != "interval_seconds" && key != "enabled") {
      return core::InvalidArgument(fmt::format(
          "{}: unknown field (allowed: name, settings, interval_seconds, enabled)", key));
    }
  }
  auto name = core::OptString(o, "name");
  if (!name) return core::InvalidArgument("name: must be a string");
  p.name = *name;
  auto interval = core::OptInt(o, "interval_seconds");
  if (!interval) return core::InvalidArgument("interval_seconds: must be a whole number");
  p.interval_seconds = *interval;
  auto enabled = core::OptBool(o, "enabled");
  if (!enabled) return core::InvalidArgument("enabled: must be true or false");
  p.enabled = *enabled;
  if (auto it = o.find("settings"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return core::InvalidArgument("settings: must be an object");
    p.settings = it->value().as_object();
  }
  return p;
}

}  // namespace

json::object SourceJson(const Source& s) {
  json::value last_error = nullptr;
  if (s.state.last_error_kind) {
    last_error = json::object{{"kind", *s.state.last_error_kind},
                              {"message", s.state.last_error_message.value_or("")},
                              {"at", TimeOrNull(s.state.last_error_at_ms)}};
  }
  return json::object{
      {"id", s.id},
      {"name", s.spec.name},
      {"kind", std::string(ingest::SourceTypeName(s.spec.type))},
      {"settings", s.spec.settings},
      {"interval_seconds", s.spec.interval_seconds},
      {"enabled", s.spec.enabled},
      {"origin", std::string(ingest::SourceOriginName(s.origin))},
      {"created_at", Rfc3339Millis(s.created_at_ms)},
      {"updated_at", Rfc3339Millis(s.updated_at_ms)},
      {"state", json::object{{"status", std::string(Status(s))},
                             {"consecutive_failures", s.state.consecutive_failures},
                             {"last_attempt_at", TimeOrNull(s.state.last_attempt_at_ms)},
                             {"last_success_at", TimeOrNull(s.state.last_success_at_ms)},
                             {"last_error", last_error},
                             {"next_run_at", Rfc3339Millis(s.state.next_run_at_ms)},
                             {"signals_total", s.state.signals_total},
                             {"alerted_at", TimeOrNull(s.state.alerted_at_ms)},
                             {"cursor", s.state.cursor}}},
  };
}

void AddSourceRoutes(AccountsApi& api, http::Router& router, SourceRoutesDeps deps) {
  auto d = std::make_shared<SourceRoutesDeps>(std::move(deps));

  api.Add(router, "GET", "/admin/api/sources",
          Op("listSources",
             "Every source with its state: status, last error, last success, consecutive "
             "failures, next run",
             {ResponseDoc{200, "data: the sources, oldest first"}}),
          std::nullopt, [d](Request&, const Caller&) {
            auto list = d->sources.List();
            if (!list) return ErrorResponse(list.error());
            json::array data;
            for (const auto& s : *list) data.push_back(SourceJson(s));
            return Response::Json(200, json::object{{"data", std::move(data)}});
          });

  api.Add(router, "GET", "/admin/api/sources/{id}",
          Op("getSource", "One source with its state", {ResponseDoc{200, "the source"}}),
          std::nullopt, [d](Request& req, const Caller&) {
            auto s = d->sources.Get(req.PathParam("id"));
            if (!s) return ErrorResponse(s.error());
            return Response::Json(200, SourceJson(*s));
          });

  api.Add(
      router, "POST", "/admin/api/sources",
      Op("createSource", "Add a source; it runs at once, then every interval",
         {ResponseDoc{201, "the source"}, ResponseDoc{400, "invalid field (the message names it)"},
          ResponseDoc{409, "the name is taken"}},
         true),
      std::nullopt, [d](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto spec = ingest::SourceSpecFromJson(*body);
        if (!spec) return ErrorResponse(spec.error());
        auto s = d->sources.Create(std::move(*spec), ingest::SourceOrigin::kApi);
        if (!s) return ErrorResponse(s.error());
        Audit(*d, caller, "admin.source.create", s->id, s->spec.name);
        if (d->run_now) (void)d->run_now(s->id);
        return Response::Json(201, SourceJson(*s));
      });

  api.Add(router, "PATCH", "/admin/api/sources/{id}",
          Op("updateSource",
             "Change name, settings, interval or enabled (absent fields stay); new settings "
             "start the source over (cursor and validators cleared)",
             {ResponseDoc{200, "the source"}, ResponseDoc{400, "invalid field"},
              ResponseDoc{409, "the name is taken"},
              ResponseDoc{422, "the source comes from the configuration file"}},
             true),
          std::nullopt, [d](Request& req, const Caller& caller) {
            auto body = JsonBody(req);
            if (!body) return ErrorResponse(body.error());
            auto patch = PatchFromJson(*body);
            if (!patch) return ErrorResponse(patch.error());
            auto s = d->sources.Update(req.PathParam("id"), *patch);
            if (!s) return ErrorResponse(s.error());
            Audit(*d, caller, "admin.source.update", s->id, s->spec.name);
            if (d->run_now && s->spec.enabled && patch->settings) (void)d->run_now(s->id);
            return Response::Json(200, SourceJson(*s));
          });

  api.Add(router, "DELETE", "/admin/api/sources/{id}",
          Op("deleteSource", "Delete a source and its state",
             {ResponseDoc{204, "deleted"},
              ResponseDoc{422, "the source comes from the configuration file"}}),
          std::nullopt, [d](Request& req, const Caller& caller) {
            const std::string id(req.PathParam("id"));
            if (auto ok = d->sources.Delete(id); !ok) return ErrorResponse(ok.error());
            Audit(*d, caller, "admin.source.delete", id);
            return NoContent();
          });

  api.Add(router, "POST", "/admin/api/sources/{id}/run",
          Op("runSourceNow",
             "Poll the source as soon as a worker is free, whatever its schedule or back-off",
             {ResponseDoc{202, "queued: the source as it is now"}}),
          std::nullopt, [d](Request& req, const Caller& caller) {
            const std::string id(req.PathParam("id"));
            auto s = d->sources.Get(id);
            if (!s) return ErrorResponse(s.error());
            if (!d->run_now) {
              return ErrorResponse({core::ErrorCode::kFailedPrecondition,
                                    "the scheduler is not running in this process "
                                    "(ingest.scheduler = false)"});
            }
            if (auto ok = d->run_now(id); !ok) return ErrorResponse(ok.error());
            Audit(*d, caller, "admin.source.run", id, s->spec.name);
            auto now = d->sources.Get(id);
            if (!now) return ErrorResponse(now.error());
            return Response::Json(202, SourceJson(*now));
          });
}

}  // namespace leados::api
