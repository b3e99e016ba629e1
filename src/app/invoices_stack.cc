#include "app/invoices_stack.h"

#include <filesystem>
#include <sstream>

#include "api/invoice_routes.h"
#include "billing/object_store_s3.h"
#include "core/log.h"

namespace leados::app {

core::Result<std::unique_ptr<billing::ObjectStore>> OpenObjectStore(const core::Config& config,
                                                                    ingest::HttpClient& http,
                                                                    const core::Clock& clock) {
  if (config.GetString("billing.object_store") == "s3") {
    billing::S3Config s3{.endpoint = config.GetString("billing.s3.endpoint"),
                         .region = config.GetString("billing.s3.region"),
                         .bucket = config.GetString("billing.s3.bucket"),
                         .prefix = config.GetString("billing.s3.prefix"),
                         .virtual_host = config.GetString("billing.s3.url_style") == "virtual",
                         .credentials = {config.GetString("billing.s3.access_key_id"),
                                         config.GetString("billing.s3.secret_access_key"), ""}};
    if (auto st = billing::ValidateS3Config(s3); !st) return core::Fail(st.error());
    return std::unique_ptr<billing::ObjectStore>(
        std::make_unique<billing::S3ObjectStore>(std::move(s3), http, clock));
  }
  std::filesystem::path folder = config.GetString("billing.object_store_folder");
  if (folder.empty()) folder = std::filesystem::path(config.GetString("data.dir")) / "objects";
  return std::unique_ptr<billing::ObjectStore>(
      std::make_unique<billing::FolderObjectStore>(std::move(folder)));
}

std::vector<std::string> SellerLines(const core::Config& config) {
  std::vector<std::string> lines{config.GetString("billing.seller.name")};
  std::istringstream address(config.GetString("billing.seller.address"));
  for (std::string line; std::getline(address, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  if (auto vat = config.GetString("billing.seller.vat_id"); !vat.empty()) {
    lines.push_back("VAT: " + vat);
  }
  if (auto email = config.GetString("billing.seller.email"); !email.empty()) {
    lines.push_back(email);
  }
  return lines;
}

core::Result<std::unique_ptr<InvoicesStack>> InvoicesStack::Open(
    Runtime& rt, accounts::AccountService& accounts) {
  const core::Config& config = rt.config();
  std::unique_ptr<InvoicesStack> s(new InvoicesStack());
  // The S3 endpoint is the operator's choice (often a MinIO on the private network), not user
  // input: private addresses are allowed for it.
  s->http_ = std::make_unique<ingest::CurlHttpClient>(ingest::CurlHttpClientOptions{
      .ssrf = ingest::SsrfPolicy{.allow_private = true, .allowed_endpoints = {}}});
  auto objects = OpenObjectStore(config, *s->http_, rt.clock());
  if (!objects) return core::Fail(objects.error());
  s->objects_ = std::move(*objects);
  s->profiles_ = std::make_unique<billing::BillingProfileStore>(rt.database(), rt.clock());
  s->invoices_ = std::make_unique<billing::InvoiceService>(
      rt.database(), rt.clock(), *s->objects_, *s->profiles_,
      billing::InvoiceServiceOptions{
          .number_prefix = config.GetString("billing.invoice_prefix"),
          .seller_lines = SellerLines(config),
          .pdf = {.font_file = config.GetString("billing.invoice_font")}},
      [&accounts](std::string_view account) -> core::Result<std::vector<std::string>> {
        auto a = accounts.GetAccount(account);
        if (!a) return core::Fail(a.error());
        std::vector<std::string> lines{a->company_name};
        std::istringstream address(a->billing_address);
        for (std::string line; std::getline(address, line);) {
          if (!line.empty()) lines.push_back(line);
        }
        return lines;
      });
  s->attachments_ = std::make_unique<billing::InvoiceAttachments>(*s->invoices_);
  core::log::Info("billing.object_store", {{"store", s->objects_->Describe()}});
  return s;
}

InvoicesStack::~InvoicesStack() {
  Stop();
}

void InvoicesStack::RegisterRoutes(api::AccountsApi& api, http::Router& router) {
  api::AddInvoiceRoutes(api, router, *invoices_, *profiles_);
}

void InvoicesStack::Start() {
  // Every minute: store the PDFs of invoices issued while the object store was unreachable.
  task_.Start(std::chrono::minutes(1), [this] {
    if (auto stored = invoices_->StorePendingPdfs(); !stored) {
      core::log::Warn("billing.pending_pdfs", {{"error", stored.error().message}});
    } else if (*stored > 0) {
      core::log::Info("billing.pending_pdfs_stored", {{"count", *stored}});
    }
  });
}

void InvoicesStack::Stop() { task_.Stop(); }

}  // namespace leados::app
