#include "usage/portal_beacon.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace leados::usage {
namespace {

constexpr std::array<std::string_view, 9> kPages = {"dashboard", "campaigns", "campaign_edit",
                                                    "leads",     "webhooks",  "api_keys",
                                                    "billing",   "settings",  "usage"};
constexpr std::array<std::string_view, 3> kActions = {"view", "click", "submit"};

bool Contains(std::span<const std::string_view> list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::span<const std::string_view> PortalPages() {
  return kPages;
}

std::span<const std::string_view> PortalActions() {
  return kActions;
}

core::Result<std::string> PortalInteractionName(std::string_view page, std::string_view action) {
  if (!Contains(kPages, page)) {
    return core::InvalidArgument(
        fmt::format("field 'page' must be one of {}, got '{}'", fmt::join(kPages, ", "), page));
  }
  if (!Contains(kActions, action)) {
    return core::InvalidArgument(fmt::format("field 'action' must be one of {}, got '{}'",
                                             fmt::join(kActions, ", "), action));
  }
  return fmt::format("{}.{}", page, action);
}

}  // namespace leados::usage
