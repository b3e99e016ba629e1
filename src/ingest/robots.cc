#include "ingest/robots.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace leados::ingest {
namespace {

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

// Makes patterns and paths comparable: percent escapes upper-cased, bytes outside printable
// ASCII escaped ("/café" and "/caf%C3%A9" are the same path).
std::string Normalise(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 1])));
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 2])));
      i += 2;
    } else if (c <= 0x20 || c >= 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Glob match of a robots pattern against a whole path prefix: '*' any run, '$' at the very end
// anchors. Iterative with backtracking to the last star (linear-ish, no recursion).
bool Matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t p = 0, s = 0;
  size_t star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      // anchored but text remains: try to let the last star eat more
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p, ++s;
      continue;
    }
    if (star == std::string_view::npos || star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

}  // namespace

std::string RobotsProductToken(std::string_view user_agent) {
  user_agent = Trim(user_agent);
  size_t end = user_agent.find_first_of("/ \t(");
  return std::string(user_agent.substr(0, end));
}

RobotsRules RobotsRules::AllowAll() {
  return RobotsRules();
}

RobotsRules RobotsRules::DisallowAll(std::string reason) {
  RobotsRules r;
  r.disallow_all_ = true;
  r.unreachable_reason_ = std::move(reason);
  return r;
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view product_token) {
  struct Group {
    std::vector<std::string> agents;
    std::vector<Rule> rules;
    std::optional<double> crawl_delay;
  };
  std::vector<Group> groups;
  bool last_was_agent = false;
  const std::string token = Lower(product_token);

  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
  while (!text.empty()) {
    size_t eol = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = Lower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!last_was_agent || groups.empty()) groups.emplace_back();
      groups.back().agents.push_back(Lower(RobotsProductToken(value)));
      last_was_agent = true;
      continue;
    }
    last_was_agent = false;
    if (groups.empty()) continue;  // rules before any User-agent belong to nobody
    if (key == "allow" || key == "disallow") {
      if (value.empty()) continue;  // "Disallow:" with no path allows everything: no rule
      groups.back().rules.push_back(Rule{key == "allow", Normalise(value)});
    } else if (key == "crawl-delay") {
      double d = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
      if (ec == std::errc() && d >= 0) groups.back().crawl_delay = d;
    }
  }

  RobotsRules out;
  auto take = [&](std::string_view agent) {
    bool any = false;
    for (const auto& g : groups) {
      if (std::find(g.agents.begin(), g.agents.end(), agent) == g.agents.end()) continue;
      any = true;
      out.rules_.insert(out.rules_.end(), g.rules.begin(), g.rules.end());
      if (g.crawl_delay) out.crawl_delay_ = g.crawl_delay;
    }
    return any;
  };
  if (token.empty() || !take(token)) take("*");
  return out;
}

const RobotsRules::Rule* RobotsRules::Decide(std::string_view path) const {
  std::string norm = Normalise(path.empty() ? std::string_view("/") : path);
  const Rule* best = nullptr;
  for (const auto& r : rules_) {
    if (!Matches(r.pattern, norm)) continue;
    if (best == nullptr || r.pattern.size() > best->pattern.size() ||
        (r.pattern.size() == best->pattern.size() && r.allow && !best->allow)) {
      best = &r;
    }
  }
  return best;
}

bool RobotsRules::IsAllowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  if (disallow_all_) return false;
  const Rule* r = Decide(path);
  return r == nullptr || r->allow;
}

std::optional<std::string> RobotsRules::DecidingRule(std::string_view path) const {
  if (disallow_all_) return std::string("Disallow: / (robots.txt unreachable)");
  const Rule* r = Decide(path);
  if (r == nullptr) return std::nullopt;
  return fmt::format("{}: {}", r->allow ? "Allow" : "Disallow", r->pattern);
}

}  // namespace leados::ingest
