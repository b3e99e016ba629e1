#include "privacy/suppression_store.h"

#include "privacy/identity.h"

namespace leados::privacy {
namespace {

// "?, ?, …" for n parameters.
std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
  return s;
}

core::Result<bool> AnyOfOn(auto& session, const std::vector<std::string>& hashes) {
  if (hashes.empty()) return false;
  std::vector<store::SqlValue> params(hashes.begin(), hashes.end());
  auto rows = session.Query("SELECT 1 FROM privacy_suppressions WHERE hash IN (" +
                                Placeholders(hashes.size()) + ") LIMIT 1",
                            params);
  if (!rows) return core::Fail(rows.error());
  return !rows->empty();
}

}  // namespace

core::Result<bool> SuppressionStore::AddKeyed(store::SqlSession& tx, std::string_view hash,
                                              std::string_view request_id) {
  auto n = tx.Exec(
      "INSERT INTO privacy_suppressions (hash, form, origin, request_id, created_at) "
      "VALUES (?, 'keyed', 'request', ?, ?) ON CONFLICT (hash) DO NOTHING",
      {std::string(hash), std::string(request_id), clock_.NowUnixMillis()});
  if (!n) return core::Fail(n.error());
  return *n > 0;
}

core::Result<bool> SuppressionStore::AnyOf(const std::vector<std::string>& hashes) {
  return AnyOfOn(db_, hashes);
}

core::Result<bool> SuppressionStore::AnyOfIn(store::SqlSession& tx,
                                             const std::vector<std::string>& hashes) {
  return AnyOfOn(tx, hashes);
}

core::Result<DropImportResult> SuppressionStore::ImportDrop(std::string_view text) {
  std::vector<std::string> hashes;
  std::string bad;
  int bad_count = 0;
  int64_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    if (!IsDropHash(line)) {
      if (++bad_count <= 20) bad += (bad.empty() ? "" : ", ") + std::to_string(line_no);
      continue;
    }
    hashes.emplace_back(line);
  }
  if (bad_count > 0) {
    return core::InvalidArgument(
        "line " + bad +
        (bad_count > 20 ? " (and " + std::to_string(bad_count - 20) + " more)" : "") +
        ": not a DROP hash (expected 44 characters of base64, the SHA-256 of a standardised "
        "identifier, one per line); nothing was imported");
  }
  DropImportResult result;
  result.lines = static_cast<int64_t>(hashes.size());
  const int64_t now = clock_.NowUnixMillis();
  auto st = db_.Transact([&](store::SqlSession& tx) -> core::Status {
    result.added = 0;
    for (const auto& h : hashes) {
      auto n = tx.Exec(
          "INSERT INTO privacy_suppressions (hash, form, origin, request_id, created_at) "
          "VALUES (?, 'drop', 'drop_import', NULL, ?) ON CONFLICT (hash) DO NOTHING",
          {h, now});
      if (!n) return core::Fail(n.error());
      result.added += *n;
    }
    return core::Ok();
  });
  if (!st) return core::Fail(st.error());
  result.already = result.lines - result.added;
  return result;
}

core::Result<std::pair<int64_t, int64_t>> SuppressionStore::Counts() {
  auto rows = db_.Query(
      "SELECT COALESCE(SUM(CASE WHEN form = 'keyed' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN form = 'drop' THEN 1 ELSE 0 END), 0) FROM privacy_suppressions");
  if (!rows) return core::Fail(rows.error());
  if (rows->empty()) return std::pair<int64_t, int64_t>{0, 0};
  return std::pair<int64_t, int64_t>{(*rows)[0].Int(0), (*rows)[0].Int(1)};
}

}  // namespace leados::privacy
