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
  int trigger_kid = -1;  // kAnd: the child whose literals index the campaign (Compiler::Trigger)
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

constexpr uint32_t kNoOcc = 0xFFFFFFFF;

// The id handed to Hyperscan for a literal: its index, its length (kPackedLenMask: look it up)
// and whether it may only match whole words, so the scan callback's boundary check reads no
// table. Up to kMaxLiterals literals.
constexpr uint32_t kIdShift = 11;
constexpr uint32_t kPackedLenMask = 1023;
constexpr size_t kMaxLiterals = size_t{1} << (32 - kIdShift);
uint32_t PackLiteralId(uint32_t index, uint32_t len, bool exact_only) {
  return (index << kIdShift) | (std::min(len, kPackedLenMask) << 1) | (exact_only ? 1u : 0u);
}

// One place a literal was found: its byte offset in the folded text and the field. The word index
// (for NEAR and evidence) is looked up only when needed: most hits never need it. The occurrences
// of one literal form a list through `next` in the thread's pool (newest first).
struct Occ {
  uint32_t at;
  uint32_t next;
  uint8_t field;
  bool whole;  // the literal ends at a word end (an exact match, not only a prefix)
};

// One campaign indexed under a literal (Impl::triggers), with its pre-check: up to three literals
// of which at least one must have been found too, or pre[0] == kNoPrecheck. The pre-check is read
// from the same cache lines as the index itself, so a campaign whose other condition failed
// (the common case: the topic was mentioned but not the buying words) is dropped without touching
// its tree.
constexpr uint32_t kNoPrecheck = 0xFFFFFFFF;
struct TriggerEntry {
  uint32_t campaign = 0;
  uint32_t pre[3] = {kNoPrecheck, kNoPrecheck, kNoPrecheck};
};

// Everything the scan callback needs about a literal, in one 12-byte record (one cache miss, not
// three): its length, whether it may only match whole words, and its campaigns to evaluate
// (Impl::triggers[trig_begin, trig_end)).
struct LiteralInfo {
  uint32_t len = 0;
  uint32_t trig_begin = 0;
  uint32_t trig_end : 31 = 0;
  uint32_t exact_only : 1 = 1;  // no term uses it as a prefix
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
  std::vector<uint32_t> campaign_end;   // per campaign: one past its last node in `flat`
  std::vector<std::string> filter_values;
  std::vector<std::string> literals;
  std::vector<LiteralInfo> literal_info;  // per literal
  std::vector<TriggerEntry> triggers;     // campaigns, grouped by literal (see LiteralInfo)
  std::vector<uint32_t> always_evaluate;  // campaigns that can match without a term
  hs_database_t* db = nullptr;
  size_t db_bytes = 0;

  ~Impl() { hs_free_database(db); }
};

namespace {

// Per-thread work buffers, reused from signal to signal.
struct Workspace {
  FoldedText text;  // the signal folded, without word positions
  mutable FoldedText words;  // the same with word positions (Words())
  mutable bool words_ready = false;
  const ingest::Signal* signal = nullptr;  // the signal being matched
  // Which literals this signal hit, one bit each: the test the boolean trees make most often, and
  // small enough to stay in L1 (18,530 literals at 10,000 campaigns = 2.3 KB). Cleared through
  // `touched` before the next signal.
  std::vector<uint64_t> hit_bits;
  std::vector<uint32_t> head;  // per literal: its newest occurrence in `pool` (when hit)
  std::vector<Occ> pool;           // this signal's occurrences
  std::vector<uint32_t> touched;   // literals hit by this signal
  std::vector<uint64_t> seen_bits;  // per campaign: already a candidate for this signal
  uint32_t title_end = 0;  // folded offset where the title's last word ends
  std::vector<uint32_t> candidates;
  hs_scratch_t* scratch = nullptr;
  uint64_t scratch_generation = 0;
  CompiledCampaigns::ThreadStats stats;

  ~Workspace() { hs_free_scratch(scratch); }

  bool Hit(uint32_t literal) const { return ((hit_bits[literal >> 6] >> (literal & 63)) & 1) != 0; }
  // Marks campaign c a candidate; false when it already was one.
  bool MarkCandidate(uint32_t c) {
    uint64_t& word = seen_bits[c >> 6];
    const uint64_t bit = uint64_t{1} << (c & 63);
    if ((word & bit) != 0) return false;
    word |= bit;
    return true;
  }

