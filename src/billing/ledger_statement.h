#pragma once
// The credit ledger as the source of monthly usage statements (InvoiceService::
// IssueStatementsForMonth): which accounts moved credits in a calendar month (UTC), and, per
// account, one line per reason with the credits that moved for it.
//
// Lines (decided here; the issue asks for "a monthly statement of usage"): in this order and only
// when non-zero — "Credits purchased", "Credits granted", "Credits used for leads" (the lead
// debits; a lead refunded later in the month shows under "Credits refunded for undelivered
// leads"), "Credits refunded for undelivered leads", "Credits added by LeadOS (adjustment)" or
// "Credits removed by LeadOS (adjustment)" (by the sign of the month's net adjustment),
// "Credits expired". Credits are shown as positive numbers (a statement line may not be
// negative). Every line's amount is 0: prepaid credits were invoiced when they were bought, so
// the statement totals 0 and is a record of use, not a bill.

#include <string_view>

#include "billing/invoice_service.h"
#include "store/database.h"

namespace leados::billing {

// Reads ledger_entries through `db` (which must outlive the returned functions).
StatementSource LedgerStatementSource(store::Database& db);

// [start, end) of a calendar month in Unix ms (UTC). month 1..12.
std::pair<int64_t, int64_t> MonthRangeMs(int year, int month);

}  // namespace leados::billing
