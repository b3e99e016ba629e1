#pragma once
// FileEmailSender: "sends" by writing each email as an RFC 5322 .eml file into a folder — the
// embedded default (no mail server needed; an operator opens the file, tests read the link).

#include <filesystem>
#include <string>

#include "core/clock.h"
#include "notify/email_sender.h"

namespace leados::notify {

class FileEmailSender final : public EmailSender {
 public:
  // Writes into `dir` (created when missing). `from` is the From header, e.g.
  // "LeadOS <no-reply@example.com>". `clock` (for the Date header) must outlive the sender.
  FileEmailSender(std::filesystem::path dir, std::string from, const core::Clock& clock);

  // Writes "<dir>/<YYYYMMDDTHHMMSSZ>-<id or random>.eml" atomically (temp file + rename).
  // kInvalidArgument for an implausible address; kUnavailable when the file cannot be written.
  core::Status Send(const Email& email) override;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::string from_;
  const core::Clock& clock_;
};

}  // namespace leados::notify
