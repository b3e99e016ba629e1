#include "match/compiled_campaigns.h"

#include <fmt/format.h>
#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <unordered_map>

#include "match/query_parser.h"
#include "match/signal_filter.h"
#include "match/text_tokens.h"

namespace leados::match {
namespace {

constexpr int kTitle = 0;  // field index in the folded buffer
constexpr int kBody = 1;

std::atomic<uint64_t> g_next_generation{1};

struct CTerm {
  uint32_t literal = 0;
  uint32_t words = 1;
  bool prefix = false;
  TextScope scope = TextScope::kAny;
  std::string display;  // FormatTerm
};

// A query tree node with its terms resolved to literal ids.
struct CNode {
  NodeKind kind = NodeKind::kTerm;
  int term = -1;   // kTerm, kNear (left)
  int term2 = -1;  // kNear (right)
  int near_n = 0;
  FilterField filter = FilterField::kSource;
  std::string value;
  std::vector<CNode> kids;
};

struct CCampaign {
  std::string id;
  CNode root;  // used to collect evidence once a campaign matched
  std::vector<CTerm> terms;
  uint32_t flat = 0;  // index of its root in Impl::flat
};

// The same tree laid out in pre-order in one array shared by all campaigns, so deciding whether a
// candidate matches touches a few cache lines (this is the hot loop at 10,000 campaigns).
struct FlatNode {
  NodeKind kind = NodeKind::kTerm;
  uint8_t prefix_a = 0, prefix_b = 0;
  TextScope scope_a = TextScope::kAny, scope_b = TextScope::kAny;
  FilterField filter = FilterField::kSource;
  uint16_t near_n = 0;
  uint16_t words_a = 0, words_b = 0;
  uint32_t a = 0;    // literal (kTerm, kNear left) or index into Impl::filter_values (kFilter)
  uint32_t b = 0;    // literal (kNear right)
  uint32_t end = 0;  // one past the last node of this subtree
};

// One place a literal was found: the index of its first word and the field.
struct Occ {
  uint32_t first;
  uint8_t field;
  bool whole;  // the literal ends at a word end (an exact match, not only a prefix)
};

bool InScope(TextScope scope, int field) {
  if (scope == TextScope::kTitle) return field == kTitle;
  if (scope == TextScope::kBody) return field == kBody;
  return true;
}

}  // namespace

struct CompiledCampaigns::Impl {
  uint64_t generation = 0;
  std::vector<CampaignError> errors;
  std::vector<CCampaign> campaigns;
  std::vector<FlatNode> flat;
  std::vector<uint32_t> campaign_root;  // per campaign: index of its root in `flat`
  std::vector<std::string> filter_values;
  std::vector<std::string> literals;
  std::vector<uint32_t> literal_len;
  std::vector<uint8_t> literal_exact_only;                  // no term uses it as a prefix
  std::vector<std::vector<uint32_t>> campaigns_by_literal;  // campaigns triggered by a literal
  std::vector<uint32_t> always_evaluate;  // campaigns that can match without a term
  hs_database_t* db = nullptr;
  size_t db_bytes = 0;

  ~Impl() { hs_free_database(db); }
};

namespace {

// Per-thread work buffers, reused from signal to signal.
struct Workspace {
  FoldedText text;
  std::vector<uint32_t> token_starts;  // folded_begin of each token, for binary search
  std::vector<std::vector<Occ>> occ;   // per literal
  std::vector<uint32_t> hit;           // per literal: epoch of the signal that hit it
  std::vector<uint32_t> touched;
  std::vector<uint32_t> seen;  // per campaign: epoch when it became a candidate
  uint32_t epoch = 0;
  std::vector<uint32_t> candidates;
  hs_scratch_t* scratch = nullptr;
  uint64_t scratch_generation = 0;
  CompiledCampaigns::ThreadStats stats;

