#include "enrich/aho_corasick.h"

#include <cassert>
#include <deque>

namespace leados::enrich {

int AhoCorasick::Add(std::string_view pattern) {
  assert(!pattern.empty());
  auto [it, inserted] =
      index_.try_emplace(std::string(pattern), static_cast<int>(patterns_.size()));
  if (inserted) {
    patterns_.emplace_back(pattern);
    lengths_.push_back(static_cast<uint32_t>(pattern.size()));
  }
  return it->second;
}

void AhoCorasick::Build() {
  // Byte classes: one per byte that occurs in a pattern, class 0 for every other byte.
  std::fill(std::begin(byte_class_), std::end(byte_class_), 0);
  classes_ = 1;
  for (const auto& p : patterns_) {
    for (unsigned char c : p) {
      if (byte_class_[c] == 0) byte_class_[c] = static_cast<uint8_t>(classes_++);
    }
  }
  // classes_ <= 256 always; a pattern set using all 255 non-zero bytes still fits in uint8_t.
  delta_.assign(classes_, -1);
  output_.assign(1, -1);
  for (size_t p = 0; p < patterns_.size(); ++p) {
    int32_t s = 0;
    for (unsigned char c : patterns_[p]) {
      size_t slot = static_cast<size_t>(s) * classes_ + byte_class_[c];
      if (delta_[slot] < 0) {
        int32_t n = static_cast<int32_t>(output_.size());
        delta_[slot] = n;
        output_.push_back(-1);
        delta_.resize(delta_.size() + classes_, -1);
      }
      s = delta_[static_cast<size_t>(s) * classes_ + byte_class_[c]];
    }
    output_[s] = static_cast<int32_t>(p);
  }
  assert(output_.size() <= static_cast<size_t>(kStateMask));  // state ids leave room for flags
  // The trie's own edges, before failure transitions fill the other slots.
  std::vector<bool> trie_edge(delta_.size());
  for (size_t slot = 0; slot < delta_.size(); ++slot) trie_edge[slot] = delta_[slot] >= 0;
  // Breadth-first: failure links, then complete the transition table into a DFA.
  std::vector<int32_t> fail(output_.size(), 0);
  dict_link_.assign(output_.size(), 0);
  std::deque<int32_t> queue;
  std::vector<int32_t> order{0};  // states in breadth-first order
  for (size_t c = 0; c < classes_; ++c) {
    int32_t& t = delta_[c];
    if (t < 0) {
      t = 0;
    } else {
      fail[t] = 0;
      queue.push_back(t);
    }
  }
  while (!queue.empty()) {
    int32_t s = queue.front();
    queue.pop_front();
    order.push_back(s);
    int32_t f = fail[s];
    dict_link_[s] = output_[f] >= 0 ? f : dict_link_[f];
    for (size_t c = 0; c < classes_; ++c) {
      size_t slot = static_cast<size_t>(s) * classes_ + c;
      int32_t t = delta_[slot];
      int32_t via_fail = delta_[static_cast<size_t>(f) * classes_ + c];
      if (t < 0) {
        delta_[slot] = via_fail;
      } else {
        fail[t] = via_fail;
        queue.push_back(t);
      }
    }
  }
  // Renumber states breadth-first: scanning text mostly visits shallow states, which then sit
  // together at the start of the table and stay in cache (measured in bench/enrich).
  std::vector<int32_t> new_id(order.size());
  for (size_t k = 0; k < order.size(); ++k) new_id[order[k]] = static_cast<int32_t>(k);
  std::vector<int32_t> delta(delta_.size()), output(output_.size()), dict(dict_link_.size());
  for (size_t k = 0; k < order.size(); ++k) {
    int32_t old = order[k];
    for (size_t c = 0; c < classes_; ++c) {
      size_t slot = static_cast<size_t>(old) * classes_ + c;
      delta[k * classes_ + c] = new_id[delta_[slot]] | (trie_edge[slot] ? kTrieFlag : 0);
    }
    output[k] = output_[old];
    dict[k] = new_id[dict_link_[old]];
  }
  delta_ = std::move(delta);
  output_ = std::move(output);
  dict_link_ = std::move(dict);
  for (int32_t& t : delta_) {
    int32_t target = t & kStateMask;
    if (output_[target] >= 0 || dict_link_[target] > 0) t |= kEmitsFlag;
  }
  index_.clear();
  patterns_.clear();
  patterns_.shrink_to_fit();
}

}  // namespace leados::enrich
