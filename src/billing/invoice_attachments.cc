#include "billing/invoice_attachments.h"

#include <fmt/format.h>

namespace leados::billing {

core::Result<notify::Attachment> InvoiceAttachments::Load(const notify::Email& email,
                                                          std::string_view ref) {
  if (!ref.starts_with(kInvoiceAttachmentPrefix)) {
    return core::NotFound(fmt::format("'{}' is not an invoice attachment", ref));
  }
  if (!email.account_id || email.account_id->empty()) {
    return core::NotFound("an invoice attachment needs the email's account");
  }
  auto pdf = invoices_.Download(*email.account_id, ref.substr(kInvoiceAttachmentPrefix.size()));
  if (!pdf) return core::Fail(pdf.error());
  return notify::Attachment{.filename = pdf->filename,
                            .content_type = "application/pdf",
                            .content = std::move(pdf->bytes)};
}

}  // namespace leados::billing