  ~Workspace() { hs_free_scratch(scratch); }
};

Workspace& ThreadWorkspace() {
  thread_local Workspace ws;
  return ws;
}

struct ScanContext {
  const CompiledCampaigns::Impl* impl;
  Workspace* ws;
  const char* buf;
  size_t len;
};

int OnLiteral(unsigned int id, unsigned long long /*from*/, unsigned long long to,
              unsigned int /*flags*/, void* ctx_ptr) {
  auto* ctx = static_cast<ScanContext*>(ctx_ptr);
  const size_t start = to - ctx->impl->literal_len[id];
  // Word boundaries: the literal starts a word, and (unless used as a prefix) ends one.
  if (start > 0 && ctx->buf[start - 1] != ' ' && ctx->buf[start - 1] != '\n') return 0;
  const bool whole = to == ctx->len || ctx->buf[to] == ' ' || ctx->buf[to] == '\n';
  if (!whole && ctx->impl->literal_exact_only[id]) return 0;
  Workspace& ws = *ctx->ws;
  const auto it = std::lower_bound(ws.token_starts.begin(), ws.token_starts.end(),
                                   static_cast<uint32_t>(start));
  const auto first = static_cast<uint32_t>(it - ws.token_starts.begin());
  ++ws.stats.literal_hits;
  auto& list = ws.occ[id];
  if (ws.hit[id] != ws.epoch) {
    ws.hit[id] = ws.epoch;
    ws.touched.push_back(id);
  }
  list.push_back(Occ{first,
                     static_cast<uint8_t>(first < ws.text.field_end_token(kTitle) ? kTitle : kBody),
                     whole});
  return 0;
}

bool TermOccValid(const CTerm& t, const Occ& o) {
  return (o.whole || t.prefix) && InScope(t.scope, o.field);
}

bool NearPair(const CTerm& ta, const Occ& a, const CTerm& tb, const Occ& b, int n) {
  if (a.field != b.field) return false;
  const uint32_t a_last = a.first + ta.words - 1;
  const uint32_t b_last = b.first + tb.words - 1;
  if (a_last < b.first) return b.first - a_last - 1 <= static_cast<uint32_t>(n);
  if (b_last < a.first) return a.first - b_last - 1 <= static_cast<uint32_t>(n);
  return false;
}

// Collects the evidence of a campaign that matched.
class Evaluator {
 public:
  Evaluator(const CCampaign& c, const Workspace& ws) : c_(c), ws_(ws) {}

  void Collect(const CNode& n, bool positive, std::vector<TermHit>& hits) const {
    switch (n.kind) {
      case NodeKind::kTerm:
        if (positive) {
          const CTerm& t = c_.terms[n.term];
          for (const Occ& o : ws_.occ[t.literal]) {
            if (TermOccValid(t, o)) hits.push_back(Hit(t, o));
          }
        }
        return;
      case NodeKind::kNear:
        if (positive) {
          const CTerm& a = c_.terms[n.term];
          const CTerm& b = c_.terms[n.term2];
          for (const Occ& oa : ws_.occ[a.literal]) {
            if (!TermOccValid(a, oa)) continue;
            for (const Occ& ob : ws_.occ[b.literal]) {
              if (TermOccValid(b, ob) && NearPair(a, oa, b, ob, n.near_n)) {
                hits.push_back(Hit(a, oa));
                hits.push_back(Hit(b, ob));
              }
            }
          }
        }
        return;
      case NodeKind::kFilter: return;
      case NodeKind::kNot: Collect(n.kids[0], !positive, hits); return;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        for (const auto& k : n.kids) Collect(k, positive, hits);
        return;
    }
  }

 private:
  TermHit Hit(const CTerm& t, const Occ& o) const {
    const auto& tokens = ws_.text.tokens();
    return TermHit{t.display, o.field == kTitle ? MatchField::kTitle : MatchField::kBody,
                   tokens[o.first].begin, tokens[o.first + t.words - 1].end};
  }

  const CCampaign& c_;
  const Workspace& ws_;
};

// Decides whether the campaign whose flat tree starts at `i` matches.
class FlatEvaluator {
 public:
  FlatEvaluator(const CompiledCampaigns::Impl& impl, const Workspace& ws, const ingest::Signal& s)
      : nodes_(impl.flat.data()), filters_(impl.filter_values), ws_(ws), s_(s) {}

  bool Eval(uint32_t i) const {
    const FlatNode& n = nodes_[i];
    switch (n.kind) {
      case NodeKind::kTerm: return AnyValid(n.a, n.prefix_a, n.scope_a);
      case NodeKind::kNear: {
        if (ws_.hit[n.a] != ws_.epoch || ws_.hit[n.b] != ws_.epoch) return false;
        for (const Occ& oa : ws_.occ[n.a]) {
          if (!Valid(oa, n.prefix_a, n.scope_a)) continue;
          for (const Occ& ob : ws_.occ[n.b]) {
            if (Valid(ob, n.prefix_b, n.scope_b) && Near(oa, n.words_a, ob, n.words_b, n.near_n))
              return true;
          }
        }
        return false;
      }
      case NodeKind::kFilter: return FilterMatches(n.filter, filters_[n.a], s_);
      case NodeKind::kNot: return !Eval(i + 1);
      case NodeKind::kAnd:
        for (uint32_t k = i + 1; k < n.end; k = nodes_[k].end) {
          if (!Eval(k)) return false;
        }
        return true;
      case NodeKind::kOr:
        for (uint32_t k = i + 1; k < n.end; k = nodes_[k].end) {
          if (Eval(k)) return true;
        }
        return false;
    }
    return false;
  }

