#pragma once
// The lead digest email of one campaign (the "lead_digest" notify template): a headline with the
// number of new leads, then the best leads in detail — score, intent class, title, an excerpt,
// the author's handle, the source link and why it matched — up to a cap, then "and N more in the
// portal". A lead whose payload is gone (expired or deleted) is counted but not detailed. The
// result holds personal data: enqueue it with its bodies in the KV store (notify/outbox.h).
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "notify/email.h"
#include "notify/templates.h"
#include "pipeline/lead_record.h"

namespace leados::pipeline {

// One lead of a digest: its SQL row and, while it lives, its payload (lead_payload.h).
struct DigestLead {
  LeadRecord record;
  std::optional<std::string> payload_json;  // nullopt: expired or deleted, counted only
};

struct DigestContent {
  std::string account_id;
  std::string campaign_name;
  int64_t period_start_ms = 0;
  int64_t period_end_ms = 0;
  int total_leads = 0;            // every lead this digest closes, detailed or not
  std::vector<DigestLead> shown;  // the detailed ones, best first (at most the cap)
  int expired = 0;                // leads whose payload was gone: counted, not detailed
  std::string portal_url;         // link to the portal's lead inbox
};

// Renders the digest for recipient `to`. Errors: the template's (an implausible address).
core::Result<notify::Email> RenderDigestEmail(const notify::EmailTemplates& templates,
                                              std::string_view to, const DigestContent& content);

// At most `max_bytes` of `text` without cutting a UTF-8 sequence, with "…" when shortened.
std::string ShortenUtf8(std::string_view text, size_t max_bytes);

}  // namespace leados::pipeline
