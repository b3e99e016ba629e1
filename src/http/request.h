#pragma once
// Request: what a handler sees of one HTTP request. Our own type, so handlers never include Beast.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leados::http {

struct Operation;

// Header fields in arrival order, looked up case-insensitively (RFC 9110 field names).
class Headers {
 public:
  // Appends a field; repeated names are kept (e.g. several Cookie lines).
  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // The first value of `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// ASCII case-insensitive equality, for header names and tokens.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct Request {
  std::string method;  // upper-case token: "GET", "POST", …
  std::string target;  // as received: "/v1/leads?cursor=abc"
  std::string path;    // percent-decoded path without the query: "/v1/leads"
  std::multimap<std::string, std::string> query;  // decoded query parameters ('+' is a space)
  Headers headers;
  std::string body;
  std::string remote_ip;  // the TCP peer (a proxy's address when behind one)

  // Filled by the router: the values of `{name}` segments of the matched pattern (decoded), the
  // pattern itself ("/v1/campaigns/{id}", "unmatched" when no route matched) and its operation
  // (nullptr when unmatched) so middleware can read e.g. its auth requirement.
  std::map<std::string, std::string, std::less<>> path_params;
  std::string route = "unmatched";
  const Operation* operation = nullptr;

  // Filled by the server: the incoming X-Request-Id when acceptable, else a generated one.
  std::string request_id;

  // The first query value of `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The path parameter `name`; empty if the pattern has none of that name.
  std::string_view PathParam(std::string_view name) const;
};

}  // namespace leados::http
