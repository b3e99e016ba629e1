#pragma once
// The webhook routes (issue 7): endpoints under /v1/webhook-endpoints (createWebhookEndpoint,
// listWebhookEndpoints, getWebhookEndpoint, updateWebhookEndpoint, deleteWebhookEndpoint,
// rotateWebhookSecret, sendTestWebhook, replayWebhookEndpoint) and deliveries under
// /v1/deliveries (listDeliveries, getDelivery, listDeliveryAttempts, replayDelivery).
// Shapes: src/deliver/README.md.
//
// Authentication: a portal session or an API key. Writes need the API-key scope webhooks:write;
// reads need webhooks:write or leads:read. Tenancy: another account's endpoint or delivery is 404.
// Bad input is a 400 naming the field, and nothing is stored.

#include <functional>

#include "api/accounts_api.h"
#include "deliver/delivery_service.h"
#include "deliver/endpoint_service.h"
#include "http/router.h"

namespace leados::api {

// Registers the routes behind `api`'s authentication and CSRF checks. `on_enqueue` runs after a
// test event or a replay was queued (src/app wakes the dispatcher); may be empty. Every argument
// must outlive the router. Call before the router is frozen.
void AddWebhookRoutes(AccountsApi& api, http::Router& router, deliver::EndpointService& endpoints,
                      deliver::DeliveryService& deliveries, std::function<void()> on_enqueue);

}  // namespace leados::api
