#include "enrich/free_email_domains.h"

#include <fmt/format.h>

#include "core/json.h"
#include "enrich/domain.h"
#include "enrich/embedded_data.h"
#include "enrich/text_scan.h"

namespace leados::enrich {

FreeEmailDomains::FreeEmailDomains() {
  std::string_view list = embedded::FreeEmailDomains();
  size_t start = 0;
  while (start < list.size()) {
    size_t nl = list.find('\n', start);
    if (nl == std::string_view::npos) nl = list.size();
    std::string_view line = list.substr(start, nl - start);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty()) Add(line);
    start = nl + 1;
  }
}

void FreeEmailDomains::Add(std::string_view domain) { domains_.insert(FoldString(domain)); }

core::Result<size_t> FreeEmailDomains::AddJsonArray(std::string_view json) {
  auto value = core::ParseJson(json);
  if (!value) return core::Fail(value.error());
  if (!value->is_array()) {
    return core::InvalidArgument("free e-mail domains: expected a JSON array of domain strings");
  }
  size_t added = 0;
  for (const auto& v : value->as_array()) {
    if (!v.is_string()) continue;
    auto before = domains_.size();
    Add(std::string_view(v.as_string().data(), v.as_string().size()));
    added += domains_.size() - before;
  }
  return added;
}

bool FreeEmailDomains::Contains(std::string_view domain) const {
  std::string d = FoldString(domain);
  if (domains_.contains(d)) return true;
  return domains_.contains(RegistrableDomain(d));
}

}  // namespace leados::enrich
