#pragma once
// Values that travel in and out of SQL statements, and the rows a query returns.
// Plain value types with no database headers; thread-compatible (copy freely, share read-only).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace leados::store {

// The SQL dialect behind a Database. Callers branch on it only where SQL really differs.
enum class Dialect { kSqlite, kPostgres };

// "sqlite" / "postgres".
std::string_view DialectName(Dialect dialect);

// One parameter or column value: NULL, a 64-bit integer, a double or text.
// Binary data is stored by callers as base64 TEXT (core::Base64Encode); there is no BLOB type.
// Times are stored as BIGINT Unix milliseconds (core::Clock::NowUnixMillis), never as TIMESTAMP.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

// One result row. Accessors convert between integer, real and text the way SQLite's dynamic
// typing does (text "42" reads as Int 42, Int 7 reads as Text "7"); NULL reads as 0 / 0.0 / "".
// An index out of range is a programming error: it asserts in debug builds and reads as NULL.
class Row {
 public:
  Row() = default;
  Row(std::vector<SqlValue> values, std::shared_ptr<const std::vector<std::string>> names);

  size_t size() const { return values_.size(); }
  const SqlValue& Value(size_t i) const;
  bool IsNull(size_t i) const;
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::string Text(size_t i) const;
  // PostgreSQL booleans arrive as text "t"/"f"; SQLite uses 0/1. Both read correctly here.
  bool Bool(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<double> OptReal(size_t i) const;

  // The column's name as the database reported it ("" when unknown).
  std::string_view ColumnName(size_t i) const;
  // The index of the first column called `name`, or nullopt.
  std::optional<size_t> ColumnIndex(std::string_view name) const;

 private:
  std::vector<SqlValue> values_;
  std::shared_ptr<const std::vector<std::string>> names_;  // shared by all rows of one result
};

}  // namespace leados::store
