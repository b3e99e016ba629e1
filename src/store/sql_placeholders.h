#pragma once
// Internal to src/store: rewrites `?` placeholders into SOCI's named form `:p1, :p2, …`.
// A `?` inside '…' or "…" quotes, a -- comment, a /* comment */ or a $tag$…$tag$ string is left
// alone. Pure function, thread-safe.

#include <string>
#include <string_view>

namespace leados::store::internal {

struct RewrittenSql {
  std::string sql;
  size_t placeholders = 0;
};

RewrittenSql RewritePlaceholders(std::string_view sql);

}  // namespace leados::store::internal
