#include "pipeline/lead_record.h"

#include "core/crypto.h"

namespace leados::pipeline {

bool LeadRecord::AllChannelsCompleted() const {
  const bool webhook = channels.webhook != "pending";
  const bool api = channels.api != "pending";
  const bool digest = channels.digest != "pending";
  const bool portal = channels.portal != "shown";
  return webhook && api && digest && portal;
}

std::string LeadIdFor(std::string_view account_id, std::string_view campaign_id,
                      std::string_view signal_key) {
  std::string message;
  message.append(account_id).append("\n").append(campaign_id).append("\n").append(signal_key);
  const std::string digest = core::Sha256(message);
  static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford, lower
  std::string id = "ld_";
  uint64_t buffer = 0;
  int bits = 0;
  size_t byte = 0;
  while (id.size() < 3 + 26) {
    if (bits < 5) {
      buffer = (buffer << 8) | static_cast<unsigned char>(digest[byte++]);
      bits += 8;
    }
    id.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
    bits -= 5;
  }
  return id;
}

}  // namespace leados::pipeline
