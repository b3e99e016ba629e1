#include "billing/ledger_statement.h"

#include <chrono>
#include <map>

#include <fmt/format.h>

namespace leados::billing {

std::pair<int64_t, int64_t> MonthRangeMs(int year, int month) {
  using namespace std::chrono;
  const auto start = sys_days{std::chrono::year{year} / std::chrono::month{unsigned(month)} / 1};
  const auto end = sys_days{(std::chrono::year{year} / std::chrono::month{unsigned(month)} / 1) +
                            months{1}};
  return {duration_cast<milliseconds>(start.time_since_epoch()).count(),
          duration_cast<milliseconds>(end.time_since_epoch()).count()};
}

StatementSource LedgerStatementSource(store::Database& db) {
  StatementSource source;
  source.accounts = [&db](int year, int month) -> core::Result<std::vector<std::string>> {
    const auto [from, to] = MonthRangeMs(year, month);
    auto rows = db.Query(
        "SELECT DISTINCT account_id FROM ledger_entries WHERE created_at >= ? AND created_at < ? "
        "ORDER BY account_id",
        {from, to});
    if (!rows) return core::Fail(rows.error());
    std::vector<std::string> out;
    for (const auto& row : *rows) out.push_back(row.Text(0));
    return out;
  };
  source.lines = [&db](std::string_view account, int year,
                       int month) -> core::Result<std::vector<StatementLine>> {
    const auto [from, to] = MonthRangeMs(year, month);
    auto rows = db.Query(
        "SELECT reason, CAST(SUM(amount) AS BIGINT) FROM ledger_entries WHERE account_id = ? AND created_at >= ? "
        "AND created_at < ? GROUP BY reason",
        {std::string(account), from, to});
    if (!rows) return core::Fail(rows.error());
    std::map<std::string, int64_t> sums;
    for (const auto& row : *rows) sums[row.Text(0)] = row.Int(1);
    struct Kind {
      const char* reason;
      const char* description;
    };
    static constexpr Kind kKinds[] = {
        {"purchase", "Credits purchased"},
        {"grant", "Credits granted"},
        {"lead", "Credits used for leads"},
        {"refund", "Credits refunded for undelivered leads"},
        {"adjustment", ""},  // named by its sign below
        {"expiry", "Credits expired"},
    };
    std::vector<StatementLine> lines;
    for (const auto& kind : kKinds) {
      auto it = sums.find(kind.reason);
      if (it == sums.end() || it->second == 0) continue;
      const int64_t net = it->second;
      std::string description = kind.description;
      if (description.empty()) {
        description = net > 0 ? "Credits added by LeadOS (adjustment)"
                              : "Credits removed by LeadOS (adjustment)";
      }
      lines.push_back({.description = std::move(description),
                       .credits = net < 0 ? -net : net,
                       .amount_cents = 0});
    }
    return lines;
  };
  return source;
}

}  // namespace leados::billing
