#pragma once
// The lead routes (issue 7, API pull and portal inbox), under /v1/leads:
//   listLeads       GET  /v1/leads                 filters campaign_id, min_score (0–100),
//                                                   created_after / created_before (RFC 3339),
//                                                   limit (1–200), cursor; newest first
//   getLead         GET  /v1/leads/{id}            metadata + the payload while it lives
//   ackLead         POST /v1/leads/{id}/ack        the client has it: the API channel is done
//                                                   (the payload is deleted once no channel needs it)
//   exportLeadsCsv  GET  /v1/leads/export.csv      the same filters, at most 10,000 rows, CSV
//   dismissLead     POST /v1/leads/{id}/dismiss    portal inbox: hide it (ends the portal channel)
//   setLeadFeedback PUT  /v1/leads/{id}/feedback   {"feedback":"contacted"|"not_relevant"|""}
//
// Authentication: a portal session or an API key with the scope leads:read (every route: a key
// that may read leads may also acknowledge them). Tenancy: another account's lead is 404.
// A lead's JSON: {"id","campaign_id","score","intent_class","source","created_at",
// "signal_published_at","channels":{"webhook","api","digest","portal"},"feedback",
// "payload_expires_at","payload_deleted_at","payload":{…}|null} (payload: getLead and listLeads).

#include "api/accounts_api.h"
#include "http/router.h"
#include "pipeline/lead_service.h"

namespace leados::api {

// `api` and `leads` must outlive the router. Call before the router is frozen.
void AddLeadRoutes(AccountsApi& api, http::Router& router, pipeline::LeadService& leads);

}  // namespace leados::api
