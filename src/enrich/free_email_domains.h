#pragma once
// FreeEmailDomains: mailbox providers (gmail.com, outlook.com, ...) whose addresses say nothing
// about the writer's employer. A free-mail domain never resolves to a company.
// Built-in: data/companies/free_email_domains.txt (the big providers, compiled in). A fuller list
// (e.g. the npm free-email-domains JSON array) can be added with AddJsonArray.

#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.h"

namespace leados::enrich {

class FreeEmailDomains {
 public:
  // Starts with the compiled-in list.
  FreeEmailDomains();

  // Adds the domains of a JSON array of strings (["gmail.com", ...]); returns how many were new.
  core::Result<size_t> AddJsonArray(std::string_view json);
  // Adds one domain (lower-cased).
  void Add(std::string_view domain);

  // True when `domain` (or its registrable domain: "mail.yahoo.co.uk" -> "yahoo.co.uk") is a
  // free-mail provider. Thread-safe for concurrent readers.
  bool Contains(std::string_view domain) const;
  size_t size() const { return domains_.size(); }

 private:
  std::unordered_set<std::string> domains_;
};

}  // namespace leados::enrich
