#include "accounts/email_domain_policy.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace leados::accounts {
namespace {

constexpr std::string_view kDisposableTail =
    ", a disposable email provider: use a work or personal address at a real provider";
constexpr std::string_view kBusinessTail =
    ", a free email provider: this service needs your work address at your company's own domain";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A list entry as a bare lower-case domain, or "" when it cannot be one.
std::string NormaliseDomain(std::string_view entry) {
  entry = Trim(entry);
  while (!entry.empty() && (entry.front() == '@' || entry.front() == '.')) entry.remove_prefix(1);
  std::string d(entry);
  std::transform(d.begin(), d.end(), d.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool ok = !d.empty() && d.size() <= 253 && d.find('.') != std::string::npos &&
                  d.back() != '.' && std::all_of(d.begin(), d.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '.' || c == '-' || c >= 0x80;
                  });
  return ok ? d : "";
}

}  // namespace

EmailDomainPolicy::EmailDomainPolicy() {
  auto list = ParseDomainList(BuiltinDisposableDomains());
  // The bundled list is checked by email_domain_policy_test; a bad build would refuse nothing.
  if (list) disposable_.insert(list->begin(), list->end());
}

core::Result<std::vector<std::string>> EmailDomainPolicy::ParseDomainList(std::string_view text) {
  std::vector<std::string> out;
  if (Trim(text).starts_with("[")) {
    auto parsed = core::ParseJson(text);
    if (!parsed || !parsed->is_array()) {
      return core::InvalidArgument("a JSON domain list must be an array of strings");
    }
    for (const auto& v : parsed->as_array()) {
      std::string d = v.is_string() ? NormaliseDomain(std::string_view(v.as_string())) : "";
      if (d.empty()) {
        return core::InvalidArgument("the JSON domain list holds an entry that is not a domain: " +
                                     core::json::serialize(v));
      }
      out.push_back(std::move(d));
    }
    return out;
  }
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    std::string d = NormaliseDomain(line);
    if (d.empty()) {
      return core::InvalidArgument(fmt::format(
          "line {}: '{}' is not a domain (one domain per line, like example.com)", line_no, line));
    }
    out.push_back(std::move(d));
  }
  return out;
}

core::Result<EmailDomainPolicy> EmailDomainPolicy::Load(const std::filesystem::path& free_mail_file,
                                                        bool require_business_email) {
  EmailDomainPolicy policy;
  policy.require_business_email_ = require_business_email;
  if (free_mail_file.empty()) {
    if (require_business_email) {
      return core::InvalidArgument(
          "signup.require_business_email is true but signup.blocked_domains_file is not set: "
          "name a list of free email domains (e.g. the npm free-email-domains list)");
    }
    return policy;
  }
  std::ifstream in(free_mail_file, std::ios::binary);
  if (!in) {
    return core::InvalidArgument("signup.blocked_domains_file: cannot read '" +
                                 free_mail_file.string() + "'");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto list = ParseDomainList(buffer.str());
  if (!list) {
    return core::InvalidArgument("signup.blocked_domains_file '" + free_mail_file.string() +
                                 "': " + list.error().message);
  }
  policy.free_mail_.insert(list->begin(), list->end());
  return policy;
}

bool EmailDomainPolicy::Listed(const std::unordered_set<std::string>& set, std::string_view domain,
                               std::string* match) {
  while (true) {
    if (auto it = set.find(std::string(domain)); it != set.end()) {
      *match = *it;
      return true;
    }
    const size_t dot = domain.find('.');
    if (dot == std::string_view::npos) return false;
    domain.remove_prefix(dot + 1);
  }
}

core::Status EmailDomainPolicy::Check(std::string_view email) const {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos) return core::Ok();
  std::string domain(email.substr(at + 1));
  std::transform(domain.begin(), domain.end(), domain.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string match;
  if (Listed(disposable_, domain, &match)) return core::Fail(DisposableEmailError(match));
  if (require_business_email_ && Listed(free_mail_, domain, &match)) {
    return core::Fail(BusinessEmailRequiredError(match));
  }
  return core::Ok();
}

namespace {

core::Error EmailRefusal(std::string_view domain, std::string_view tail) {
  return {core::ErrorCode::kInvalidArgument,
          "email uses " + std::string(domain) + std::string(tail)};
}

bool IsEmailRefusal(const core::Error& error, std::string_view tail) {
  return error.code == core::ErrorCode::kInvalidArgument && error.message.starts_with("email ") &&
         error.message.ends_with(tail);
}

}  // namespace

core::Error DisposableEmailError(std::string_view domain) {
  return EmailRefusal(domain, kDisposableTail);
}

bool IsDisposableEmailError(const core::Error& error) {
  return IsEmailRefusal(error, kDisposableTail);
}

core::Error BusinessEmailRequiredError(std::string_view domain) {
  return EmailRefusal(domain, kBusinessTail);
}

bool IsBusinessEmailRequiredError(const core::Error& error) {
  return IsEmailRefusal(error, kBusinessTail);
}

}  // namespace leados::accounts
