#pragma once
// A whole LeadOS installation for process-level tests, driven as an operator and a client would:
// a leados.toml on one backend (the embedded default, or PostgreSQL + Redis from
// scripts/test-services.sh), `leados` subcommands run as child processes, a client signed up
// through the API of a running `leados serve`, and SQL dumps taken with the database's own tools.
// Not for production code. Test helpers report problems with ADD_FAILURE and return empty values.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "subprocess.h"

namespace leados::testing {

// One HTTP exchange made with the curl command-line tool.
struct HttpReply {
  int status = 0;       // 0 when curl itself failed
  std::string body;
  std::string headers;  // the response's header block, as received
};
HttpReply Curl(const std::string& method, const std::string& url, const std::string& body = "",
               const std::vector<std::string>& headers = {});

enum class BackendKind { kEmbedded, kPostgresRedis };

class Installation {
 public:
  // A fresh installation in a temporary folder. For kPostgresRedis: a new database on the server
  // of LEADOS_TEST_PG_URL (dropped on destruction), a key prefix of its own on LEADOS_TEST_REDIS_URL,
  // a master key file and a fingerprint secret. `extra_toml` is appended to leados.toml.
  // nullptr (and `skip_reason` set) when the backend's services are not available.
  static std::unique_ptr<Installation> Create(BackendKind kind, const std::string& extra_toml,
                                              std::string& skip_reason);
  ~Installation();

  // argv for `leados <args…> --config <leados.toml> --data <data>`.
  std::vector<std::string> Command(const std::vector<std::string>& args) const;
  // Runs `leados <args…>` to completion with this installation's configuration.
  ProcessResult Run(const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout = std::chrono::seconds(120)) const;

  BackendKind kind() const { return kind_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path data_dir() const { return dir_ / "data"; }

  // The database as leados' database.url spells it: "sqlite:<data>/leados.db" or
  // "postgresql://user@host:port/db" (for helpers that open it themselves).
  std::string DatabaseUrl() const;
  // One SQL statement's rows as `psql -At` / `sqlite3` print them ("a|b\n" per row).
  std::string Query(const std::string& sql) const;
  // The whole SQL database as text: `sqlite3 leados.db .dump` or `pg_dump` (schema and rows).
  std::string SqlDump() const;

 private:
  Installation() = default;
  BackendKind kind_ = BackendKind::kEmbedded;
  std::filesystem::path dir_;
  std::string config_file_;
  // PostgreSQL only: where the server is and the database made for this installation.
  std::string pg_host_, pg_port_, pg_user_, pg_database_;
};

// The started `leados serve`'s base URL ("http://127.0.0.1:PORT"), or "" after ADD_FAILURE.
std::string ServeUrl(BackgroundProcess& serve);

// A client account set up through the API of a running `leados serve`.
struct Client {
  std::string api_key;         // scopes leads:read, campaigns:write, webhooks:write
  std::string campaign_id;
  std::string endpoint_id;
  std::string webhook_secret;  // the endpoint's whsec_… secret
};

// Signs up, confirms the email with the link the file sender wrote into <data>/mail, signs in,
// makes an API key, registers a webhook endpoint at `hook_url` (lead.created), and creates an
// active campaign with `query`, min_score 0 and the webhook and api channels. `on_secret` runs
// with the endpoint's secret before the campaign exists (so a receiver can verify from the first
// lead on). nullopt after ADD_FAILURE.
std::optional<Client> SetUpClient(const std::string& base_url, const Installation& inst,
                                  const std::string& query, const std::string& hook_url,
                                  const std::function<void(const std::string&)>& on_secret);

// Polls `url`/metrics until a line starts with `metric` followed by a value >= `at_least`
// (deadline `timeout`); returns the last value seen (-1 when the metric never appeared).
double WaitForMetricAtLeast(const std::string& url, const std::string& metric, double at_least,
                            std::chrono::milliseconds timeout);

}  // namespace leados::testing
