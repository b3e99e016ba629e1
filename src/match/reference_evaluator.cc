#include "match/reference_evaluator.h"

#include <algorithm>
#include <string>
#include <vector>

#include "match/signal_filter.h"
#include "match/text_tokens.h"

namespace leados::match {
namespace {

struct Word {
  std::string text;  // folded
  uint32_t begin;    // original byte offsets
  uint32_t end;
};

struct Field {
  MatchField name;
  std::vector<Word> words;
};

// One place where a term occurs: words [first, last] of a field.
struct Occurrence {
  size_t field;
  size_t first;
  size_t last;
};

std::vector<Field> SplitFields(const ingest::Signal& s) {
  std::vector<Field> fields;
  for (auto [name, text] :
       {std::pair{MatchField::kTitle, &s.title}, std::pair{MatchField::kBody, &s.body}}) {
    FoldedText f;
    f.AppendField(*text);
    Field field{name, {}};
    for (uint32_t t = 0; t < f.tokens().size(); ++t) {
      field.words.push_back(Word{std::string(f.Word(t)), f.tokens()[t].begin, f.tokens()[t].end});
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

bool InScope(TextScope scope, MatchField field) {
  if (scope == TextScope::kTitle) return field == MatchField::kTitle;
  if (scope == TextScope::kBody) return field == MatchField::kBody;
  return true;
}

std::vector<Occurrence> Find(const Term& term, const std::vector<Field>& fields) {
  std::vector<Occurrence> out;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (!InScope(term.scope, fields[f].name)) continue;
    const auto& words = fields[f].words;
    const size_t n = term.words.size();
    for (size_t i = 0; i + n <= words.size(); ++i) {
      bool all = true;
      for (size_t k = 0; k < n && all; ++k) {
        const bool last = k + 1 == n;
        if (last && term.prefix) {
          all = words[i + k].text.starts_with(term.words[k]);
        } else {
          all = words[i + k].text == term.words[k];
        }
      }
      if (all) out.push_back(Occurrence{f, i, i + n - 1});
    }
  }
  return out;
}

// True when a and b do not overlap and at most n words lie between them.
bool Near(const Occurrence& a, const Occurrence& b, int n) {
  if (a.field != b.field) return false;
  if (a.last < b.first) return b.first - a.last - 1 <= static_cast<size_t>(n);
  if (b.last < a.first) return a.first - b.last - 1 <= static_cast<size_t>(n);
  return false;
}

struct Evaluation {
  const ingest::Signal& signal;
  std::vector<Field> fields;
  std::vector<TermHit> hits;

  void AddHit(const Term& term, const Occurrence& o) {
    const Field& f = fields[o.field];
    hits.push_back(TermHit{FormatTerm(term), f.name, f.words[o.first].begin, f.words[o.last].end});
  }

  bool Eval(const QueryNode& n) {
    switch (n.kind) {
      case NodeKind::kTerm: return !Find(n.term, fields).empty();
      case NodeKind::kNear: {
        for (const auto& a : Find(n.term, fields)) {
          for (const auto& b : Find(n.near_right, fields)) {
            if (Near(a, b, n.near_n)) return true;
          }
        }
        return false;
      }
      case NodeKind::kFilter: return FilterMatches(n.filter, n.filter_value, signal);
      case NodeKind::kNot: return !Eval(n.children[0]);
      case NodeKind::kAnd:
        for (const auto& c : n.children) {
          if (!Eval(c)) return false;
        }
        return true;
      case NodeKind::kOr:
        for (const auto& c : n.children) {
          if (Eval(c)) return true;
        }
        return false;
    }
    return false;
  }

  // Evidence: every occurrence of a term that is not under NOT (an even number of NOTs).
  void Collect(const QueryNode& n, bool positive) {
    switch (n.kind) {
      case NodeKind::kTerm:
        if (positive) {
          for (const auto& o : Find(n.term, fields)) AddHit(n.term, o);
        }
        return;
      case NodeKind::kNear:
        if (positive) {
          const auto left = Find(n.term, fields);
          const auto right = Find(n.near_right, fields);
          for (const auto& a : left) {
            for (const auto& b : right) {
              if (Near(a, b, n.near_n)) {
                AddHit(n.term, a);
                AddHit(n.near_right, b);
              }
            }
          }
        }
        return;
      case NodeKind::kFilter: return;
      case NodeKind::kNot: Collect(n.children[0], !positive); return;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        for (const auto& c : n.children) Collect(c, positive);
        return;
    }
  }
};

}  // namespace

ReferenceResult EvaluateReference(const QueryNode& query, const ingest::Signal& signal) {
  Evaluation e{signal, SplitFields(signal), {}};
  ReferenceResult r;
  r.matched = e.Eval(query);
  if (!r.matched) return r;
  e.Collect(query, true);
  std::sort(e.hits.begin(), e.hits.end());
  e.hits.erase(std::unique(e.hits.begin(), e.hits.end()), e.hits.end());
  if (e.hits.size() > kMaxHitsPerMatch) e.hits.resize(kMaxHitsPerMatch);
  r.hits = std::move(e.hits);
  return r;
}

}  // namespace leados::match
