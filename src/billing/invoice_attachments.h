#pragma once
// InvoiceAttachments: the outbox's AttachmentSource for invoice PDFs. The purchase receipt names
// its invoice as "invoice:<inv_…>" (kInvoiceAttachmentPrefix); when the outbox worker sends the
// email, the PDF is read through InvoiceService::Download for the email's account — the stored
// object, or rendered and stored again if it is still pending — so the receipt carries the same
// bytes the client downloads from the portal. Thread-safe (InvoiceService is).

#include <string_view>

#include "billing/invoice_service.h"
#include "notify/attachment_source.h"

namespace leados::billing {

inline constexpr std::string_view kInvoiceAttachmentPrefix = "invoice:";

class InvoiceAttachments final : public notify::AttachmentSource {
 public:
  // `invoices` must outlive this.
  explicit InvoiceAttachments(InvoiceService& invoices) : invoices_(invoices) {}

  // kNotFound for a reference that is not "invoice:…", an email without an account, or an
  // invoice that is not that account's; kUnavailable when the object store cannot be read.
  core::Result<notify::Attachment> Load(const notify::Email& email, std::string_view ref) override;

 private:
  InvoiceService& invoices_;
};

}  // namespace leados::billing
