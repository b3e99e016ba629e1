#pragma once
// AttachmentSource: turns an email's attachment reference ("invoice:inv_…") into the file, when
// OutboxWorker sends the email. src/app implements it (the invoice PDFs live in billing's object
// store, above notify in the module order).

#include <string_view>

#include "core/result.h"
#include "notify/email.h"

namespace leados::notify {

class AttachmentSource {
 public:
  virtual ~AttachmentSource() = default;
  // The file `ref` names, for `email` (its account_id says whose it is). kNotFound (the email
  // fails: the file will not appear) or kUnavailable (retried later) otherwise.
  virtual core::Result<Attachment> Load(const Email& email, std::string_view ref) = 0;
};

}  // namespace leados::notify
