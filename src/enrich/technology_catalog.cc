#include "enrich/technology_catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "enrich/embedded_data.h"
#include "enrich/text_scan.h"

namespace leados::enrich {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool InSet(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

}  // namespace

core::Result<TechnologyCatalog> TechnologyCatalog::Parse(std::string_view tsv) {
  TechnologyCatalog cat;
  int line_no = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> cols = Split(line, '\t');
    if (cols.size() < 2 || Trim(cols[0]).empty() || Trim(cols[1]).empty()) {
      return core::InvalidArgument(
          fmt::format("technologies line {}: expected 'name<TAB>category<TAB>aliases'", line_no));
    }
    std::string name(Trim(cols[0]));
    if (cat.Find(name) >= 0) {
      return core::InvalidArgument(
          fmt::format("technologies line {}: '{}' is listed twice", line_no, name));
    }
    int tech = static_cast<int>(cat.technologies_.size());
    cat.technologies_.push_back({name, std::string(Trim(cols[1]))});
    std::vector<std::string_view> aliases;
    if (cols.size() > 2) {
      for (std::string_view a : Split(cols[2], '|')) {
        a = Trim(a);
        if (!a.empty()) aliases.push_back(a);
      }
    }
    std::string folded_name = FoldString(name);
    bool name_listed = false;
    for (std::string_view a : aliases) {
      std::string_view bare = a;
      while (!bare.empty() && (bare.front() == '!' || bare.front() == '?')) bare.remove_prefix(1);
      if (FoldString(bare) == folded_name) name_listed = true;
    }
    // A one-letter name ("C", "R") is never an alias by itself: far too many false hits.
    if (!name_listed && FoldString(name).size() > 1) aliases.insert(aliases.begin(), name);
    for (std::string_view a : aliases) {
      Target t;
      t.technology = tech;
      while (!a.empty() && (a.front() == '!' || a.front() == '?')) {
        (a.front() == '!' ? t.exact_case : t.needs_context) = true;
        a.remove_prefix(1);
      }
      std::string pattern = FoldString(a);
      if (pattern.empty()) {
        return core::InvalidArgument(fmt::format("technologies line {}: an empty alias", line_no));
      }
      t.literal = std::string(a);
      int p = cat.patterns_.Add(pattern);
      if (static_cast<size_t>(p) == cat.targets_.size()) cat.targets_.emplace_back();
      cat.targets_[p].push_back(std::move(t));
    }
  }
  cat.patterns_.Build();
  return cat;
}

TechnologyCatalog TechnologyCatalog::Builtin() {
  auto cat = Parse(embedded::Technologies());
  // enrich_test checks that the compiled-in list parses; an empty catalog is the safe fallback.
  return cat ? std::move(*cat) : TechnologyCatalog{};
}

int TechnologyCatalog::Find(std::string_view name) const {
  std::string f = FoldString(name);
  for (size_t i = 0; i < technologies_.size(); ++i) {
    if (FoldString(technologies_[i].name) == f) return static_cast<int>(i);
  }
  return -1;
}

std::vector<TechnologyMention> TechnologyCatalog::FindIn(std::string_view text) const {
  thread_local FoldedText folded;
  folded.Assign(text);
  return FindIn(folded);
}

std::vector<TechnologyMention> TechnologyCatalog::FindIn(const FoldedText& folded) const {
  const std::string_view t = folded.text;
  struct Candidate {
    TechnologyMention m;
    size_t fstart, fend;  // in the folded text
  };
  thread_local std::vector<Candidate> found;
  found.clear();
  // Matches must start a word: walking from word starts only is several times faster than
  // the full scan (aho_corasick.h ScanFrom).
  auto word_start = [&](size_t i) { return IsWordStart(t, i); };
  patterns_.ScanFrom(t, word_start, [&](int p, size_t start, size_t end) {
    if (!IsWordBounded(t, start, end)) return;
    std::string_view original = folded.OriginalSpan(start, end);
    size_t o_start = folded.OriginalOffset(start);
    for (const Target& target : targets_[p]) {
      if (target.exact_case && original != target.literal) continue;
      found.push_back(
          {{target.technology, o_start, original.size(), target.needs_context}, start, end});
    }
  });
  // 1. Longest match wins where candidates overlap ("SQL Server" over "SQL", "React Native"
  //    over "React"); identical spans (one alias of two technologies, "c/c++") all stay.
  const size_t n = found.size();
  thread_local std::vector<char> state;  // 0 = undecided, 1 = accepted, 2 = rejected
  state.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (found[j].fstart <= found[i].fstart && found[j].fend >= found[i].fend &&
          found[j].fend - found[j].fstart > found[i].fend - found[i].fstart) {
        state[i] = 2;
        break;
      }
    }
  }
  // 2. Plain aliases are accepted; context aliases when a technical word is next to them.
  for (size_t i = 0; i < n; ++i) {
    if (state[i] == 2) continue;
    const Candidate& c = found[i];
    if (!c.m.needed_context) {
      state[i] = 1;
      continue;
    }
    std::string_view next = NextWord(t, c.fend);
    std::string_view prev = PreviousWord(t, c.fstart);
    if (InSet(next, {"developer",  "developers",  "engineer",     "engineers",     "programming",
                     "programmer", "programmers", "code",         "codebase",      "backend",
                     "service",    "services",    "microservice", "microservices", "library",
                     "libraries",  "sdk",         "stack",        "experience",    "lang",
                     "language",   "modules",     "module",       "api",           "apis",
                     "framework",  "runtime",     "version",      "expert",        "skills",
                     "app",        "apps",        "components",   "component",     "hooks",
                     "native",     "cluster",     "clusters",     "jobs",          "pipelines",
                     "workspace",  "integration", "integrations"}) ||
        InSet(prev, {"in", "using", "use", "uses", "used", "with", "written", "know", "learn",
                     "learning"})) {
      state[i] = 1;
    }
  }
  auto near = [&](size_t i, size_t j) {
    return found[j].fend + 80 >= found[i].fstart && found[i].fend + 80 >= found[j].fstart;
  };
  // 3. Context aliases near an accepted technology (or another mention of the same one), until
  //    nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < n; ++i) {
      if (state[i] != 0) continue;
      for (size_t j = 0; j < n; ++j) {
        if (state[j] == 1 && (near(i, j) || found[j].m.technology == found[i].m.technology)) {
          state[i] = 1;
          changed = true;
          break;
        }
      }
    }
  }
  // 4. Two context aliases near each other support each other ("Notion and Linear"), except a
  //    capitalised word at the start of a sentence, whose capital proves nothing ("Go ahead").
  for (size_t i = 0; i < n; ++i) {
    if (state[i] != 0 || IsSentenceStart(t, found[i].fstart)) continue;
    for (size_t j = 0; j < n; ++j) {
      if (j != i && state[j] != 2 && found[j].m.technology != found[i].m.technology && near(i, j) &&
          !IsSentenceStart(t, found[j].fstart)) {
        state[i] = state[j] = 1;
        break;
      }
    }
  }
  std::vector<TechnologyMention> out;
  for (size_t i = 0; i < n; ++i) {
    if (state[i] != 1) continue;
    const Candidate& c = found[i];
    auto it = std::find_if(out.begin(), out.end(), [&](const TechnologyMention& m) {
      return m.technology == c.m.technology;
    });
    if (it == out.end()) {
      out.push_back(c.m);
    } else if (it->needed_context && !c.m.needed_context) {
      it->needed_context = false;  // a plain mention elsewhere settles it
    }
  }
  return out;
}

}  // namespace leados::enrich
