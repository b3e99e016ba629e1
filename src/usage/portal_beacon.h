#pragma once
// The portal's beacon vocabulary: the fixed lists of page and action names a
// portal_interaction event may carry (POST /v1/usage/beacon). Fixed lists, so that a beacon
// can never carry free text (a URL with a lead id or a search query) into the usage tables.

#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace leados::usage {

// dashboard, campaigns, campaign_edit, leads, webhooks, api_keys, billing, settings, usage.
std::span<const std::string_view> PortalPages();
// view, click, submit.
std::span<const std::string_view> PortalActions();

// The event name "<page>.<action>", or kInvalidArgument naming the field and listing the
// accepted values when `page` or `action` is not in its list.
core::Result<std::string> PortalInteractionName(std::string_view page, std::string_view action);

}  // namespace leados::usage
