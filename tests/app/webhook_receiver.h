#pragma once
// A webhook receiver for process-level tests: an HTTP server (the project's own, http::Server) on
// 127.0.0.1 with a free port that records every POST it gets and verifies its Standard Webhooks
// signature with deliver::VerifyWebhook against the endpoint secret it was given. Answers 204 to
// every request, so the sender counts each as delivered. Thread-safe. Not for production code.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace leados::testing {

struct ReceivedWebhook {
  std::string webhook_id;  // the webhook-id header
  std::string event_type;  // body "type"
  std::string lead_id;     // body data.lead_id (lead.created)
  std::string author;      // body data.signal.author
  std::string error;       // empty when the signature verified and the body parsed
};

class WebhookReceiver {
 public:
  WebhookReceiver();   // starts listening; ADD_FAILURE when it cannot
  ~WebhookReceiver();  // stops the server

  // The URL to register as the endpoint ("http://127.0.0.1:PORT/hook").
  std::string url() const;
  // The whsec_… secret requests must be signed with; until set, requests are recorded as errors.
  void SetSecret(const std::string& secret);

  std::vector<ReceivedWebhook> Received() const;
  // Distinct data.lead_id values among the verified lead.created requests.
  size_t DistinctLeads() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leados::testing
