#pragma once
// PasswordPolicy: the rules a new password must meet (NIST SP 800-63B style: length and a
// blocklist, no composition rules), with messages that tell the user what to change.
//
// Rules, in the order they are checked:
//   1. at most 256 bytes (UTF-8), at least 10 characters (Unicode code points);
//   2. not one character repeated ("aaaaaaaaaa");
//   3. not on the common-password list, compared case-insensitively, also after removing
//      trailing digits and symbols ("Dragon2024!" is refused because "dragon" is listed; the base
//      must be at least 4 characters);
//   4. not equal to the email address, and not containing the email's local part (the text before
//      '@' and before any '+tag') when that part has 3 or more characters.
//
// The common-password list: data/passwords/common.txt is compiled into the binary (so the product
// works without the data folder); an operator may add a larger list file at run time, which is
// checked in addition to the built-in one.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.h"

namespace leados::accounts {

class PasswordPolicy {
 public:
  static constexpr size_t kMinChars = 10;
  static constexpr size_t kMaxBytes = 256;
  static constexpr size_t kMinEmailPartToCheck = 3;

  // The built-in list only.
  PasswordPolicy();
  // The built-in list plus every line of `list_file` (one password per line; empty lines and lines
  // starting with '#' are skipped). Errors: kNotFound/kInvalidArgument naming the file.
  static core::Result<PasswordPolicy> WithListFile(const std::filesystem::path& list_file);

  // Ok when `password` may be used by the account with `email` (email may be empty).
  // Otherwise kInvalidArgument with a message for the user, e.g.
  // "password is too short: use at least 10 characters (it has 8)". Thread-safe.
  core::Status Check(std::string_view password, std::string_view email) const;

  // True when `password` (case-insensitively) is on the list. Thread-safe.
  bool IsCommon(std::string_view password) const;
  // Number of distinct listed passwords.
  size_t list_size() const { return common_->size(); }

 private:
  // Shared so copies of a policy do not copy a possibly large list.
  std::shared_ptr<std::unordered_set<std::string>> common_;
};

// The built-in list text (data/passwords/common.txt at build time); defined in a generated file.
std::string_view BuiltinCommonPasswords();

}  // namespace leados::accounts
