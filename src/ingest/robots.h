#pragma once
// robots.txt (RFC 9309): which paths of a site our crawler may fetch. Parsing and matching only;
// the Fetcher fetches and caches one RobotsRules per origin.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leados::ingest {

// The product token robots.txt groups are matched against: the User-Agent up to its first '/'
// or space ("LeadOS/0.1 (+https://…)" -> "LeadOS").
std::string RobotsProductToken(std::string_view user_agent);

// The rules that apply to one crawler on one site. Immutable, thread-safe to read.
class RobotsRules {
 public:
  // Parses robots.txt text for `product_token`: every group whose User-agent equals the token
  // (case-insensitive) is used, merged; when none does, the "*" groups; when none, allow all.
  // Unknown lines and junk are ignored (a robots.txt never fails to parse).
  static RobotsRules Parse(std::string_view text, std::string_view product_token);
  // Everything allowed (robots.txt missing: 4xx).
  static RobotsRules AllowAll();
  // Everything disallowed (robots.txt unreachable: 5xx or network failure).
  static RobotsRules DisallowAll(std::string reason);

  // Whether `path` (path plus query, starting with '/') may be fetched: the longest matching
  // Allow/Disallow pattern decides ('*' matches any run of characters, a final '$' anchors at
  // the end), an Allow wins a tie, no match allows. "/robots.txt" is always allowed.
  bool IsAllowed(std::string_view path) const;
  // The rule that decides `path`, as "Disallow: /x" / "Allow: /x", or nullopt when none matches.
  std::optional<std::string> DecidingRule(std::string_view path) const;
  // Crawl-delay of the chosen group, in seconds, when given.
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // Why everything is disallowed (DisallowAll), else empty.
  const std::string& unreachable_reason() const { return unreachable_reason_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;  // normalised (percent escapes upper-cased, non-ASCII escaped)
  };
  const Rule* Decide(std::string_view path) const;

  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  bool disallow_all_ = false;
  std::string unreachable_reason_;
};

}  // namespace leados::ingest
