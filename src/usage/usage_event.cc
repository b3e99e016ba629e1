#include "usage/usage_event.h"

#include <fmt/format.h>

#include <chrono>

namespace leados::usage {

std::string_view UsageKindName(UsageKind kind) {
  switch (kind) {
    case UsageKind::kApiCall: return "api_call";
    case UsageKind::kCampaignCreated: return "campaign_created";
    case UsageKind::kCreditsConsumed: return "credits_consumed";
    case UsageKind::kWebhookDelivery: return "webhook_delivery";
    case UsageKind::kPortalInteraction: return "portal_interaction";
  }
  return "api_call";
}

std::optional<UsageKind> ParseUsageKind(std::string_view name) {
  for (UsageKind k : {UsageKind::kApiCall, UsageKind::kCampaignCreated, UsageKind::kCreditsConsumed,
                      UsageKind::kWebhookDelivery, UsageKind::kPortalInteraction}) {
    if (UsageKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string StatusClass(const UsageEvent& event) {
  switch (event.kind) {
    case UsageKind::kApiCall: {
      const int c = event.status / 100;
      return c >= 1 && c <= 5 ? fmt::format("{}xx", c) : "5xx";
    }
    case UsageKind::kWebhookDelivery: return event.failed ? "failed" : "delivered";
    default: return "ok";
  }
}

bool IsErrorClass(std::string_view status_class) {
  return status_class == "4xx" || status_class == "5xx" || status_class == "failed";
}

std::string UtcDay(int64_t unix_ms) {
  using namespace std::chrono;
  const sys_days d = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)));
  const year_month_day ymd(d);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<int64_t> ParseUtcDay(std::string_view day) {
  using namespace std::chrono;
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (day[i] - '0');
    return v;
  };
  const year_month_day ymd{year(num(0, 4)), month(static_cast<unsigned>(num(5, 2))),
                           std::chrono::day(static_cast<unsigned>(num(8, 2)))};
  if (!ymd.ok()) return std::nullopt;
  return duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
}

}  // namespace leados::usage
