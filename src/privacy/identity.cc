#include "privacy/identity.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/crypto.h"
#include "core/encoding.h"

namespace leados::privacy {
namespace {

constexpr std::array<std::string_view, 8> kSources = {"hn",    "reddit", "rss",   "greenhouse",
                                                      "lever", "ashby",  "press", "jobpage"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// The user part of a handle: trimmed, lower-cased, Reddit's "u/" dropped.
std::string HandleUser(std::string_view source, std::string_view user) {
  user = Trim(user);
  if (source == "reddit") {
    if (StartsWith(user, "/u/"))
      user.remove_prefix(3);
    else if (StartsWith(user, "u/"))
      user.remove_prefix(2);
  }
  while (!user.empty() && user.back() == '/') user.remove_suffix(1);
  return Lower(user);
}

// The value of query parameter `name` (no percent-decoding beyond what handles need: none).
std::string QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (StartsWith(pair, name) && pair.size() > name.size() && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

std::string_view IdentityKindName(IdentityKind kind) {
  switch (kind) {
    case IdentityKind::kEmail: return "email";
    case IdentityKind::kHandle: return "handle";
    case IdentityKind::kUrl: return "url";
    case IdentityKind::kPhone: return "phone";
  }
  return "email";
}

std::string Identity::Canonical() const {
  return std::string(IdentityKindName(kind)) + ":" + value;
}

core::Result<Identity> NormalizeEmail(std::string_view raw) {
  const std::string email = Lower(Trim(raw));
  const size_t at = email.find('@');
  const bool ok = at != std::string::npos && at > 0 && at + 1 < email.size() &&
                  email.find('@', at + 1) == std::string::npos &&
                  email.find('.', at + 1) != std::string::npos &&
                  std::none_of(email.begin(), email.end(),
                               [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (!ok) {
    return core::InvalidArgument(
        "email: not an email address (expected one '@' and a domain with a dot, e.g. "
        "jane@example.com)");
  }
  return Identity{IdentityKind::kEmail, email};
}

core::Result<Identity> NormalizeHandle(std::string_view raw) {
  raw = Trim(raw);
  const size_t sep = raw.find_first_of(":/");
  const std::string source = sep == std::string_view::npos ? "" : Lower(Trim(raw.substr(0, sep)));
  if (std::find(kSources.begin(), kSources.end(), source) == kSources.end()) {
    return core::InvalidArgument(
        "handle: expected <source>:<user> with source one of hn, reddit, rss, greenhouse, lever, "
        "ashby, press, jobpage (e.g. hn:jane or reddit:jane)");
  }
  const std::string user = HandleUser(source, raw.substr(sep + 1));
  if (user.empty() || std::any_of(user.begin(), user.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) && c != ' ';
      })) {
    return core::InvalidArgument("handle: the user name after '" + source + ":' is empty");
  }
  return Identity{IdentityKind::kHandle, source + ":" + user};
}

core::Result<Identity> NormalizeProfileUrl(std::string_view raw) {
  std::string_view url = Trim(raw);
  const std::string lower_start = Lower(url.substr(0, 8));
  if (StartsWith(lower_start, "https://"))
    url.remove_prefix(8);
  else if (StartsWith(lower_start, "http://"))
    url.remove_prefix(7);
  else {
    return core::InvalidArgument(
        "profile_url: expected an http(s) URL such as https://news.ycombinator.com/user?id=jane");
  }
  const size_t frag = url.find('#');
  if (frag != std::string_view::npos) url = url.substr(0, frag);
  const size_t path_at = url.find_first_of("/?");
  std::string host = Lower(url.substr(0, path_at));
  std::string_view rest = path_at == std::string_view::npos ? "" : url.substr(path_at);
  if (const size_t colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  if (host.empty() || host.find('.') == std::string::npos) {
    return core::InvalidArgument("profile_url: the URL has no host name");
  }
  const size_t q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : rest.substr(q + 1);
  for (std::string_view p : {"www.", "old.", "new.", "m."}) {
    if (StartsWith(host, p)) {
      host.erase(0, p.size());
      break;
    }
  }
  if (host == "news.ycombinator.com" &&
      (path == "/user" || path == "/submitted" || path == "/threads")) {
    const std::string user = HandleUser("hn", QueryParam(query, "id"));
    if (!user.empty()) return Identity{IdentityKind::kHandle, "hn:" + user};
  }
  if (host == "reddit.com") {
    for (std::string_view p : {"/user/", "/u/"}) {
      if (StartsWith(path, p)) {
        std::string_view user = path.substr(p.size());
        user = user.substr(0, user.find('/'));
        const std::string u = HandleUser("reddit", user);
        if (!u.empty()) return Identity{IdentityKind::kHandle, "reddit:" + u};
      }
    }
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return Identity{IdentityKind::kUrl, host + std::string(path)};
}

core::Result<Identity> NormalizePhone(std::string_view raw) {
  std::string digits;
  for (char c : raw) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.empty()) return core::InvalidArgument("phone: the number has no digits");
  if (digits.size() > 10) digits.erase(0, digits.size() - 10);
  return Identity{IdentityKind::kPhone, digits};
}

core::Result<Identity> NormalizeIdentifier(std::string_view type, std::string_view raw) {
  if (type == "email") return NormalizeEmail(raw);
  if (type == "handle") return NormalizeHandle(raw);
  if (type == "profile_url") return NormalizeProfileUrl(raw);
  return core::InvalidArgument("identifier_type: must be email, handle or profile_url (got '" +
                               std::string(type.substr(0, 40)) + "')");
}

std::vector<Identity> AuthorIdentities(std::string_view source, std::string_view author,
                                       std::string_view author_url) {
  std::vector<Identity> out;
  auto add = [&out](core::Result<Identity> id) {
    if (id && std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(std::move(*id));
  };
  const std::string_view a = Trim(author);
  if (!a.empty()) {
    const std::string user = HandleUser(source, a);
    if (!user.empty()) out.push_back(Identity{IdentityKind::kHandle, Lower(source) + ":" + user});
    // An address anywhere in the author field ("jane@example.com (Jane Doe)", "<jane@…>").
    size_t at = a.find('@');
    if (at != std::string_view::npos) {
      auto is_addr = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
               c == '+' || c == '%';
      };
      size_t b = at, e = at + 1;
      while (b > 0 && is_addr(a[b - 1])) --b;
      while (e < a.size() && is_addr(a[e])) ++e;
      add(NormalizeEmail(a.substr(b, e - b)));
    }
  }
  if (!Trim(author_url).empty()) add(NormalizeProfileUrl(author_url));
  return out;
}

std::optional<std::string> DropHash(const Identity& identity) {
  if (identity.kind != IdentityKind::kEmail && identity.kind != IdentityKind::kPhone) {
    return std::nullopt;
  }
  return core::Base64Encode(core::Sha256(identity.value));
}

bool IsDropHash(std::string_view text) {
  if (text.size() != 44 || text.back() != '=' || text[42] == '=') return false;
  for (char c : text.substr(0, 43)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') return false;
  }
  auto bytes = core::Base64Decode(text);
  return bytes && bytes->size() == 32;
}

core::Result<IdentityHasher> IdentityHasher::Create(std::string_view server_secret) {
  if (server_secret.size() < 16) {
    return core::InvalidArgument("the identity hash key must be at least 16 bytes");
  }
  return IdentityHasher(core::HmacSha256(server_secret, "leados-privacy-identity-v1"));
}

std::string IdentityHasher::Keyed(const Identity& identity) const {
  return core::HexEncode(core::HmacSha256(key_, identity.Canonical()));
}

}  // namespace leados::privacy
