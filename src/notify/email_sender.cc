#include "notify/email_sender.h"

namespace leados::notify {

bool IsTransient(const core::Error& error) {
  switch (error.code) {
    case core::ErrorCode::kUnavailable:
    case core::ErrorCode::kDeadlineExceeded:
    case core::ErrorCode::kResourceExhausted:
    case core::ErrorCode::kInternal: return true;
    default: return false;
  }
}

bool IsPlausibleAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  for (char c : address) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '"' || c == '\\' || c == 0x7f) {
      return false;
    }
  }
  size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
  if (address.find('@') != at) return false;
  std::string_view domain = address.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

}  // namespace leados::notify
