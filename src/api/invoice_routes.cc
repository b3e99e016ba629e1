// The invoice and billing-profile routes (see invoice_routes.h and src/billing/README.md).
#include "api/invoice_routes.h"

#include <fmt/format.h>


#include "api/http_util.h"

namespace leados::api {
namespace {

namespace json = core::json;
using accounts::ApiScope;
using http::Auth;
using http::Operation;
using http::Request;
using http::Response;
using http::ResponseDoc;

constexpr std::string_view kProfileSchema = R"json({"type":"object",
  "required":["name","address_lines","city","country"],
  "properties":{
  "name":{"type":"string","maxLength":200,"description":"the person or business billed"},
  "company":{"type":"string","maxLength":200},
  "address_lines":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"string","maxLength":200}},
  "postal_code":{"type":"string","maxLength":20},
  "city":{"type":"string","maxLength":100},
  "country":{"type":"string","description":"ISO 3166-1 alpha-2 code, e.g. DE"},
  "vat_id":{"type":"string","maxLength":32,"description":"optional, e.g. DE123456789"}}})json";

json::object ProfileJson(const billing::BillingProfile& p) {
  json::array lines;
  for (const auto& l : p.address_lines) lines.emplace_back(l);
  return json::object{{"name", p.name},
                      {"company", p.company},
                      {"address_lines", std::move(lines)},
                      {"postal_code", p.postal_code},
                      {"city", p.city},
                      {"country", p.country},
                      {"vat_id", p.vat_id},
                      {"updated_at", Rfc3339Millis(p.updated_at_ms)}};
}

json::object InvoiceJson(const billing::Invoice& i) {
  return json::object{
      {"id", i.id},
      {"number", i.number},
      {"kind", billing::InvoiceKindName(i.kind)},
      {"period", i.period.empty() ? json::value() : json::value(i.period)},
      {"amount_cents", i.amount_cents},
      {"currency", i.currency},
      {"credits", i.credits},
      {"reference",
       i.kind == billing::InvoiceKind::kPurchase ? json::value(i.reference) : json::value()},
      {"created_at", Rfc3339Millis(i.created_at_ms)},
      {"pdf_ready", i.pdf_stored_at_ms.has_value()},
      {"download_url", "/v1/invoices/" + i.id + "/pdf"}};
}

core::Result<billing::BillingProfile> ProfileFromJson(const json::object& body) {
  billing::BillingProfile p;
  for (const auto& [key, value] : body) {
    auto text = [&](std::string& out) -> core::Status {
      if (value.is_null()) return core::Ok();
      if (!value.is_string()) {
        return core::InvalidArgument(fmt::format("{}: must be a string", std::string(key)));
      }
      out = std::string(value.as_string());
      return core::Ok();
    };
    core::Status st;
    if (key == "name")
      st = text(p.name);
    else if (key == "company")
      st = text(p.company);
    else if (key == "postal_code")
      st = text(p.postal_code);
    else if (key == "city")
      st = text(p.city);
    else if (key == "country")
      st = text(p.country);
    else if (key == "vat_id")
      st = text(p.vat_id);
    else if (key == "address_lines") {
      if (!value.is_array()) {
        return core::InvalidArgument(
            "address_lines: must be a list of 1 to 3 strings, e.g. [\"Domplatz 3\"]");
      }
      for (const auto& l : value.as_array()) {
        if (!l.is_string()) return core::InvalidArgument("address_lines: entries must be strings");
        p.address_lines.emplace_back(l.as_string());
      }
    } else if (key == "updated_at") {
      // what getBillingProfile returns may be sent back as is
    } else {
      return core::InvalidArgument(fmt::format(
          "{}: unknown field; use name, company, address_lines, postal_code, city, country or "
          "vat_id",
          std::string(key)));
    }
    if (!st) return core::Fail(st.error());
  }
  return p;
}

std::optional<Response> RefuseRead(const Caller& caller) {
  if (caller.kind != Caller::Kind::kApiKey || caller.scopes.Has(ApiScope::kBillingRead)) {
    return std::nullopt;
  }
  return ErrorResponse({core::ErrorCode::kPermissionDenied,
                        fmt::format("API key {}… lacks the scope billing:read", caller.display)});
}

std::vector<ResponseDoc> Docs(std::initializer_list<ResponseDoc> ok) {
  std::vector<ResponseDoc> docs(ok);
  docs.push_back(ResponseDoc{400, "invalid input; the message names the field"});
  docs.push_back(ResponseDoc{401, "not signed in and no API key"});
  docs.push_back(ResponseDoc{403, "the API key lacks the scope billing:read"});
  return docs;
}

