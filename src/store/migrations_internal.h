#pragma once
// Internal to src/store: the embedded KV/queue schema (src/store/migrations/kv), applied to kv.db.

#include <vector>

#include "core/result.h"
#include "store/migrations.h"

namespace leados::store::internal {

core::Result<std::vector<Migration>> EmbeddedKvMigrations();

}  // namespace leados::store::internal
