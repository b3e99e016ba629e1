#pragma once
// The webhook endpoint model: what a client registers (URL, event types, enabled), the event
// types LeadOS sends, and the validation of a registration. Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::deliver {

// Event types an endpoint may subscribe to.
inline constexpr std::string_view kEventLeadCreated = "lead.created";
inline constexpr std::string_view kEventLeadErasureRequested = "lead.erasure_requested";
inline constexpr std::string_view kEventEndpointDisabled = "endpoint.disabled";
inline constexpr std::string_view kEventCreditsLow = "credits.low";
// Sent by sendTestWebhook to one endpoint whatever it subscribes to.
inline constexpr std::string_view kEventTest = "webhook.test";

// The subscribable event types, in documentation order.
const std::vector<std::string_view>& SubscribableEventTypes();

struct WebhookEndpoint {
  std::string id;  // we_…
  std::string account_id;
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  bool enabled = true;
  std::optional<int64_t> previous_secret_expires_at_ms;  // rotation overlap ends then
  std::optional<int64_t> failing_since_ms;
  std::optional<std::string> last_error;
  std::optional<std::string> disabled_reason;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;

  bool Subscribes(std::string_view event_type) const;
};

// A new registration (as the API reads it).
struct NewEndpoint {
  std::string url;
  std::string description;
  std::vector<std::string> event_types;
  bool enabled = true;
};

// A partial update: absent fields stay as they are.
struct EndpointPatch {
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> event_types;
  std::optional<bool> enabled;
};

// A URL split the way the endpoint rules need it.
struct EndpointUrl {
  std::string scheme;  // http | https
  std::string host;    // without brackets
  uint16_t port = 0;
  bool loopback_literal = false;  // host is 127.0.0.1, ::1 or localhost
};

// Parses and checks an endpoint URL: absolute, https (http only for a loopback host when
// `allow_http_loopback`), no user info, at most 2,000 characters. kInvalidArgument "url: …"
// telling what to change. Does not resolve the host (the SSRF guard does).
core::Result<EndpointUrl> ParseEndpointUrl(std::string_view url, bool allow_http_loopback);

// kInvalidArgument "event_types: …" unless the list is non-empty, without duplicates, and every
// entry is a subscribable event type.
core::Status CheckEventTypes(const std::vector<std::string>& event_types);

// kInvalidArgument "description: …" when longer than 500 characters.
core::Status CheckDescription(std::string_view description);

}  // namespace leados::deliver
