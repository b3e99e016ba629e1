#pragma once
// UsageEvent: one thing a client did or had done for it, as usage tracking counts it (issue 9).
// Plain value type. Carries no personal data of individuals: the account id, an API operation id
// or portal page name, an API key's display prefix at most — never an IP address, an email, a
// person's handle or a signal's text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leados::usage {

enum class UsageKind {
  kApiCall,            // name: operation id; status: HTTP status; latency_ms
  kCampaignCreated,    // name: "campaign"
  kCreditsConsumed,    // name: "lead"; quantity: credits committed for a delivered lead
  kWebhookDelivery,    // name: event type; status: HTTP status (0: none); delivered / failed
  kPortalInteraction,  // name: "<page>.<action>" from the beacon
};

// "api_call", "campaign_created", "credits_consumed", "webhook_delivery", "portal_interaction".
std::string_view UsageKindName(UsageKind kind);
// The kind named `name`, or nullopt.
std::optional<UsageKind> ParseUsageKind(std::string_view name);

struct UsageEvent {
  std::string account_id;  // required: events without an account are dropped
  UsageKind kind = UsageKind::kApiCall;
  std::string name;
  std::string key_prefix;  // an API key's display prefix ("lk_live_ab12…"), or ""
  int status = 0;
  bool failed = false;  // webhook deliveries: the delivery ended dead
  int64_t latency_ms = 0;
  int64_t quantity = 1;
  int64_t at_ms = 0;  // 0: stamped by the recorder with its clock
};

// The status class stored with an event: "2xx".."5xx" for API calls, "delivered" / "failed" for
// webhook deliveries, "ok" for the other kinds.
std::string StatusClass(const UsageEvent& event);
// True for the status classes that count as errors: 4xx, 5xx, failed.
bool IsErrorClass(std::string_view status_class);

// The UTC day of a Unix-millisecond time, "YYYY-MM-DD".
std::string UtcDay(int64_t unix_ms);
// 00:00 UTC of a "YYYY-MM-DD" day in Unix milliseconds, or nullopt when `day` is not a real
// calendar day in that format.
std::optional<int64_t> ParseUtcDay(std::string_view day);

// Where events go. Implementations must be thread-safe and cheap: callers are on request paths.
class UsageSink {
 public:
  virtual ~UsageSink() = default;
  // Takes the event; never blocks on I/O and never fails (an event that cannot be kept is
  // counted as dropped).
  virtual void Record(UsageEvent event) = 0;
};

}  // namespace leados::usage
