#pragma once
// The policy-version routes (issue 9, "policy changes"; src/accounts/policy_versions.h):
//
//   GET  /v1/policies/current   getCurrentPolicies: public. {data: [{kind, version, published_at
//        (null for the bundled version), summary, path, accepted, accepted_at}]}, privacy then
//        terms. `accepted` is true/false for a signed-in portal user and null otherwise (signed
//        out — the sign-up form reads the versions it must send — or an API key: acceptance
//        belongs to a person, not a key).
//   POST /v1/policies/accept {kind, version}   acceptPolicy: session only (a person accepts);
//        200 with the entry above; 409 conflict when `version` is no longer the current one
//        (the message says to reload). Idempotent.
//   POST /admin/api/policies {kind, version, summary}   adminPublishPolicy: admin session and
//        CSRF; 201 {policy, emails_queued}; 400 naming the field; 409 already_exists.
//        Audited admin.policy.publish; every account holder is emailed in the same transaction.
//   GET  /admin/api/policies    adminListPolicies: every published version, newest first, with
//        `acceptances` (users who accepted it) and `current`.
//
// Acceptance is asked in the portal only: API keys and sessions keep working while a version is
// not accepted (as Stripe and GitHub do), so no integration breaks on a publish.

#include "accounts/policy_versions.h"
#include "accounts/session_store.h"
#include "api/accounts_api.h"
#include "http/router.h"

namespace leados::api {

struct PolicyRouteServices {
  accounts::PolicyVersions& policies;
  accounts::SessionStore& sessions;  // to see who is signed in on the public route
};

// Registers the routes above through `api`. `services` must outlive the router.
void AddPolicyRoutes(AccountsApi& api, http::Router& router, PolicyRouteServices services);

}  // namespace leados::api
