#include "http/router.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "http/url.h"

namespace leados::http {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "leados: router misuse: %s\n", what.c_str());
  std::abort();
}

struct Segment {
  bool param = false;
  std::string text;  // literal text, or the parameter name
};

std::vector<Segment> SplitPattern(const std::string& pattern) {
  std::vector<Segment> out;
  size_t pos = 1;
  while (pos <= pattern.size()) {
    size_t slash = pattern.find('/', pos);
    if (slash == std::string::npos) slash = pattern.size();
    std::string seg = pattern.substr(pos, slash - pos);
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      out.push_back({true, seg.substr(1, seg.size() - 2)});
    } else {
      out.push_back({false, seg});
    }
    pos = slash + 1;
  }
  return out;
}

// Handler -> middleware[0](middleware[1](…(handler))).
Handler Compose(const std::vector<Middleware>& middleware, Handler handler) {
  for (auto it = middleware.rbegin(); it != middleware.rend(); ++it) {
    handler = [mw = *it, next = std::move(handler)](Request& req) { return mw(req, next); };
  }
  return handler;
}

}  // namespace

struct Router::Route {
  std::string method;
  Operation op;
  Handler handler;
  Handler composed;  // set by Freeze
};

struct Router::PathEntry {
  std::string pattern;
  std::vector<Segment> segments;
  int param_count = 0;
  std::vector<std::unique_ptr<Route>> routes;
  Handler method_not_allowed;  // set by Freeze

  const Route* Find(std::string_view method) const {
    for (const auto& r : routes) {
      if (r->method == method) return r.get();
    }
    return nullptr;
  }
};

Router::Router() = default;
Router::~Router() = default;

void Router::Add(std::string method, std::string pattern, Operation op, Handler handler) {
  if (frozen_) Die(fmt::format("{} {} added after the server started", method, pattern));
  if (pattern.empty() || pattern.front() != '/') {
    Die(fmt::format("pattern '{}' must start with '/'", pattern));
  }
  if (op.operation_id.empty()) Die(fmt::format("{} {} has no operation_id", method, pattern));
  PathEntry* entry = nullptr;
  for (auto& p : paths_) {
    if (p->pattern == pattern) entry = p.get();
  }
  if (entry == nullptr) {
    auto e = std::make_unique<PathEntry>();
    e->pattern = pattern;
    e->segments = SplitPattern(pattern);
    for (const auto& s : e->segments) e->param_count += s.param ? 1 : 0;
    entry = e.get();
    paths_.push_back(std::move(e));
    if (entry->param_count == 0) {
      literal_paths_.emplace(pattern, entry);
    } else {
      param_paths_.push_back(entry);
      std::stable_sort(
          param_paths_.begin(), param_paths_.end(),
          [](const PathEntry* a, const PathEntry* b) { return a->param_count < b->param_count; });
    }
  }
  if (entry->Find(method) != nullptr) Die(fmt::format("{} {} registered twice", method, pattern));
  auto route = std::make_unique<Route>();
  route->method = std::move(method);
  route->op = std::move(op);
  route->handler = std::move(handler);
  entry->routes.push_back(std::move(route));
}

void Router::Use(Middleware middleware) {
  if (frozen_) Die("middleware added after the server started");
  middleware_.push_back(std::move(middleware));
}

void Router::Freeze() {
  if (frozen_) return;
  frozen_ = true;
  for (auto& p : paths_) {
    std::vector<std::string> methods;
    for (auto& r : p->routes) {
      r->composed = Compose(middleware_, r->handler);
      methods.push_back(r->method);
      if (r->method == "GET" && p->Find("HEAD") == nullptr) methods.push_back("HEAD");
    }
    std::sort(methods.begin(), methods.end());
    const std::string allow = fmt::format("{}", fmt::join(methods, ", "));
    p->method_not_allowed = Compose(middleware_, [allow](Request& req) {
      return Response::Error(core::Error{core::ErrorCode::kMethodNotAllowed,
                                         fmt::format("method {} is not allowed on {}; allowed: {}",
                                                     req.method, req.route, allow)})
          .WithHeader("Allow", allow);
    });
  }
  not_found_ = Compose(middleware_, [](Request& req) {
    return Response::Error(
        core::Error{core::ErrorCode::kNotFound,
                    fmt::format("no route matches {} {}; see /openapi.json for the API", req.method,
                                req.path)});
  });
}

const Router::PathEntry* Router::Match(std::string_view path, Request& req) const {
  if (auto it = literal_paths_.find(path); it != literal_paths_.end()) return it->second;
  if (param_paths_.empty()) return nullptr;
  // Split the raw (still encoded) path so that an encoded '/' stays inside its segment.
  std::string_view raw = req.target;
  raw = raw.substr(0, raw.find('?'));
  std::vector<std::string_view> parts;
  if (raw.empty() || raw.front() != '/') return nullptr;
  size_t pos = 1;
  while (pos <= raw.size()) {
    size_t slash = raw.find('/', pos);
    if (slash == std::string_view::npos) slash = raw.size();
    parts.push_back(raw.substr(pos, slash - pos));
    pos = slash + 1;
  }
  for (const PathEntry* entry : param_paths_) {
    if (entry->segments.size() != parts.size()) continue;
    bool ok = true;
    std::map<std::string, std::string, std::less<>> params;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      auto decoded = PercentDecode(parts[i]);
      const Segment& seg = entry->segments[i];
      if (!decoded) {
        ok = false;
      } else if (seg.param) {
        if (decoded->empty())
          ok = false;
        else
          params.emplace(seg.text, std::move(*decoded));
      } else if (*decoded != seg.text) {
        ok = false;
      }
    }
    if (ok) {
      req.path_params = std::move(params);
      return entry;
    }
  }
  return nullptr;
}

Response Router::Dispatch(Request& req) const {
  if (!frozen_) Die("Dispatch before Freeze");
  const PathEntry* entry = Match(req.path, req);
  if (entry == nullptr) {
    req.route = "unmatched";
    req.operation = nullptr;
    return not_found_(req);
  }
  req.route = entry->pattern;
  const Route* route = entry->Find(req.method);
  if (route == nullptr && req.method == "HEAD") route = entry->Find("GET");
  if (route == nullptr) {
    req.operation = nullptr;
    return entry->method_not_allowed(req);
  }
  req.operation = &route->op;
  return route->composed(req);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& p : paths_) {
    for (const auto& r : p->routes) out.push_back({r->method, p->pattern, &r->op});
  }
  return out;
}

}  // namespace leados::http
