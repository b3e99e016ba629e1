#pragma once
// Sortable unique ids (ULID layout): 48 bits of milliseconds since the epoch then 80 random
// bits, written as 26 Crockford base32 characters. Ids made later sort after ids made earlier
// (within one generator, also within the same millisecond), so they make good primary keys and
// cursors. A prefix names the kind: "lead_01JD…", "cmp_01JD…".

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace leados::core {

class IdGenerator {
 public:
  // `clock` must outlive the generator.
  explicit IdGenerator(const Clock& clock) : clock_(clock) {}
  // A new id, e.g. NewId("lead") -> "lead_01JDQ3…". Thread-safe.
  std::string NewId(std::string_view prefix);
  // The 26-character id without prefix. Thread-safe.
  std::string NewUlid();

 private:
  const Clock& clock_;
  std::mutex mu_;
  uint64_t last_ms_ = 0;    // guarded by mu_
  uint8_t last_rand_[10]{};  // guarded by mu_; incremented within one millisecond for monotonicity
};

// The millisecond timestamp encoded in a ULID (with or without prefix); 0 if malformed.
int64_t UlidMillis(std::string_view id);

}  // namespace leados::core