 private:
  static bool Valid(const Occ& o, bool prefix, TextScope scope) {
    return (o.whole || prefix) && InScope(scope, o.field);
  }
  static bool Near(const Occ& a, uint32_t wa, const Occ& b, uint32_t wb, int n) {
    if (a.field != b.field) return false;
    const uint32_t a_last = a.first + wa - 1;
    const uint32_t b_last = b.first + wb - 1;
    if (a_last < b.first) return b.first - a_last - 1 <= static_cast<uint32_t>(n);
    if (b_last < a.first) return a.first - b_last - 1 <= static_cast<uint32_t>(n);
    return false;
  }
  bool AnyValid(uint32_t literal, bool prefix, TextScope scope) const {
    if (ws_.hit[literal] != ws_.epoch) return false;
    for (const Occ& o : ws_.occ[literal]) {
      if (Valid(o, prefix, scope)) return true;
    }
    return false;
  }

  const FlatNode* nodes_;
  const std::vector<std::string>& filters_;
  const Workspace& ws_;
  const ingest::Signal& s_;
};

class Compiler {
 public:
  explicit Compiler(CompiledCampaigns::Impl& impl) : impl_(impl) {}

  void Add(std::string id, const QueryNode& root) {
    CCampaign c;
    c.id = std::move(id);
    c.root = Build(root, c, true);
    c.flat = static_cast<uint32_t>(impl_.flat.size());
    Flatten(c.root, c);
    impl_.campaign_root.push_back(c.flat);
    impl_.campaigns.push_back(std::move(c));
  }

  // Indexes every campaign by a trigger set: literals such that the query cannot be true unless
  // one of them was found. For AND, the child whose literals are shared by the fewest campaigns is
  // chosen, so common words ("looking", "need") rarely make a campaign a candidate. A campaign
  // without a trigger set (pure NOT, filters only) is evaluated for every signal.
  void Finish() {
    uses_.assign(impl_.literals.size(), 0);
    for (const auto& c : impl_.campaigns) {
      for (const auto& t : c.terms) ++uses_[t.literal];
    }
    for (uint32_t index = 0; index < impl_.campaigns.size(); ++index) {
      const CCampaign& c = impl_.campaigns[index];
      auto trigger = Trigger(c.root, c);
      if (!trigger) {
        impl_.always_evaluate.push_back(index);
        continue;
      }
      std::sort(trigger->begin(), trigger->end());
      trigger->erase(std::unique(trigger->begin(), trigger->end()), trigger->end());
      for (uint32_t l : *trigger) impl_.campaigns_by_literal[l].push_back(index);
    }
  }

 private:
  uint32_t Literal(const Term& t) {
    std::string text;
    for (size_t i = 0; i < t.words.size(); ++i) {
      if (i > 0) text += ' ';
      text += t.words[i];
    }
    auto [it, inserted] = ids_.try_emplace(text, static_cast<uint32_t>(impl_.literals.size()));
    if (inserted) {
      impl_.literals.push_back(text);
      impl_.literal_len.push_back(static_cast<uint32_t>(text.size()));
      impl_.literal_exact_only.push_back(1);
      impl_.campaigns_by_literal.emplace_back();
    }
    if (t.prefix) impl_.literal_exact_only[it->second] = 0;
    return it->second;
  }

  void Flatten(const CNode& n, const CCampaign& c) {
    const auto index = impl_.flat.size();
    impl_.flat.emplace_back();
    FlatNode f;
    f.kind = n.kind;
    if (n.term >= 0) {
      const CTerm& t = c.terms[n.term];
      f.a = t.literal, f.prefix_a = t.prefix, f.scope_a = t.scope,
      f.words_a = static_cast<uint16_t>(t.words);
    }
    if (n.term2 >= 0) {
      const CTerm& t = c.terms[n.term2];
      f.b = t.literal, f.prefix_b = t.prefix, f.scope_b = t.scope,
      f.words_b = static_cast<uint16_t>(t.words);
    }
    f.near_n = static_cast<uint16_t>(n.near_n);
    if (n.kind == NodeKind::kFilter) {
      f.filter = n.filter;
      f.a = static_cast<uint32_t>(impl_.filter_values.size());
      impl_.filter_values.push_back(n.value);
    }
    for (const auto& k : n.kids) Flatten(k, c);
    f.end = static_cast<uint32_t>(impl_.flat.size());
    impl_.flat[index] = f;
  }

