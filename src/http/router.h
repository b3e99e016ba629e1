#pragma once
// Router: maps (method, path pattern) to a handler and its documented Operation, and wraps every
// handler in the registered middleware. Feeds the OpenAPI document (openapi.h).
//
// Register routes and middleware before Server::Start (single-threaded); after Freeze() (which
// Start calls) the router is read-only and Dispatch is thread-safe.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "http/request.h"
#include "http/response.h"

namespace leados::http {

// Synchronous; runs on a server worker thread, so it blocks that thread while it runs.
using Handler = std::function<Response(Request&)>;
// Wraps the rest of the chain: call `next(req)` to continue, or return a response to stop early.
using Middleware = std::function<Response(Request&, const Handler& next)>;

// Who may call an operation. Enforced by the auth middleware (a later issue); documented in
// OpenAPI as `security`.
enum class Auth { kNone, kSession, kApiKey, kSessionOrApiKey, kAdmin };

// One documented response of an operation.
struct ResponseDoc {
  int status = 200;
  std::string description = "OK";
  std::optional<core::json::value> schema;  // JSON Schema of the body; none for an empty body
  std::string content_type = "application/json";
};

// One documented query parameter.
struct QueryParamDoc {
  std::string name;
  std::string description;
  bool required = false;
  std::string type = "string";  // JSON Schema type: string, integer, boolean, number
};

// The OpenAPI description of a route. operation_id is required and unique (camelCase verbs:
// listCampaigns, getLead).
struct Operation {
  std::string operation_id;
  std::string summary;
  std::vector<std::string> tags;
  Auth auth = Auth::kNone;
  std::optional<core::json::value> request_schema;  // JSON body schema; none = no body
  std::vector<ResponseDoc> responses;               // none = a plain "200 OK"
  std::vector<QueryParamDoc> query_params;
};

// A registered route, as read by the OpenAPI generator.
struct RouteInfo {
  std::string method;
  std::string pattern;
  const Operation* operation;
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers `handler` for `method` (upper-case) on `pattern`: literal segments and `{name}`
  // segments that match one non-empty path segment ("/v1/campaigns/{id}"). A pattern with fewer
  // parameters wins over one with more where both match. Registering the same method and pattern
  // twice, a pattern that does not start with '/', or an empty operation_id is a programming
  // error and aborts with a message.
  void Add(std::string method, std::string pattern, Operation op, Handler handler);
  // Appends a middleware. The first added is the outermost: Use(a); Use(b) runs a(b(handler)).
  // Middleware also wraps the 404 and 405 answers (req.operation is nullptr for those).
  void Use(Middleware middleware);

  // Composes middleware around every handler. Idempotent; Server::Start calls it. Routes or
  // middleware added afterwards abort.
  void Freeze();
  // Matches req.method and req.path, fills req.path_params, req.route and req.operation, and runs
  // the chain: the handler, or a 404 JSON error for an unknown path, or a 405 JSON error with an
  // Allow header for a known path with another method. HEAD falls back to the GET handler.
  // Requires Freeze() first (aborts otherwise). Thread-safe; exceptions from handlers propagate
  // (the server turns them into 500s).
  Response Dispatch(Request& req) const;

  // Every route in registration order.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Route;
  struct PathEntry;
  const PathEntry* Match(std::string_view path, Request& req) const;

  std::vector<std::unique_ptr<PathEntry>> paths_;                 // registration order
  std::map<std::string, PathEntry*, std::less<>> literal_paths_;  // patterns without {params}
  std::vector<PathEntry*> param_paths_;                           // sorted by fewest params first
  std::vector<Middleware> middleware_;
  Handler not_found_;  // composed with middleware by Freeze
  bool frozen_ = false;
};

}  // namespace leados::http
