#pragma once
// Identities of individuals for rights requests and the suppression list (issue 9): how an
// identifier a person gives us (email, platform handle, profile URL) or a DROP list names (email,
// phone) is normalised, and the two hash forms kept of it.
//
// Canonical forms (decisions; also in README.md):
//   email        "email:<trimmed, lower-cased address>"          (DROP: trim + lower-case)
//   handle       "handle:<source>:<user, trimmed, lower-cased>"  (source: hn, reddit, rss, …;
//                                                                 a Reddit "u/" prefix is dropped)
//   profile URL  canonicalised to the handle it names when the site is known:
//                news.ycombinator.com/user?id=X → handle:hn:x, reddit.com/user/X or /u/X (www.,
//                old., new., m.) → handle:reddit:x; any other URL → "url:<host><path>" with the
//                scheme, "www.", query, fragment and trailing "/" removed and the host lower-cased
//   phone        "phone:<last 10 digits>"                         (DROP phone standardisation)
// So a deletion by "https://news.ycombinator.com/user?id=Alice" and by "hn:alice" is the same
// person, and an author seen by the pipeline maps to the same strings.
//
// Hash forms:
//   keyed  lower-case hex HMAC-SHA-256(key, canonical form): what LeadOS writes for its own
//          requests. The key is derived from the server secret (IdentityHasher), so a dictionary
//          of handles or emails cannot test the stored list.
//   drop   base64(SHA-256(standardised value)) with no prefix: the form of California's DROP
//          deletion lists (email → trimmed lower-case address; phone → digits only, last 10).
//          Stored as imported; LeadOS computes it for email and phone identities only.
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace leados::privacy {

enum class IdentityKind { kEmail, kHandle, kUrl, kPhone };

// "email", "handle", "url", "phone".
std::string_view IdentityKindName(IdentityKind kind);

struct Identity {
  IdentityKind kind = IdentityKind::kEmail;
  std::string value;  // the normalised value without the kind: "a@b.com", "hn:alice", "4155559317"

  // "<kind>:<value>" (the string the keyed hash is computed over).
  std::string Canonical() const;
  friend bool operator==(const Identity&, const Identity&) = default;
};

// An email address trimmed and lower-cased. kInvalidArgument "email: …" unless it has exactly one
// '@' with text on both sides, a '.' in the domain and no whitespace inside.
core::Result<Identity> NormalizeEmail(std::string_view raw);
// "<source>:<user>" (also "<source>/<user>"): source one of hn, reddit, rss, greenhouse, lever,
// ashby, press, jobpage (ingest's source kind names); user trimmed and lower-cased, "u/" and "/u/"
// dropped for Reddit. kInvalidArgument saying the expected form otherwise.
core::Result<Identity> NormalizeHandle(std::string_view raw);
// An http(s) profile URL, canonicalised as in the table above. kInvalidArgument when it is not an
// http(s) URL with a host.
core::Result<Identity> NormalizeProfileUrl(std::string_view raw);
// DROP phone standardisation: digits only, the last 10 (all of them when fewer). kInvalidArgument
// when there is no digit.
core::Result<Identity> NormalizePhone(std::string_view raw);

// The identity a rights request names: `type` is "email", "handle" or "profile_url".
// kInvalidArgument naming the field for an unknown type or a malformed identifier.
core::Result<Identity> NormalizeIdentifier(std::string_view type, std::string_view raw);

// The identities of a signal's author as the pipeline sees it: the handle "<source>:<author>"
// when there is an author, an email address found in the author field (e.g. an RSS
// "jane@example.com (Jane)"), and the profile URL's identity. Duplicates removed. Never fails:
// parts that do not parse are skipped.
std::vector<Identity> AuthorIdentities(std::string_view source, std::string_view author,
                                       std::string_view author_url);

// base64(SHA-256(value)) of an email or phone identity (the DROP form); nullopt for other kinds.
std::optional<std::string> DropHash(const Identity& identity);
// True when `text` is a DROP hash: 44 characters of standard base64 decoding to 32 bytes.
bool IsDropHash(std::string_view text);

// The keyed hash. Immutable after construction; thread-safe.
class IdentityHasher {
 public:
  // `server_secret`: the fingerprint secret (pipeline.fingerprint_secret or DATA/fingerprint.key),
  // at least 16 bytes; the key used is HMAC-SHA-256(server_secret, "leados-privacy-identity-v1"),
  // so no keyed hash equals a lead fingerprint. kInvalidArgument when shorter.
  static core::Result<IdentityHasher> Create(std::string_view server_secret);

  // Lower-case hex HMAC-SHA-256(key, identity.Canonical()): 64 characters.
  std::string Keyed(const Identity& identity) const;

 private:
  explicit IdentityHasher(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace leados::privacy