Operation Op(std::string id, std::string summary, std::vector<ResponseDoc> responses,
             Auth auth = Auth::kSessionOrApiKey, std::optional<std::string_view> schema = {}) {
  Operation op{.operation_id = std::move(id),
               .summary = std::move(summary),
               .tags = {"billing"},
               .auth = auth,
               .responses = std::move(responses)};
  if (schema) op.request_schema = JsonSchema(*schema);
  return op;
}

}  // namespace

void AddInvoiceRoutes(AccountsApi& api, http::Router& router, billing::InvoiceService& invoices,
                      billing::BillingProfileStore& profiles) {
  api.Add(router, "GET", "/v1/billing/profile",
          Op("getBillingProfile", "The name and address the account's invoices are made out to",
             Docs({ResponseDoc{200, "the billing profile"},
                   ResponseDoc{404, "no billing profile saved yet"}})),
          ApiScope::kBillingRead, [&profiles](Request&, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto p = profiles.Get(caller.account_id);
            if (!p) return ErrorResponse(p.error());
            return Response::Json(200, ProfileJson(*p));
          });

  api.Add(
      router, "PUT", "/v1/billing/profile",
      Op("updateBillingProfile",
         "Set the billing name and address (printed on invoices issued from now on)",
         Docs({ResponseDoc{200, "the billing profile as stored"}}), Auth::kSession, kProfileSchema),
      std::nullopt, [&profiles](Request& req, const Caller& caller) {
        auto body = JsonBody(req);
        if (!body) return ErrorResponse(body.error());
        auto profile = ProfileFromJson(*body);
        if (!profile) return ErrorResponse(profile.error());
        auto stored = profiles.Update(caller.account_id, std::move(*profile));
        if (!stored) return ErrorResponse(stored.error());
        return Response::Json(200, ProfileJson(*stored));
      });

  Operation list = Op("listInvoices", "The account's invoices and monthly statements, newest first",
                      Docs({ResponseDoc{200, "a page: data and next_cursor"}}));
  list.query_params = {{"limit", "1 to 100 (default 50)", false, "integer"},
                       {"cursor", "next_cursor of the previous page"}};
  api.Add(router, "GET", "/v1/invoices", std::move(list), ApiScope::kBillingRead,
          [&invoices](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            billing::InvoiceListQuery q;
            auto n = LimitParam(req, q.limit, billing::InvoiceService::kMaxListLimit);
            if (!n) return ErrorResponse(n.error());
            q.limit = *n;
            if (auto c = req.Query("cursor")) q.cursor = std::string(*c);
            auto page = invoices.List(caller.account_id, q);
            if (!page) return ErrorResponse(page.error());
            json::array data;
            for (const auto& i : page->invoices) data.emplace_back(InvoiceJson(i));
            return Response::Json(
                200,
                json::object{{"data", std::move(data)},
                             {"next_cursor", page->next_cursor ? json::value(*page->next_cursor)
                                                               : json::value()}});
          });

  api.Add(router, "GET", "/v1/invoices/{id}",
          Op("getInvoice", "One invoice or statement",
             Docs({ResponseDoc{200, "the invoice"},
                   ResponseDoc{404, "no such invoice in this account"}})),
          ApiScope::kBillingRead, [&invoices](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto inv = invoices.Get(caller.account_id, req.PathParam("id"));
            if (!inv) return ErrorResponse(inv.error());
            return Response::Json(200, InvoiceJson(*inv));
          });

  std::vector<ResponseDoc> pdf_docs =
      Docs({ResponseDoc{.status = 200,
                        .description = "the PDF, as an attachment",
                        .schema = JsonSchema(R"({"type":"string","format":"binary"})"),
                        .content_type = "application/pdf"},
            ResponseDoc{404, "no such invoice in this account"},
            ResponseDoc{503, "the object store cannot be reached; try again"}});
  api.Add(router, "GET", "/v1/invoices/{id}/pdf",
          Op("downloadInvoice", "Download the invoice or statement as a PDF", std::move(pdf_docs)),
          ApiScope::kBillingRead, [&invoices](Request& req, const Caller& caller) {
            if (auto refused = RefuseRead(caller)) return *refused;
            auto pdf = invoices.Download(caller.account_id, req.PathParam("id"));
            if (!pdf) return ErrorResponse(pdf.error());
            Response r;
            r.status = 200;
            r.body = std::move(pdf->bytes);
            r.WithHeader("Content-Type", "application/pdf");
            r.WithHeader("Content-Disposition",
                         fmt::format("attachment; filename=\"{}\"", pdf->filename));
            r.WithHeader("Cache-Control", "private, no-store");
            r.WithHeader("X-Content-Type-Options", "nosniff");
            return r;
          });
}

}  // namespace leados::api