  // The words of the signal with their positions, made on first use (NEAR, evidence) by folding
  // the signal again with tokens: the scan itself needs only the folded text.
  const std::vector<TokenSpan>& Words() const {
    if (!words_ready) {
      words.Clear();
      words.AppendField(signal->title);
      words.AppendField(signal->body);
      words_ready = true;
    }
    return words.tokens();
  }

  // The index of the word that starts at folded offset `at`.
  uint32_t TokenAt(uint32_t at) const {
    const auto& tokens = Words();
    const auto it =
        std::lower_bound(tokens.begin(), tokens.end(), at,
                         [](const TokenSpan& t, uint32_t offset) { return t.folded_begin < offset; });
    return static_cast<uint32_t>(it - tokens.begin());
  }

  // The occurrences of a literal in this signal (empty when it was not hit).
  class Occurrences {
   public:
    class Iterator {
     public:
      Iterator(const std::vector<Occ>* pool, uint32_t at) : pool_(pool), at_(at) {}
      const Occ& operator*() const { return (*pool_)[at_]; }
      Iterator& operator++() {
        at_ = (*pool_)[at_].next;
        return *this;
      }
      bool operator!=(const Iterator& o) const { return at_ != o.at_; }

     private:
      const std::vector<Occ>* pool_;
      uint32_t at_;
    };
    Occurrences(const std::vector<Occ>* pool, uint32_t head) : pool_(pool), head_(head) {}
    Iterator begin() const { return {pool_, head_}; }
    Iterator end() const { return {pool_, kNoOcc}; }