  int AddTerm(const Term& t, CCampaign& c) {
    c.terms.push_back(
        CTerm{Literal(t), static_cast<uint32_t>(t.words.size()), t.prefix, t.scope, FormatTerm(t)});
    return static_cast<int>(c.terms.size()) - 1;
  }

  CNode Build(const QueryNode& q, CCampaign& c, bool positive) {  // NOLINT(misc-no-recursion)
    CNode n;
    n.kind = q.kind;
    switch (q.kind) {
      case NodeKind::kTerm: n.term = AddTerm(q.term, c); break;
      case NodeKind::kNear:
        n.term = AddTerm(q.term, c);
        n.term2 = AddTerm(q.near_right, c);
        n.near_n = q.near_n;
        break;
      case NodeKind::kFilter:
        n.filter = q.filter;
        n.value = q.filter_value;
        break;
      case NodeKind::kNot: n.kids.push_back(Build(q.children[0], c, !positive)); break;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        for (const auto& k : q.children) n.kids.push_back(Build(k, c, positive));
        break;
    }
    return n;
  }

  using LiteralSet = std::vector<uint32_t>;

  // A set of literals one of which must be found for `n` to be true, or nullopt when there is none.
  std::optional<LiteralSet> Trigger(const CNode& n, const CCampaign& c) const {
    switch (n.kind) {
      case NodeKind::kTerm: return LiteralSet{c.terms[n.term].literal};
      case NodeKind::kNear: {
        const uint32_t a = c.terms[n.term].literal, b = c.terms[n.term2].literal;
        return LiteralSet{uses_[a] <= uses_[b] ? a : b};
      }
      case NodeKind::kFilter:
      case NodeKind::kNot: return std::nullopt;
      case NodeKind::kOr: {
        LiteralSet all;
        for (const auto& k : n.kids) {
          auto t = Trigger(k, c);
          if (!t) return std::nullopt;
          all.insert(all.end(), t->begin(), t->end());
        }
        return all;
      }
      case NodeKind::kAnd: {
        std::optional<LiteralSet> best;
        uint64_t best_cost = 0;
        for (const auto& k : n.kids) {
          auto t = Trigger(k, c);
          if (!t) continue;
          uint64_t cost = 0;
          for (uint32_t l : *t) cost += uses_[l];
          if (!best || cost < best_cost) {
            best = std::move(t);
            best_cost = cost;
          }
        }
        return best;
      }
    }
    return std::nullopt;
  }

