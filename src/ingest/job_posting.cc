#include "ingest/job_posting.h"

#include <fmt/format.h>

#include <cctype>

namespace leados::ingest {

std::string BoardTokenFromUrl(std::string_view url, std::string_view marker) {
  auto pos = url.find(marker);
  if (pos == std::string_view::npos) return "";
  std::string_view rest = url.substr(pos + marker.size());
  std::string token(rest.substr(0, rest.find_first_of("/?#")));
  for (auto& c : token) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return token;
}

std::string PostingContentVersion(const Signal& s) {
  return ShortHash(s.title + "\n" + s.location + "\n" + s.body, 12);
}

std::string PostingCompany(const ParseContext& ctx, std::string_view payload_company,
                           std::string_view marker) {
  if (!ctx.company.empty()) return ctx.company;
  if (!payload_company.empty()) return std::string(payload_company);
  return BoardTokenFromUrl(ctx.url, marker);
}

core::Result<core::json::value> ParseBoardJson(std::string_view body, std::string_view board) {
  auto v = core::ParseJson(body);
  if (!v)
    return core::InvalidArgument(fmt::format("invalid {} response: {}", board, v.error().message));
  return v;
}

}  // namespace leados::ingest