   private:
    const std::vector<Occ>* pool_;
    uint32_t head_;
  };
  Occurrences OccurrencesOf(uint32_t literal) const {
    return {&pool, Hit(literal) ? head[literal] : kNoOcc};
  }
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

int OnLiteral(unsigned int packed, unsigned long long /*from*/, unsigned long long to,
              unsigned int /*flags*/, void* ctx_ptr) {
  auto* ctx = static_cast<ScanContext*>(ctx_ptr);
  // Most callbacks are literals found inside longer words, refused by the boundary check below;
  // the id carries what that check needs, so it touches no table (see PackLiteralId).
  const uint32_t id = packed >> kIdShift;
  uint32_t len = (packed >> 1) & kPackedLenMask;
  if (len == kPackedLenMask) len = ctx->impl->literal_info[id].len;
  const size_t start = to - len;
  // Word boundaries: the literal starts a word, and (unless used as a prefix) ends one.
  if (start > 0 && ctx->buf[start - 1] != ' ' && ctx->buf[start - 1] != '\n') return 0;
  const bool whole = to == ctx->len || ctx->buf[to] == ' ' || ctx->buf[to] == '\n';
  if (!whole && (packed & 1) != 0) return 0;
  const LiteralInfo& info = ctx->impl->literal_info[id];
  Workspace& ws = *ctx->ws;
  ++ws.stats.literal_hits;
  uint32_t& head = ws.head[id];
  if (!ws.Hit(id)) {
    ws.hit_bits[id >> 6] |= uint64_t{1} << (id & 63);
    head = kNoOcc;
    ws.touched.push_back(id);
    // The campaigns this literal triggers are read after the scan: start loading them now.
    __builtin_prefetch(ctx->impl->triggers.data() + info.trig_begin);
  }
  ws.pool.push_back(Occ{static_cast<uint32_t>(start), head,
                        static_cast<uint8_t>(start < ws.title_end ? kTitle : kBody), whole});
  head = static_cast<uint32_t>(ws.pool.size() - 1);
  return 0;
}

// An occurrence counts for a term when it is a whole word (or the term is a prefix) in the
// term's scope.
bool OccValid(const Occ& o, bool prefix, TextScope scope) {
  return (o.whole || prefix) && InScope(scope, o.field);
}

bool TermOccValid(const CTerm& t, const Occ& o) {
  return OccValid(o, t.prefix, t.scope);
}

// NEAR/n: occurrences a (of `wa` words) and b (of `wb` words) in one field with at most n words
// between them, in either order.
bool NearPair(const Workspace& ws, const Occ& a, uint32_t wa, const Occ& b, uint32_t wb, int n) {
  if (a.field != b.field) return false;
  const uint32_t a_first = ws.TokenAt(a.at), b_first = ws.TokenAt(b.at);
  const uint32_t a_last = a_first + wa - 1;
  const uint32_t b_last = b_first + wb - 1;
  if (a_last < b_first) return b_first - a_last - 1 <= static_cast<uint32_t>(n);
  if (b_last < a_first) return a_first - b_last - 1 <= static_cast<uint32_t>(n);
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
          for (const Occ& o : ws_.OccurrencesOf(t.literal)) {
            if (TermOccValid(t, o)) hits.push_back(Hit(t, o));
          }
        }
        return;
      case NodeKind::kNear:
        if (positive) {
          const CTerm& a = c_.terms[n.term];
          const CTerm& b = c_.terms[n.term2];
          for (const Occ& oa : ws_.OccurrencesOf(a.literal)) {
            if (!TermOccValid(a, oa)) continue;
            for (const Occ& ob : ws_.OccurrencesOf(b.literal)) {
              if (TermOccValid(b, ob) && NearPair(ws_, oa, a.words, ob, b.words, n.near_n)) {
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
    const auto& tokens = ws_.Words();
    const uint32_t first = ws_.TokenAt(o.at);
    return TermHit{t.display, o.field == kTitle ? MatchField::kTitle : MatchField::kBody,
                   tokens[first].begin, tokens[first + t.words - 1].end};
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
        if (!ws_.Hit(n.a) || !ws_.Hit(n.b)) return false;
        for (const Occ& oa : ws_.OccurrencesOf(n.a)) {
          if (!OccValid(oa, n.prefix_a, n.scope_a)) continue;
          for (const Occ& ob : ws_.OccurrencesOf(n.b)) {
            if (OccValid(ob, n.prefix_b, n.scope_b) &&
                NearPair(ws_, oa, n.words_a, ob, n.words_b, n.near_n))
              return true;
          }
        }
        return false;
      }
      case NodeKind::kFilter: return FilterMatches(n.filter, filters_[n.a], s_);
      case NodeKind::kNot: return !Child(i + 1);
      case NodeKind::kAnd:
        for (uint32_t k = i + 1; k < n.end; k = nodes_[k].end) {
          if (!Child(k)) return false;
        }
        return true;
      case NodeKind::kOr:
        for (uint32_t k = i + 1; k < n.end; k = nodes_[k].end) {
          if (Child(k)) return true;
        }
        return false;
    }
    return false;
  }

 private:
  // A child of AND/OR/NOT: plain terms (most children) are tested here without a call.
  bool Child(uint32_t k) const {
    const FlatNode& c = nodes_[k];
    if (c.kind == NodeKind::kTerm) return AnyValid(c.a, c.prefix_a, c.scope_a);
    return Eval(k);
  }
  bool AnyValid(uint32_t literal, bool prefix, TextScope scope) const {
    for (const Occ& o : ws_.OccurrencesOf(literal)) {
      if (OccValid(o, prefix, scope)) return true;
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
    impl_.campaigns.push_back(std::move(c));
  }

  // Indexes every campaign by a trigger set: literals such that the query cannot be true unless
  // one of them was found. For AND, the child whose literals are shared by the fewest campaigns is
  // chosen, so common words ("looking", "need") rarely make a campaign a candidate. A campaign
  // without a trigger set (pure NOT, filters only) is evaluated for every signal.
  void Finish() {
    std::vector<std::vector<TriggerEntry>> by_literal(impl_.literals.size());
    uses_.assign(impl_.literals.size(), 0);
    for (const auto& c : impl_.campaigns) {
      for (const auto& t : c.terms) ++uses_[t.literal];
    }
    for (uint32_t index = 0; index < impl_.campaigns.size(); ++index) {
      CCampaign& c = impl_.campaigns[index];
      auto trigger = Trigger(c.root, c);
      c.flat = static_cast<uint32_t>(impl_.flat.size());
      Flatten(c.root, c);
      impl_.campaign_root.push_back(c.flat);
      impl_.campaign_end.push_back(static_cast<uint32_t>(impl_.flat.size()));
      if (!trigger) {
        impl_.always_evaluate.push_back(index);
        continue;
      }
      std::sort(trigger->begin(), trigger->end());
      trigger->erase(std::unique(trigger->begin(), trigger->end()), trigger->end());
      const TriggerEntry entry = Precheck(c, index);
      for (uint32_t l : *trigger) by_literal[l].push_back(entry);
    }
    for (size_t l = 0; l < by_literal.size(); ++l) {
      LiteralInfo& info = impl_.literal_info[l];
      info.trig_begin = static_cast<uint32_t>(impl_.triggers.size());
      impl_.triggers.insert(impl_.triggers.end(), by_literal[l].begin(), by_literal[l].end());
      info.trig_end = static_cast<uint32_t>(impl_.triggers.size());
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
      LiteralInfo info;
      info.len = static_cast<uint32_t>(text.size());
      impl_.literal_info.push_back(info);
    }
    if (t.prefix) impl_.literal_info[it->second].exact_only = 0;
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
    if (n.kind == NodeKind::kAnd) {
      // Children most likely to be false first, so a candidate that fails fails fast: positive
      // children, then NOTs and filters (usually true), and last the trigger child (it was found
      // in the signal, or the campaign would not be a candidate). AND has no side effects, so the
      // order changes nothing but speed; evidence is collected from the tree in query order.
      auto rank = [&](size_t k) {
        if (static_cast<int>(k) == n.trigger_kid) return 2;
        const NodeKind kind = n.kids[k].kind;
        return kind == NodeKind::kNot || kind == NodeKind::kFilter ? 1 : 0;
      };
      for (int r = 0; r <= 2; ++r) {
        for (size_t k = 0; k < n.kids.size(); ++k) {
          if (rank(k) == r) Flatten(n.kids[k], c);
        }
      }
    } else {
      for (const auto& k : n.kids) Flatten(k, c);
    }
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
  // The pre-check of a campaign whose root is AND: among the children other than the trigger
  // child, a plain term or an OR of plain terms with at most three distinct literals, the one
  // whose literals are used least (most selective). A necessary condition only: scope and prefix
  // are checked later by the tree.
  TriggerEntry Precheck(const CCampaign& c, uint32_t index) const {
    TriggerEntry e;
    e.campaign = index;
    if (c.root.kind != NodeKind::kAnd) return e;
    uint64_t best_cost = 0;
    for (size_t k = 0; k < c.root.kids.size(); ++k) {
      if (static_cast<int>(k) == c.root.trigger_kid) continue;
      const CNode& kid = c.root.kids[k];
      std::vector<uint32_t> lits;
      if (kid.kind == NodeKind::kTerm) {
        lits.push_back(c.terms[kid.term].literal);
      } else if (kid.kind == NodeKind::kOr) {
        for (const auto& g : kid.kids) {
          if (g.kind != NodeKind::kTerm) {
            lits.clear();
            break;
          }
          lits.push_back(c.terms[g.term].literal);
        }
      }
      std::sort(lits.begin(), lits.end());
      lits.erase(std::unique(lits.begin(), lits.end()), lits.end());
      if (lits.empty() || lits.size() > 3) continue;
      uint64_t cost = 0;
      for (uint32_t l : lits) cost += uses_[l];
      if (e.pre[0] != kNoPrecheck && cost >= best_cost) continue;
      best_cost = cost;
      for (size_t i = 0; i < 3; ++i) e.pre[i] = lits[std::min(i, lits.size() - 1)];
    }
    return e;
  }

  // For AND, records the chosen child in n.trigger_kid.
  std::optional<LiteralSet> Trigger(CNode& n, const CCampaign& c) const {
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
        for (auto& k : n.kids) {
          auto t = Trigger(k, c);
          if (!t) return std::nullopt;
          all.insert(all.end(), t->begin(), t->end());
        }
        return all;
      }
      case NodeKind::kAnd: {
        std::optional<LiteralSet> best;
        uint64_t best_cost = 0;
        for (size_t k = 0; k < n.kids.size(); ++k) {
          auto t = Trigger(n.kids[k], c);
          if (!t) continue;
          uint64_t cost = 0;
          for (uint32_t l : *t) cost += uses_[l];
          if (!best || cost < best_cost) {
            best = std::move(t);
            best_cost = cost;
            n.trigger_kid = static_cast<int>(k);
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

// Tokenises the signal, scans it, and fills ws.candidates (in no particular order). Returns false when Hyperscan
// fails (cannot happen with a valid scratch; treated as no match).
bool ScanSignal(const CompiledCampaigns::Impl& impl, Workspace& ws, const ingest::Signal& s) {
  // Forget the previous signal (whatever snapshot it ran on: the arrays only ever grow).
  for (uint32_t l : ws.touched) ws.hit_bits[l >> 6] = 0;
  for (uint32_t c : ws.candidates) ws.seen_bits[c >> 6] = 0;
  ws.pool.clear();
  ws.touched.clear();
  ws.candidates.clear();
  ws.signal = &s;
  ws.words_ready = false;
  if (ws.head.size() < impl.literals.size()) {
    ws.head.resize(impl.literals.size(), kNoOcc);
    ws.hit_bits.resize((impl.literals.size() + 63) / 64, 0);
  }
  if (ws.seen_bits.size() < (impl.campaigns.size() + 63) / 64) {
    ws.seen_bits.resize((impl.campaigns.size() + 63) / 64, 0);
  }
  if (impl.db != nullptr) {
    if (ws.scratch_generation != impl.generation) {
      if (hs_alloc_scratch(impl.db, &ws.scratch) != HS_SUCCESS) return false;
      ws.scratch_generation = impl.generation;
    }
    ws.text.Clear();
    ws.text.AppendField(s.title, /*with_tokens=*/false);
    ws.title_end = static_cast<uint32_t>(ws.text.folded().size());
    ws.text.AppendField(s.body, /*with_tokens=*/false);
    const std::string& buf = ws.text.folded();
    ScanContext ctx{&impl, &ws, buf.data(), buf.size()};
    if (!buf.empty() && hs_scan(impl.db, buf.data(), static_cast<unsigned>(buf.size()), 0,
                                ws.scratch, OnLiteral, &ctx) != HS_SUCCESS) {
      return false;
    }
    for (uint32_t l : ws.touched) {
      const LiteralInfo& info = impl.literal_info[l];
      for (uint32_t k = info.trig_begin; k < info.trig_end; ++k) {
        const TriggerEntry& e = impl.triggers[k];
        if (e.pre[0] != kNoPrecheck && !ws.Hit(e.pre[0]) && !ws.Hit(e.pre[1]) &&
            !ws.Hit(e.pre[2])) {
          continue;
        }
        if (ws.MarkCandidate(e.campaign)) ws.candidates.push_back(e.campaign);
      }
    }
  } else {
    ws.text.Clear();
    ws.text.AppendField(s.title);
    ws.text.AppendField(s.body);
  }
  for (uint32_t c : impl.always_evaluate) {
    if (ws.MarkCandidate(c)) ws.candidates.push_back(c);
  }
  // Each candidate's tree sits somewhere in a flat array of megabytes: start loading them all now,
  // so the evaluations that follow do not wait for memory one after another (measured: the load
  // of a candidate's root node was the largest single cost of matching at 10,000 campaigns).
  for (uint32_t c : ws.candidates) {
    const auto* first = reinterpret_cast<const char*>(impl.flat.data() + impl.campaign_root[c]);
    const auto* last = reinterpret_cast<const char*>(impl.flat.data() + impl.campaign_end[c]);
    for (const char* p = first; p < last; p += 64) __builtin_prefetch(p);
  }
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
  if (impl->literals.size() > kMaxLiterals) {
    return core::Internal(fmt::format("{} distinct terms: more than the {} one database can hold",
                                      impl->literals.size(), kMaxLiterals));
  }
  if (!impl->literals.empty()) {
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> ids, flags;
    for (size_t i = 0; i < impl->literals.size(); ++i) {
      exprs.push_back(impl->literals[i].data());
      lens.push_back(impl->literals[i].size());
      const LiteralInfo& info = impl->literal_info[i];
      ids.push_back(PackLiteralId(static_cast<uint32_t>(i), info.len, info.exact_only != 0));
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
  std::sort(ws.candidates.begin(), ws.candidates.end());  // results in campaign order
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
