#include "accounts/password_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace leados::accounts {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t CodePoints(std::string_view s) {
  // Counts bytes that are not UTF-8 continuation bytes (10xxxxxx).
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void AddLines(std::string_view text, std::unordered_set<std::string>& set) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    set.insert(AsciiLower(line));
  }
}

// The password without trailing digits and ASCII punctuation: "Dragon2024!" -> "dragon".
std::string BaseWord(const std::string& lower) {
  size_t end = lower.size();
  while (end > 0) {
    unsigned char c = static_cast<unsigned char>(lower[end - 1]);
    if (!std::isdigit(c) && !std::ispunct(c)) break;
    --end;
  }
  return lower.substr(0, end);
}

}  // namespace

PasswordPolicy::PasswordPolicy() : common_(std::make_shared<std::unordered_set<std::string>>()) {
  AddLines(BuiltinCommonPasswords(), *common_);
}

core::Result<PasswordPolicy> PasswordPolicy::WithListFile(const std::filesystem::path& list_file) {
  std::ifstream in(list_file, std::ios::binary);
  if (!in) {
    return core::NotFound(fmt::format("cannot read the common-password list '{}': check the path",
                                      list_file.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().empty()) {
    return core::InvalidArgument(
        fmt::format("the common-password list '{}' is empty", list_file.string()));
  }
  PasswordPolicy policy;
  AddLines(text.str(), *policy.common_);
  return policy;
}

bool PasswordPolicy::IsCommon(std::string_view password) const {
  return common_->contains(AsciiLower(password));
}

core::Status PasswordPolicy::Check(std::string_view password, std::string_view email) const {
  if (password.size() > kMaxBytes) {
    return core::InvalidArgument(
        fmt::format("password is too long: use at most {} bytes", kMaxBytes));
  }
  size_t chars = CodePoints(password);
  if (chars < kMinChars) {
    return core::InvalidArgument(fmt::format(
        "password is too short: use at least {} characters (it has {})", kMinChars, chars));
  }
  if (std::all_of(password.begin(), password.end(),
                  [&](char c) { return c == password.front(); })) {
    return core::InvalidArgument("password is one character repeated: choose another");
  }
  std::string lower = AsciiLower(password);
  if (common_->contains(lower)) {
    return core::InvalidArgument(
        "this password is on a list of commonly used passwords: choose another");
  }
  std::string base = BaseWord(lower);
  if (base.size() >= 4 && base.size() < lower.size() && common_->contains(base)) {
    return core::InvalidArgument(
        "this password is a common password with digits or symbols added: choose another");
  }
  if (!email.empty()) {
    std::string email_lower = AsciiLower(email);
    if (lower == email_lower) {
      return core::InvalidArgument("password must not be your email address");
    }
    std::string local = email_lower.substr(0, email_lower.find('@'));
    local = local.substr(0, local.find('+'));
    if (local.size() >= kMinEmailPartToCheck && lower.find(local) != std::string::npos) {
      return core::InvalidArgument(
          "password must not contain the name part of your email address: choose another");
    }
  }
  return core::Ok();
}

}  // namespace leados::accounts
