#pragma once
// LeadRecord: what SQL keeps about a lead (delivery metadata only; see payload_store.h for the
// rest) and the derivation of its id.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leados::pipeline {

// Per-channel state. Webhook: off | pending | done | failed. API: off | pending | done (acked).
// Digest: off | pending | done. Portal: off | shown | dismissed.
struct ChannelStatus {
  std::string webhook = "off";
  std::string api = "off";
  std::string digest = "off";
  std::string portal = "off";
};

struct LeadRecord {
  std::string id;  // LeadIdFor(account, campaign, signal key)
  std::string account_id;
  std::string campaign_id;
  std::string fingerprint;
  int score = 0;
  std::string intent_class;  // IntentClassName
  std::string source_kind;   // SourceKindName
  int64_t signal_published_at_ms = 0;
  int64_t created_at_ms = 0;
  int64_t payload_expires_at_ms = 0;
  std::optional<int64_t> payload_deleted_at_ms;
  ChannelStatus channels;
  std::string feedback;  // "" | "contacted" | "not_relevant"
  int64_t updated_at_ms = 0;
  // Not stored: how much the enrichment found, for the price of the lead (billing): "basic" (no
  // company identified), "company" (company known), "full" (company and role known). Set by
  // LeadProcessor before the charge; "" on records read back from SQL.
  std::string enrichment_level;
  // Held by billing (no credits yet, or over its campaign's daily cap): stored, but hidden from
  // the client (List, LeadService::Get, the digest) until released (LeadStore::SetHeld).
  bool held = false;

  // True when no channel still needs the payload: webhook done/failed/off, API done/off, digest
  // done/off, and the portal not showing it (dismissed/off).
  bool AllChannelsCompleted() const;
};

// "ld_" + 26 lower-case base32 characters of SHA-256(account \n campaign \n signal key): the same
// signal for the same campaign always gets the same id, so a replay cannot create a second lead.
std::string LeadIdFor(std::string_view account_id, std::string_view campaign_id,
                      std::string_view signal_key);

}  // namespace leados::pipeline
