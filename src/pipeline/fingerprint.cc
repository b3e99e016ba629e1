#include "pipeline/fingerprint.h"

#include <algorithm>
#include <cctype>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::pipeline {
namespace {

// Lower-cased ASCII, inner whitespace runs collapsed to one space, trimmed. Non-ASCII bytes are
// kept as they are (handles and names are compared byte for byte beyond ASCII case).
std::string Normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

bool IsOrganisationSource(ingest::SourceKind kind) {
  return ingest::IsJobSource(kind) || kind == ingest::SourceKind::kPress;
}

}  // namespace

std::string LeadIdentity(const IdentityParts& p) {
  if (IsOrganisationSource(p.source)) {
    std::string org = Normalise(p.company_domain);
    if (org.empty()) org = Normalise(p.company_name);
    if (!org.empty()) {
      std::string role = Normalise(p.role);
      if (role.empty()) role = Normalise(p.title);
      return "org:" + org + ":" + role;
    }
  } else if (const std::string author = Normalise(p.author); !author.empty()) {
    return "author:" + std::string(ingest::SourceKindName(p.source)) + ":" + author;
  }
  return "item:" + p.signal_key;
}

core::Result<Fingerprinter> Fingerprinter::Create(std::string secret) {
  if (secret.size() < 16) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "pipeline.fingerprint_secret: must be at least 16 bytes (got " +
                          std::to_string(secret.size()) + ")");
  }
  return Fingerprinter(std::move(secret));
}

std::string Fingerprinter::Compute(std::string_view account_id,
                                   std::string_view identity) const {
  std::string message;
  message.reserve(account_id.size() + 1 + identity.size());
  message.append(account_id).append("\n").append(identity);
  return core::HexEncode(core::HmacSha256(secret_, message));
}

std::string FingerprintRegistry::KeyFor(std::string_view account_id,
                                        std::string_view fingerprint) {
  return "fp:" + std::string(account_id) + ":" + std::string(fingerprint);
}

core::Result<Claim> FingerprintRegistry::ClaimFor(std::string_view account_id,
                                                  std::string_view fingerprint,
                                                  std::string_view lead_id) {
  const std::string key = KeyFor(account_id, fingerprint);
  auto set = kv_.PutIfAbsent(key, lead_id, ttl_);
  if (!set) return core::Fail(set.error());
  if (*set) return Claim::kNew;
  auto holder = kv_.Get(key);
  if (!holder) return core::Fail(holder.error());
  // Expired between the two calls: claim again (rare; one retry is enough, since a second
  // expiry would need the TTL to pass again).
  if (!holder->has_value()) {
    auto again = kv_.PutIfAbsent(key, lead_id, ttl_);
    if (!again) return core::Fail(again.error());
    if (*again) return Claim::kNew;
    holder = kv_.Get(key);
    if (!holder) return core::Fail(holder.error());
  }
  return holder->has_value() && **holder == lead_id ? Claim::kReplay : Claim::kDuplicate;
}

core::Status FingerprintRegistry::Release(std::string_view account_id,
                                          std::string_view fingerprint) {
  auto removed = kv_.Delete(KeyFor(account_id, fingerprint));
  if (!removed) return core::Fail(removed.error());
  return core::Ok();
}

}  // namespace leados::pipeline
