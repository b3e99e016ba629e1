#include "store/sql_value.h"

#include <fmt/format.h>

#include <cassert>
#include <charconv>
#include <cstdlib>

namespace leados::store {
namespace {

const SqlValue kNull{};

int64_t ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && ptr == s.data() + s.size()) return v;
  return static_cast<int64_t>(std::strtod(s.c_str(), nullptr));  // "3.0" and friends
}

}  // namespace

std::string_view DialectName(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgres";
}

Row::Row(std::vector<SqlValue> values, std::shared_ptr<const std::vector<std::string>> names)
    : values_(std::move(values)), names_(std::move(names)) {}

const SqlValue& Row::Value(size_t i) const {
  assert(i < values_.size());
  return i < values_.size() ? values_[i] : kNull;
}

bool Row::IsNull(size_t i) const {
  return std::holds_alternative<std::monostate>(Value(i));
}

int64_t Row::Int(size_t i) const {
  const SqlValue& v = Value(i);
  if (auto* n = std::get_if<int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return ParseInt(*s);
  return 0;
}

double Row::Real(size_t i) const {
  const SqlValue& v = Value(i);
  if (auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0.0;
}

std::string Row::Text(size_t i) const {
  const SqlValue& v = Value(i);
  if (auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

bool Row::Bool(size_t i) const {
  const SqlValue& v = Value(i);
  if (auto* s = std::get_if<std::string>(&v)) {
    return *s == "t" || *s == "true" || *s == "TRUE" || (!s->empty() && ParseInt(*s) != 0);
  }
  return Int(i) != 0;
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<double> Row::OptReal(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Real(i);
}

std::string_view Row::ColumnName(size_t i) const {
  if (!names_ || i >= names_->size()) return {};
  return (*names_)[i];
}

std::optional<size_t> Row::ColumnIndex(std::string_view name) const {
  if (!names_) return std::nullopt;
  for (size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return i;
  }
  return std::nullopt;
}

}  // namespace leados::store
