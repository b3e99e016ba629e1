#pragma once
// EmailDomainPolicy: which email domains sign-up refuses (issue 9, abuse prevention).
//
//  - Disposable (throwaway) inbox providers are always refused: 400 `disposable_email`. The list
//    is data/signup/disposable_domains.txt, written by the team and compiled into the binary.
//  - Free-mail providers (gmail.com, …) are refused only when the operator requires a business
//    email (`signup.require_business_email`): 400 `business_email_required`. LeadOS bundles no
//    free-mail list; the operator names one with `signup.blocked_domains_file` (one domain per
//    line, `#` comments, or a JSON array of domains such as the npm `free-email-domains` list).
//    Decision: the file is read as the free-mail list, because that is what such published lists
//    are; without `require_business_email` it refuses nothing (src/app logs a warning), and
//    requiring business email without a file is a configuration error (nothing to check).
//  - A subdomain of a listed domain counts as listed ("eu.mailinator.com" → "mailinator.com").
// Both errors are kInvalidArgument messages that start with "email " so forms show them at the
// email field. Immutable after construction; thread-safe.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.h"

namespace leados::accounts {

class EmailDomainPolicy {
 public:
  // The bundled disposable list only (no free-mail list, business email not required).
  EmailDomainPolicy();
  // The bundled list, plus `free_mail_file` (empty path: none) as the free-mail list, refused
  // when `require_business_email`. kInvalidArgument naming the file for an unreadable file, a
  // bad line, or `require_business_email` without a file.
  static core::Result<EmailDomainPolicy> Load(const std::filesystem::path& free_mail_file,
                                              bool require_business_email);
  // The domains of a list text: one per line (blank lines and `#` comments skipped; lower-cased;
  // a leading "@" or "." dropped) or, when the text starts with '[', a JSON array of strings.
  // kInvalidArgument naming the first bad entry (line number for text lists).
  static core::Result<std::vector<std::string>> ParseDomainList(std::string_view text);

  // Ok, or the refusal for a normalised address (AccountService::NormaliseEmail).
  core::Status Check(std::string_view email) const;

  size_t disposable_count() const { return disposable_.size(); }
  size_t free_mail_count() const { return free_mail_.size(); }

 private:
  // True when `domain` or one of its parent domains is in `set`; the listed one in `*match`.
  static bool Listed(const std::unordered_set<std::string>& set, std::string_view domain,
                     std::string* match);

  std::unordered_set<std::string> disposable_;
  std::unordered_set<std::string> free_mail_;
  bool require_business_email_ = false;
};

// The refusal of an address at a disposable provider (400 `disposable_email`).
core::Error DisposableEmailError(std::string_view domain);
bool IsDisposableEmailError(const core::Error& error);
// The refusal of a free-mail address where a business email is required (400
// `business_email_required`).
core::Error BusinessEmailRequiredError(std::string_view domain);
bool IsBusinessEmailRequiredError(const core::Error& error);

// The bundled list's text (generated from data/signup/disposable_domains.txt).
std::string_view BuiltinDisposableDomains();

}  // namespace leados::accounts
