#include "ingest/url_canon.h"

#include <algorithm>
#include <array>
#include <boost/url.hpp>
#include <cctype>

namespace leados::ingest {
namespace {

namespace urls = boost::urls;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsTrackingParam(std::string_view key) {
  std::string k = Lower(key);
  static constexpr std::array<std::string_view, 13> kExact = {
      "fbclid", "gclid", "dclid", "msclkid", "mc_cid",  "mc_eid",  "igshid",
      "_hsenc", "_hsmi", "yclid", "ref_src", "mkt_tok", "wt.mc_id"};
  if (std::find(kExact.begin(), kExact.end(), k) != kExact.end()) return true;
  return k.starts_with("utm_") || k.starts_with("oly_") || k.starts_with("vero_");
}

// Feeds put spaces and other characters in links that a strict parser refuses; percent-encode
// them so the link is still usable.
std::string EncodeLoose(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || ch == '"' || ch == '<' || ch == '>' || ch == '\\' || ch == '^' ||
        ch == '`' || ch == '{' || ch == '|' || ch == '}') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

// Removes tracking parameters from an encoded query, keeping every other parameter byte for byte
// and in order; empty pieces ("a=1&&b=2", a bare "?") are dropped. Done on the string rather than
// with Boost.URL's params view: Boost 1.81's iterator mis-steps on some malformed queries (fuzz
// findings feed-canonical-link-4b197839 and lever-f2a9152a, see fuzz/findings/README.md).
std::string DropTrackingParams(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (piece.empty()) continue;
    std::string_view key = piece.substr(0, piece.find('='));
    auto decoded = urls::make_pct_string_view(key);
    std::string key_text = decoded ? decoded->decode() : std::string(key);
    if (IsTrackingParam(key_text)) continue;
    if (!out.empty()) out.push_back('&');
    out.append(piece);
  }
  return out;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  ref = Trim(ref);
  base = Trim(base);
  std::string ref_enc = EncodeLoose(ref);
  auto r = urls::parse_uri_reference(ref_enc);
  if (!r) return std::string(ref);
  if (r->has_scheme() || base.empty()) return ref_enc;
  std::string base_enc = EncodeLoose(base);
  auto b = urls::parse_uri(base_enc);
  if (!b) return ref_enc;
  urls::url dest;
  auto res = urls::resolve(*b, *r, dest);
  if (!res) return ref_enc;
  return std::string(dest.buffer());
}

std::string CanonicalUrl(std::string_view url_text) {
  url_text = Trim(url_text);
  std::string enc = EncodeLoose(url_text);
  auto parsed = urls::parse_uri(enc);
  if (!parsed) return std::string(url_text);
  try {
    urls::url u(*parsed);
    std::string scheme = Lower(u.scheme());
    if (scheme != "http" && scheme != "https") return std::string(u.buffer());
    u.normalize_scheme();
    if (u.has_authority()) {
      std::string host = Lower(u.encoded_host());
      while (!host.empty() && host.back() == '.') host.pop_back();
      u.set_encoded_host(host);
      if ((scheme == "http" && u.port() == "80") || (scheme == "https" && u.port() == "443") ||
          (u.has_port() && u.port().empty())) {
        u.remove_port();
      }
    }
    // Boost.URL turns an empty path into "./" when normalising it, so set "/" first.
    if (u.encoded_path().empty()) u.set_encoded_path("/");
    u.normalize_path();
    u.remove_fragment();
    if (u.has_query()) {
      std::string query = DropTrackingParams(u.encoded_query());
      if (query.empty()) {
        u.remove_query();
      } else {
        u.set_encoded_query(query);
      }
    }
    return std::string(u.buffer());
  } catch (const std::exception&) {
    return std::string(url_text);
  }
}

std::string CanonicalLink(std::string_view base, std::string_view ref) {
  return CanonicalUrl(ResolveUrl(base, ref));
}

std::string SiteOf(std::string_view url_text) {
  std::string enc = EncodeLoose(Trim(url_text));
  auto parsed = urls::parse_uri(enc);
  if (!parsed || !parsed->has_authority()) return "";
  std::string host = Lower(parsed->encoded_host());
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

}  // namespace leados::ingest
