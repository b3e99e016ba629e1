#include "enrich/domain.h"

#include <algorithm>
#include <array>

#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

// Two-label public suffixes common in company domains. Documented in docs/enrichment.md.
constexpr std::array<std::string_view, 48> kTwoLevelSuffixes = {
    "co.uk",  "org.uk", "ac.uk",  "gov.uk", "ltd.uk", "plc.uk", "me.uk",  "com.au",
    "net.au", "org.au", "co.nz",  "org.nz", "co.jp",  "ne.jp",  "or.jp",  "co.kr",
    "or.kr",  "com.br", "com.mx", "com.ar", "com.co", "com.cn", "com.hk", "com.sg",
    "com.tw", "com.tr", "co.in",  "net.in", "org.in", "co.za",  "co.il",  "com.my",
    "com.ph", "com.vn", "co.id",  "co.th",  "com.pk", "com.ng", "com.eg", "com.sa",
    "com.pe", "com.ua", "com.pl", "co.at",  "or.at",  "gv.at",  "com.es", "co.ke"};

bool IsDomainByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldByte(static_cast<unsigned char>(c));
  return out;
}

}  // namespace

std::string HostOfUrl(std::string_view url) {
  std::string_view rest = url;
  // Strip every scheme: real data has "https://https://wbd.com".
  for (size_t scheme = rest.find("://"); scheme != std::string_view::npos && scheme < 10;
       scheme = rest.find("://")) {
    rest = rest.substr(scheme + 3);
  }
  size_t end = rest.find_first_of("/?#");
  rest = rest.substr(0, end);
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (size_t colon = rest.find(':'); colon != std::string_view::npos) rest = rest.substr(0, colon);
  std::string host = Lower(rest);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (!LooksLikeDomain(host)) return {};
  return host;
}

std::string RegistrableDomain(std::string_view host_in) {
  std::string host = Lower(host_in);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return host;
  if (std::all_of(host.begin(), host.end(),
                  [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
    return host;  // IPv4
  }
  size_t last = host.rfind('.');
  if (last == std::string::npos) return host;
  size_t second = last == 0 ? std::string::npos : host.rfind('.', last - 1);
  if (second == std::string::npos) return host;
  std::string_view two_level = std::string_view(host).substr(second + 1);
  size_t labels_for_suffix = 1;
  if (std::find(kTwoLevelSuffixes.begin(), kTwoLevelSuffixes.end(), two_level) !=
      kTwoLevelSuffixes.end()) {
    labels_for_suffix = 2;
  }
  // Keep the suffix plus one more label.
  size_t cut = host.size();
  for (size_t i = 0; i < labels_for_suffix + 1; ++i) {
    if (cut == 0) return host;
    size_t dot = host.rfind('.', cut - 1);
    if (dot == std::string::npos) return host;
    cut = dot;
  }
  return host.substr(cut + 1);
}

bool LooksLikeDomain(std::string_view s) {
  if (s.size() < 3 || s.size() > 253) return false;
  size_t last_dot = s.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0 || last_dot + 2 > s.size()) return false;
  if (s.front() == '.' || s.front() == '-' || s.find("..") != std::string_view::npos) return false;
  for (char c : s) {
    if (!IsDomainByte(c)) return false;
  }
  for (char c : s.substr(last_dot + 1)) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::vector<std::string> EmailDomainsIn(std::string_view text) {
  std::vector<std::string> out;
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    // A local part: at least one of [A-Za-z0-9._%+-] right before '@'.
    if (at == 0) continue;
    char p = text[at - 1];
    bool local_ok =
        IsWordByte(static_cast<unsigned char>(p)) || p == '.' || p == '%' || p == '+' || p == '-';
    if (!local_ok || static_cast<unsigned char>(p) >= 0x80) continue;
    size_t e = at + 1;
    while (e < text.size() && IsDomainByte(FoldByte(static_cast<unsigned char>(text[e])))) ++e;
    std::string domain = Lower(text.substr(at + 1, e - at - 1));
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) domain.pop_back();
    if (!LooksLikeDomain(domain)) continue;
    if (std::find(out.begin(), out.end(), domain) == out.end()) out.push_back(std::move(domain));
  }
  return out;
}

}  // namespace leados::enrich
