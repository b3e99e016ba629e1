#include "deliver/webhook_endpoint.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <set>

namespace leados::deliver {

const std::vector<std::string_view>& SubscribableEventTypes() {
  static const std::vector<std::string_view> types = {kEventLeadCreated, kEventLeadErasureRequested,
                                                      kEventEndpointDisabled, kEventCreditsLow};
  return types;
}

bool WebhookEndpoint::Subscribes(std::string_view event_type) const {
  return std::find(event_types.begin(), event_types.end(), event_type) != event_types.end();
}

core::Result<EndpointUrl> ParseEndpointUrl(std::string_view url, bool allow_http_loopback) {
  if (url.empty()) return core::InvalidArgument("url: is required (an https:// address)");
  if (url.size() > 2000) return core::InvalidArgument("url: must be at most 2000 characters");
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    return core::InvalidArgument(
        fmt::format("url: '{}' is not an absolute URL such as https://example.com/hooks", url));
  }
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  EndpointUrl out;
  out.scheme = std::string(u.scheme());
  out.host = std::string(u.encoded_host_address());
  if (out.host.size() >= 2 && out.host.front() == '[') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  std::string lower_host = out.host;
  std::transform(lower_host.begin(), lower_host.end(), lower_host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out.loopback_literal =
      lower_host == "127.0.0.1" || lower_host == "::1" || lower_host == "localhost";
  if (out.scheme != "https" && out.scheme != "http") {
    return core::InvalidArgument(fmt::format("url: must use https:// (got '{}')", out.scheme));
  }
  if (out.host.empty()) return core::InvalidArgument("url: has no host");
  if (u.has_userinfo()) {
    return core::InvalidArgument("url: must not contain a user name or password");
  }
  if (u.has_fragment()) return core::InvalidArgument("url: must not contain a #fragment");
  if (out.scheme == "http" && !(allow_http_loopback && out.loopback_literal)) {
    return core::InvalidArgument("url: must use https:// (plain http is not accepted)");
  }
  if (u.has_port()) {
    if (u.port_number() == 0) return core::InvalidArgument("url: has a bad port");
    out.port = u.port_number();
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  return out;
}

core::Status CheckEventTypes(const std::vector<std::string>& event_types) {
  const auto& known = SubscribableEventTypes();
  const std::string allowed = fmt::format("{}", fmt::join(known, ", "));
  if (event_types.empty()) {
    return core::InvalidArgument("event_types: list at least one of " + allowed);
  }
  std::set<std::string_view> seen;
  for (const auto& t : event_types) {
    if (std::find(known.begin(), known.end(), t) == known.end()) {
      return core::InvalidArgument(
          fmt::format("event_types: unknown event type '{}': use {}", t, allowed));
    }
    if (!seen.insert(t).second) {
      return core::InvalidArgument(fmt::format("event_types: '{}' is listed twice", t));
    }
  }
  return core::Ok();
}

core::Status CheckDescription(std::string_view description) {
  if (description.size() > 500) {
    return core::InvalidArgument("description: must be at most 500 characters");
  }
  return core::Ok();
}

}  // namespace leados::deliver
