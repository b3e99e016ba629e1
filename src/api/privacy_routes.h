#pragma once
// The rights-request routes (issue 9, src/privacy/rights_service.h):
//   submitPrivacyRequest   POST /v1/privacy/requests           public, no session
//   verifyPrivacyRequest   GET  /v1/privacy/requests/verify     public; ?token= from the email
//   adminListPrivacyRequests     GET  /admin/api/privacy-requests   admin; ?status=&limit=
//   adminCompletePrivacyRequest  POST /admin/api/privacy-requests/{id}/complete   admin
//   adminRejectPrivacyRequest    POST /admin/api/privacy-requests/{id}/reject     admin; {reason}
// Public answers never echo the identifier or say whether LeadOS holds anything about it (that
// goes only to a verified address, or to the admin). Admin actions are audited
// (privacy_request.complete / .reject). The verification is a GET because it is a link in an
// email; the token is single-use and only proves control of the address.

#include "accounts/audit_log.h"
#include "api/accounts_api.h"
#include "core/clock.h"
#include "http/router.h"
#include "privacy/rights_service.h"
#include "store/database.h"

namespace leados::api {

struct PrivacyRouteServices {
  privacy::RightsService& rights;
  accounts::AuditLog& audit;
  store::Database& db;
  const core::Clock& clock;
};

// Registers the routes above through `api` (authentication, CSRF, allow-list). `services` must
// outlive the router.
void AddPrivacyRoutes(AccountsApi& api, http::Router& router, PrivacyRouteServices services);

}  // namespace leados::api
