// BillingProfile validation and storage (see billing_profile.h).
#include "billing/billing_profile.h"

#include <fmt/format.h>

#include "core/json.h"

namespace leados::billing {
namespace {

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  size_t a = s.find_first_not_of(ws);
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(ws);
  return s.substr(a, b - a + 1);
}

// Code points of valid UTF-8 (no overlongs, no surrogates), or -1 when invalid; control
// characters are reported as invalid too.
int64_t CountUtf8Chars(std::string_view s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return -1;
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return -1;
    }
    if (i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0)) {
      return -1;
    }
    i += len;
    ++n;
  }
  return n;
}

core::Status CheckText(std::string_view field, const std::string& value, int64_t min, int64_t max) {
  int64_t n = CountUtf8Chars(value);
  if (n < 0) {
    return core::InvalidArgument(
        fmt::format("{}: must be UTF-8 text without control characters", field));
  }
  if (n < min) return core::InvalidArgument(fmt::format("{}: is required", field));
  if (n > max) {
    return core::InvalidArgument(fmt::format("{}: must be at most {} characters", field, max));
  }
  return core::Ok();
}

bool Upper(char c) {
  return c >= 'A' && c <= 'Z';
}

}  // namespace

core::Result<BillingProfile> ValidateBillingProfile(BillingProfile p) {
  p.name = Trim(std::move(p.name));
  p.company = Trim(std::move(p.company));
  p.postal_code = Trim(std::move(p.postal_code));
  p.city = Trim(std::move(p.city));
  p.country = Trim(std::move(p.country));
  p.vat_id = Trim(std::move(p.vat_id));
  std::vector<std::string> lines;
  for (auto& l : p.address_lines) {
    std::string t = Trim(std::move(l));
    if (!t.empty()) lines.push_back(std::move(t));
  }
  p.address_lines = std::move(lines);

  if (auto st = CheckText("name", p.name, 1, 200); !st) return core::Fail(st.error());
  if (auto st = CheckText("company", p.company, 0, 200); !st) return core::Fail(st.error());
  if (p.address_lines.empty()) {
    return core::InvalidArgument(
        "address_lines: at least one line is required (street and number)");
  }
  if (p.address_lines.size() > 3) {
    return core::InvalidArgument("address_lines: at most 3 lines");
  }
  for (size_t i = 0; i < p.address_lines.size(); ++i) {
    if (auto st = CheckText(fmt::format("address_lines[{}]", i), p.address_lines[i], 1, 200); !st)
      return core::Fail(st.error());
  }
  if (auto st = CheckText("postal_code", p.postal_code, 0, 20); !st) return core::Fail(st.error());
  if (auto st = CheckText("city", p.city, 1, 100); !st) return core::Fail(st.error());
  for (char& c : p.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (p.country.size() != 2 || !Upper(p.country[0]) || !Upper(p.country[1])) {
    return core::InvalidArgument(
        "country: must be a two-letter ISO 3166-1 code such as DE, FR or US");
  }
  if (!p.vat_id.empty()) {
    for (char& c : p.vat_id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool ok =
        p.vat_id.size() >= 4 && p.vat_id.size() <= 32 && Upper(p.vat_id[0]) && Upper(p.vat_id[1]);
    for (char c : p.vat_id) {
      if (!(Upper(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ' ')) ok = false;
    }
    if (!ok) {
      return core::InvalidArgument(
          "vat_id: must start with a two-letter country prefix followed by letters and digits, "
          "e.g. DE123456789 (or be left empty)");
    }
  }
  return p;
}

std::vector<std::string> AddressBlock(const BillingProfile& p) {
  std::vector<std::string> out;
  if (!p.company.empty()) out.push_back(p.company);
  out.push_back(p.name);
  for (const auto& l : p.address_lines) out.push_back(l);
  out.push_back(p.postal_code.empty() ? p.city : p.postal_code + " " + p.city);
  out.push_back(p.country);
  if (!p.vat_id.empty()) out.push_back("VAT: " + p.vat_id);
  return out;
}

namespace {

constexpr std::string_view kSelect =
    "SELECT name, company, address_lines_json, postal_code, city, country, vat_id, updated_at "
    "FROM billing_profiles WHERE account_id = ?";

core::Result<BillingProfile> FromRows(const std::vector<store::Row>& rows) {
  if (rows.empty()) {
    return core::NotFound(
        "no billing profile for this account; set one with updateBillingProfile "
        "(PUT /v1/billing/profile)");
  }
  const store::Row& r = rows[0];
  BillingProfile p{.name = r.Text(0),
                   .company = r.Text(1),
                   .address_lines = {},
                   .postal_code = r.Text(3),
                   .city = r.Text(4),
                   .country = r.Text(5),
                   .vat_id = r.Text(6),
                   .updated_at_ms = r.Int(7)};
  auto lines = core::ParseJson(r.Text(2));
  if (!lines || !lines->is_array())
    return core::Internal("billing_profiles: bad address_lines_json");
  for (const auto& l : lines->as_array()) {
    if (l.is_string()) p.address_lines.emplace_back(l.as_string());
  }
  return p;
}

}  // namespace

BillingProfileStore::BillingProfileStore(store::Database& db, const core::Clock& clock)
    : db_(db), clock_(clock) {}

core::Result<BillingProfile> BillingProfileStore::Get(std::string_view account_id) {
  auto rows = db_.Query(kSelect, {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return FromRows(*rows);
}

core::Result<BillingProfile> BillingProfileStore::Get(store::SqlSession& session,
                                                      std::string_view account_id) {
  auto rows = session.Query(kSelect, {std::string(account_id)});
  if (!rows) return core::Fail(rows.error());
  return FromRows(*rows);
}

core::Result<BillingProfile> BillingProfileStore::Update(std::string_view account_id,
                                                         BillingProfile profile) {
  auto valid = ValidateBillingProfile(std::move(profile));
  if (!valid) return core::Fail(valid.error());
  valid->updated_at_ms = clock_.NowUnixMillis();
  core::json::array lines;
  for (const auto& l : valid->address_lines) lines.emplace_back(l);
  auto n = db_.Exec(
      "INSERT INTO billing_profiles (account_id, name, company, address_lines_json, postal_code, "
      "city, country, vat_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, company = excluded.company, "
      "address_lines_json = excluded.address_lines_json, postal_code = excluded.postal_code, "
      "city = excluded.city, country = excluded.country, vat_id = excluded.vat_id, "
      "updated_at = excluded.updated_at",
      {std::string(account_id), valid->name, valid->company, core::ToJson(lines),
       valid->postal_code, valid->city, valid->country, valid->vat_id, valid->updated_at_ms});
  if (!n) return core::Fail(n.error());
  return *valid;
}

}  // namespace leados::billing
