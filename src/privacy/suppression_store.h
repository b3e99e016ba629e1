#pragma once
// SuppressionStore: the suppression list (table privacy_suppressions, migration 0120): people who
// asked to be deleted, as hashes only — the keyed hash of their identity (LeadOS's own deletion
// requests) or the unkeyed DROP hash (California's deletion lists, imported as given). The
// pipeline asks AnyOf with every hash form of a signal's author before the signal becomes a lead,
// for every client (src/app/privacy_stack.h adapts it to pipeline::SuppressionList).
// Thread-safe when the database is.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace leados::privacy {

enum class HashForm { kKeyed, kDrop };

// What one DROP import did.
struct DropImportResult {
  int64_t lines = 0;    // non-empty lines read
  int64_t added = 0;    // new hashes
  int64_t already = 0;  // hashes the list had (an import is idempotent)
};

class SuppressionStore {
 public:
  // `db` and `clock` must outlive the store.
  SuppressionStore(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Adds a keyed hash for request `request_id` inside the caller's transaction. True when new.
  core::Result<bool> AddKeyed(store::SqlSession& tx, std::string_view hash,
                              std::string_view request_id);
  // True when any of `hashes` (any form) is on the list. Empty input: false.
  core::Result<bool> AnyOf(const std::vector<std::string>& hashes);
  // As AnyOf, inside the caller's transaction.
  core::Result<bool> AnyOfIn(store::SqlSession& tx, const std::vector<std::string>& hashes);

  // Imports a DROP file: one base64 SHA-256 hash per line (blank lines and a trailing '\r' are
  // ignored; a first line "id,hash"-style CSV header is not accepted: pass the hash column only).
  // All or nothing, in one transaction: kInvalidArgument "line N: …" for the first malformed line
  // (every malformed line number is listed, up to 20), and nothing is added then.
  core::Result<DropImportResult> ImportDrop(std::string_view text);

  // How many hashes of each form the list holds (for `leados privacy status`-like reports).
  core::Result<std::pair<int64_t, int64_t>> Counts();

 private:
  store::Database& db_;
  const core::Clock& clock_;
};

}  // namespace leados::privacy
