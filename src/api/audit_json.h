#pragma once
// The JSON page of audit events that listAuditEvents and adminListAuditEvents answer:
// {"data":[{id, at, actor:{kind,id}, account_id, action, target, ip, outcome, detail}, …],
//  "next_cursor": "<id to pass as ?before=>" or null}.

#include <vector>

#include "accounts/audit_log.h"
#include "core/json.h"

namespace leados::api {

core::json::object AuditPage(const std::vector<accounts::AuditRecord>& events, int limit);

}  // namespace leados::api
