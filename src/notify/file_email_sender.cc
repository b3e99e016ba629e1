#include "notify/file_email_sender.h"

#include <fmt/format.h>

#include <ctime>
#include <fstream>

#include "core/crypto.h"
#include "core/encoding.h"
#include "notify/mime.h"

namespace leados::notify {

FileEmailSender::FileEmailSender(std::filesystem::path dir, std::string from,
                                 const core::Clock& clock)
    : dir_(std::move(dir)), from_(std::move(from)), clock_(clock) {}

core::Status FileEmailSender::Send(const Email& email) {
  if (!IsPlausibleAddress(email.to)) {
    return core::InvalidArgument(fmt::format("'{}' is not a valid email address", email.to));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return core::Unavailable(fmt::format("cannot create mail folder {}: {} (check email.file_dir)",
                                         dir_.string(), ec.message()));
  }
  const core::TimePoint now = clock_.Now();
  const std::string key = email.id.empty() ? core::HexEncode(core::RandomBytes(8)) : email.id;
  const std::string boundary = "=_leados_" + core::HexEncode(core::RandomBytes(12));
  const std::string message =
      BuildMimeMessage(email, from_, now, key + "@" + AddressDomain(from_), boundary);

  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  const std::string name =
      fmt::format("{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}Z-{}.eml", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, key);
  const std::filesystem::path final_path = dir_ / name;
  const std::filesystem::path temp_path = dir_ / ("." + name + ".tmp");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(message.data(), static_cast<std::streamsize>(message.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temp_path, ec);
      return core::Unavailable(fmt::format("cannot write {}", temp_path.string()));
    }
  }
  std::filesystem::rename(temp_path, final_path, ec);
  if (ec) {
    std::filesystem::remove(temp_path, ec);
    return core::Unavailable(
        fmt::format("cannot rename {}: {}", final_path.string(), ec.message()));
  }
  return core::Ok();
}

}  // namespace leados::notify
