#pragma once
// Lead fingerprints: "have we already given this client this lead?" without keeping who it was.
//
// A fingerprint is HMAC-SHA-256, keyed with a server secret, over the account id and a normalised
// identity of the lead. Identities (decisions, also in README.md):
//   posts (hn, reddit, rss)           "author:<source kind>:<author handle, lower-cased, trimmed>"
//   jobs (greenhouse, lever, ashby,   "org:<company domain>:<role>", role = the enriched job
//     jobpage) and press releases       function ("engineering"), else the lower-cased title;
//                                        domain falls back to the lower-cased company name
//   anything without an author or     "item:<signal key>" (the same item is still one lead)
//     a company
// so one author (or one company hiring for one function) is one lead per client per 90 days,
// whatever the campaign. The secret makes the stored value useless for finding a person: without
// it nobody can test "was alice a lead of account X?". Only the hex digest is stored, in the KV
// store, under "fp:<account id>:<hex>" with a 90-day TTL.

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ingest/signal.h"
#include "store/key_value.h"

namespace leados::pipeline {

// What the identity is made of; the pipeline fills it from the signal and its enrichment.
struct IdentityParts {
  ingest::SourceKind source = ingest::SourceKind::kRss;
  std::string signal_key;      // Signal::Key(), for items without author or company
  std::string author;          // handle as the source gives it
  std::string company_domain;  // enriched or given
  std::string company_name;    // enriched or given
  std::string role;            // job function name, or "" (the title is used then)
  std::string title;
};

// The normalised identity string (see the table above). Pure.
std::string LeadIdentity(const IdentityParts& parts);

// Keyed digests. Thread-safe (immutable after construction).
class Fingerprinter {
 public:
  // `secret`: at least 16 bytes (the pipeline's `pipeline.fingerprint_secret`, or a key derived
  // from the keyring). kInvalidArgument when shorter.
  static core::Result<Fingerprinter> Create(std::string secret);

  // Lower-case hex HMAC-SHA-256(secret, account_id + "\n" + identity): 64 characters.
  std::string Compute(std::string_view account_id, std::string_view identity) const;

 private:
  explicit Fingerprinter(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;
};

// The outcome of claiming a fingerprint for a lead.
enum class Claim {
  kNew,        // first time: the lead is the client's
  kReplay,     // already claimed by this same lead id (a replayed signal): carry on idempotently
  kDuplicate,  // claimed by another lead within the TTL: drop before charging
};

// Fingerprints in the KV store with set-if-absent. Thread-safe when the KV store is.
class FingerprintRegistry {
 public:
  static constexpr std::chrono::hours kDefaultTtl{24 * 90};

  explicit FingerprintRegistry(store::KeyValue& kv, std::chrono::seconds ttl = kDefaultTtl)
      : kv_(kv), ttl_(ttl) {}

  // Stores lead_id under the fingerprint unless one is there. Errors: the KV store's.
  core::Result<Claim> ClaimFor(std::string_view account_id, std::string_view fingerprint,
                               std::string_view lead_id);

  // Forgets a fingerprint (an erasure request, or a lead that could not be created after its
  // claim). Errors: the KV store's.
  core::Status Release(std::string_view account_id, std::string_view fingerprint);

  static std::string KeyFor(std::string_view account_id, std::string_view fingerprint);

 private:
  store::KeyValue& kv_;
  std::chrono::seconds ttl_;
};

}  // namespace leados::pipeline
