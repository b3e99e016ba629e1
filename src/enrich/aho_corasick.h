#pragma once
// A multi-pattern literal matcher (Aho-Corasick compiled to a dense DFA over byte classes).
// Patterns are byte strings, matched exactly (fold text and patterns first: text_scan.h).
// Chosen over Hyperscan literal mode because our dictionaries are small (a few thousand patterns),
// must be checked for word boundaries and capitalisation after each hit anyway, and the dense DFA
// scans 1 KB in about a microsecond with no library call overhead (bench/enrich).
// Build once, then Scan from any number of threads (Scan is const and keeps no state).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leados::enrich {

class AhoCorasick {
 public:
  // Adds a pattern (non-empty) and returns its index; adding the same bytes again returns the
  // first index. Must be called before Build.
  int Add(std::string_view pattern);
  // Compiles the automaton. Call once after the last Add.
  void Build();

  size_t pattern_count() const { return lengths_.size(); }
  size_t pattern_length(int index) const { return lengths_[index]; }
  size_t state_count() const { return output_.size(); }

  // Calls on_match(pattern_index, start, end) for every occurrence (overlaps included), in order
  // of end position. Requires Build.
  template <typename F>
  void Scan(std::string_view text, F&& on_match) const {
    if (lengths_.empty()) return;
    int32_t s = 0;
    const int32_t* delta = delta_.data();
    for (size_t i = 0; i < text.size(); ++i) {
      int32_t v = delta[static_cast<size_t>(s) * classes_ +
                        byte_class_[static_cast<unsigned char>(text[i])]];
      s = v & kStateMask;
      if ((v & kEmitsFlag) == 0) continue;  // one table read per byte on the common path
      for (int32_t u = output_[s] >= 0 ? s : dict_link_[s]; u > 0; u = dict_link_[u]) {
        int p = output_[u];
        on_match(p, i + 1 - lengths_[p], i + 1);
      }
    }
  }

  // Calls on_match(pattern_index, start, end) for every occurrence that starts at a position
  // where can_start(start) is true, in order of start, then shortest first. The same occurrences
  // as Scan filtered by start, but when starts are few (word starts: text_scan.h IsWordStart) much
  // faster: each start walks the pattern trie only as far as some pattern continues, over the
  // shallow, cache-resident states, instead of one dependent table read per byte through states
  // all over a large table (bench/enrich). Requires Build.
  template <typename C, typename F>
  void ScanFrom(std::string_view text, C&& can_start, F&& on_match) const {
    if (lengths_.empty()) return;
    const int32_t* delta = delta_.data();
    for (size_t start = 0; start < text.size(); ++start) {
      if (!can_start(start)) continue;
      int32_t s = 0;
      for (size_t i = start; i < text.size(); ++i) {
        int32_t v = delta[static_cast<size_t>(s) * classes_ +
                          byte_class_[static_cast<unsigned char>(text[i])]];
        if ((v & kTrieFlag) == 0) break;  // no pattern continues from here with this byte
        s = v & kStateMask;
        if ((v & kEmitsFlag) != 0 && output_[s] >= 0) on_match(output_[s], start, i + 1);
      }
    }
  }

 private:
  // A transition's target state, with kEmitsFlag set when that state ends some pattern (itself or
  // through its dictionary links), so Scan touches the output tables only on hits; and kTrieFlag
  // set when the transition is an edge of the pattern trie (the target is one byte deeper), not a
  // fall-back through a failure link, so ScanFrom can stop where the patterns do.
  static constexpr int32_t kEmitsFlag = 1 << 30;
  static constexpr int32_t kTrieFlag = 1 << 29;
  static constexpr int32_t kStateMask = kTrieFlag - 1;
  std::unordered_map<std::string, int> index_;  // build-time only
  std::vector<std::string> patterns_;           // build-time only
  std::vector<uint32_t> lengths_;
  uint8_t byte_class_[256] = {};
  size_t classes_ = 1;
  std::vector<int32_t> delta_;      // state * classes_ + class -> next state
  std::vector<int32_t> output_;     // pattern ending exactly at this state, or -1
  std::vector<int32_t> dict_link_;  // nearest proper suffix state with an output, or 0
};

}  // namespace leados::enrich