  CompiledCampaigns::Impl& impl_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<uint32_t> uses_;  // per literal: how many terms of all campaigns use it
};

// Tokenises the signal, scans it, and fills ws.candidates (sorted). Returns false when Hyperscan
// fails (cannot happen with a valid scratch; treated as no match).
bool ScanSignal(const CompiledCampaigns::Impl& impl, Workspace& ws, const ingest::Signal& s) {
  for (uint32_t l : ws.touched) ws.occ[l].clear();
  ws.touched.clear();
  if (ws.occ.size() < impl.literals.size()) {
    ws.occ.resize(impl.literals.size());
    ws.hit.resize(impl.literals.size(), 0);
  }
  if (ws.seen.size() < impl.campaigns.size()) ws.seen.resize(impl.campaigns.size(), 0);
  if (++ws.epoch == 0) {
    std::fill(ws.seen.begin(), ws.seen.end(), 0);
    std::fill(ws.hit.begin(), ws.hit.end(), 0);
    ws.epoch = 1;
  }
  ws.candidates.clear();
  if (impl.db != nullptr) {
    if (ws.scratch_generation != impl.generation) {
      if (hs_alloc_scratch(impl.db, &ws.scratch) != HS_SUCCESS) return false;
      ws.scratch_generation = impl.generation;
    }
    ws.text.Clear();
    ws.text.AppendField(s.title);
    ws.text.AppendField(s.body);
    ws.token_starts.clear();
    for (const auto& t : ws.text.tokens()) ws.token_starts.push_back(t.folded_begin);
    const std::string& buf = ws.text.folded();
    ScanContext ctx{&impl, &ws, buf.data(), buf.size()};
    if (!buf.empty() && hs_scan(impl.db, buf.data(), static_cast<unsigned>(buf.size()), 0,
                                ws.scratch, OnLiteral, &ctx) != HS_SUCCESS) {
      return false;
    }
    for (uint32_t l : ws.touched) {
      for (uint32_t c : impl.campaigns_by_literal[l]) {
        if (ws.seen[c] != ws.epoch) {
          ws.seen[c] = ws.epoch;
          ws.candidates.push_back(c);
        }
      }
    }
  } else {
    ws.text.Clear();
    ws.text.AppendField(s.title);
    ws.text.AppendField(s.body);
  }
  for (uint32_t c : impl.always_evaluate) {
    if (ws.seen[c] != ws.epoch) {
      ws.seen[c] = ws.epoch;
      ws.candidates.push_back(c);
    }
  }
  std::sort(ws.candidates.begin(), ws.candidates.end());
  ++ws.stats.signals;
  ws.stats.candidates += ws.candidates.size();
  return true;
}

}  // namespace

CompiledCampaigns::CompiledCampaigns(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledCampaigns::~CompiledCampaigns() = default;

core::Result<std::shared_ptr<const CompiledCampaigns>> CompiledCampaigns::Compile(
    std::vector<CampaignQuery> campaigns) {
  auto impl = std::make_unique<Impl>();
  impl->generation = g_next_generation.fetch_add(1);
  Compiler compiler(*impl);
  for (auto& c : campaigns) {
    auto q = ParseQuery(c.query);
    if (!q) {
      impl->errors.push_back(CampaignError{c.id, q.error().message});
      continue;
    }
    compiler.Add(std::move(c.id), *q);
  }
  compiler.Finish();
  if (!impl->literals.empty()) {
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> ids, flags;
    for (size_t i = 0; i < impl->literals.size(); ++i) {
      exprs.push_back(impl->literals[i].data());
      lens.push_back(impl->literals[i].size());
      ids.push_back(static_cast<unsigned>(i));
      flags.push_back(0);  // the scanned text is already folded; HS_FLAG_CASELESS is ASCII-only
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &impl->db,
                             &err) != HS_SUCCESS) {
      std::string msg = err != nullptr ? err->message : "unknown error";
      hs_free_compile_error(err);
      return core::Internal(
          fmt::format("Hyperscan could not compile {} terms: {}", exprs.size(), msg));
    }
    hs_database_size(impl->db, &impl->db_bytes);
  }
  return std::shared_ptr<const CompiledCampaigns>(new CompiledCampaigns(std::move(impl)));
}

std::vector<CampaignMatch> CompiledCampaigns::Match(const ingest::Signal& signal) const {
  Workspace& ws = ThreadWorkspace();
  std::vector<CampaignMatch> out;
  if (!ScanSignal(*impl_, ws, signal)) return out;
  const FlatEvaluator flat(*impl_, ws, signal);
  for (uint32_t c : ws.candidates) {
    if (!flat.Eval(impl_->campaign_root[c])) continue;
    const CCampaign& campaign = impl_->campaigns[c];
    Evaluator ev(campaign, ws);
    CampaignMatch m;
    m.campaign_id = campaign.id;
    ev.Collect(campaign.root, true, m.hits);
    std::sort(m.hits.begin(), m.hits.end());
    m.hits.erase(std::unique(m.hits.begin(), m.hits.end()), m.hits.end());
    if (m.hits.size() > kMaxHitsPerMatch) m.hits.resize(kMaxHitsPerMatch);
    out.push_back(std::move(m));
  }
  return out;
}

size_t CompiledCampaigns::CountMatches(const ingest::Signal& signal) const {
  Workspace& ws = ThreadWorkspace();
  if (!ScanSignal(*impl_, ws, signal)) return 0;
  size_t count = 0;
  const FlatEvaluator flat(*impl_, ws, signal);
  for (uint32_t c : ws.candidates) {
    if (flat.Eval(impl_->campaign_root[c])) ++count;
  }
  return count;
}

CompiledCampaigns::ThreadStats CompiledCampaigns::CurrentThreadStats() {
  return ThreadWorkspace().stats;
}

const std::vector<CampaignError>& CompiledCampaigns::errors() const {
  return impl_->errors;
}
size_t CompiledCampaigns::campaign_count() const {
  return impl_->campaigns.size();
}
size_t CompiledCampaigns::literal_count() const {
  return impl_->literals.size();
}
size_t CompiledCampaigns::database_bytes() const {
  return impl_->db_bytes;
}

}  // namespace leados::match
