#include "store/memory_queue.h"

namespace leados::store {

core::Result<std::string> MemoryQueue::Enqueue(std::string_view topic, std::string_view body,
                                               core::Duration delay) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  std::string id = ids_.NewId("msg");
  {
    std::lock_guard lock(mu_);
    auto& t = topics_[std::string(topic)];
    t.live.emplace(next_seq_++, Entry{Message{id, std::string(topic), std::string(body), 0},
                                      clock_.Now() + std::max(delay, core::Duration::zero())});
  }
  changed_.notify_all();
  return id;
}

std::vector<Message> MemoryQueue::ClaimLocked(Topic& t, std::string_view consumer, size_t max,
                                              core::Duration visibility) {
  (void)consumer;
  std::vector<Message> out;
  auto now = clock_.Now();
  for (auto it = t.live.begin(); it != t.live.end() && out.size() < max;) {
    Entry& e = it->second;
    if (e.visible_at > now) {
      ++it;
      continue;
    }
    if (e.message.attempts + 1 > options_.max_attempts) {
      t.dead.push_back(e.message);
      it = t.live.erase(it);
      continue;
    }
    ++e.message.attempts;
    e.visible_at = now + visibility;
    out.push_back(e.message);
    ++it;
  }
  return out;
}

core::Result<std::vector<Message>> MemoryQueue::Claim(std::string_view topic,
                                                      std::string_view consumer, size_t max,
                                                      core::Duration visibility,
                                                      core::Duration wait) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  if (max == 0) return std::vector<Message>();
  if (visibility <= core::Duration::zero()) {
    return core::InvalidArgument("the visibility timeout must be positive");
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  std::unique_lock lock(mu_);
  while (true) {
    auto out = ClaimLocked(topics_[std::string(topic)], consumer, max, visibility);
    if (!out.empty() || std::chrono::steady_clock::now() >= deadline) return out;
    // Wake on changes, and now and then in case a test advanced the manual clock.
    changed_.wait_until(
        lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(20)));
  }
}

core::Status MemoryQueue::Ack(std::string_view topic, std::string_view message_id) {
  if (auto st = internal::CheckTopic(topic); !st) return st;
  std::lock_guard lock(mu_);
  auto t = topics_.find(topic);
  if (t == topics_.end()) return core::Ok();
  std::erase_if(t->second.live, [&](const auto& kv) { return kv.second.message.id == message_id; });
  return core::Ok();
}

core::Status MemoryQueue::RetryLater(std::string_view topic, std::string_view message_id,
                                     core::Duration delay) {
  if (auto st = internal::CheckTopic(topic); !st) return st;
  {
    std::lock_guard lock(mu_);
    auto t = topics_.find(topic);
    if (t != topics_.end()) {
      for (auto it = t->second.live.begin(); it != t->second.live.end(); ++it) {
        if (it->second.message.id != message_id) continue;
        if (it->second.message.attempts >= options_.max_attempts) {
          t->second.dead.push_back(it->second.message);
          t->second.live.erase(it);
        } else {
          it->second.visible_at = clock_.Now() + std::max(delay, core::Duration::zero());
        }
        changed_.notify_all();
        return core::Ok();
      }
    }
  }
  return core::NotFound("no message " + std::string(message_id) + " in queue " +
                        std::string(topic) + " (acked, dead-lettered or never enqueued)");
}

core::Result<std::vector<Message>> MemoryQueue::DeadLetters(std::string_view topic, size_t limit) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  std::vector<Message> out;
  auto t = topics_.find(topic);
  if (t == topics_.end()) return out;
  for (const Message& m : t->second.dead) {
    if (out.size() >= limit) break;
    out.push_back(m);
  }
  return out;
}

core::Result<int64_t> MemoryQueue::Depth(std::string_view topic) {
  if (auto st = internal::CheckTopic(topic); !st) return core::Fail(st.error());
  std::lock_guard lock(mu_);
  auto t = topics_.find(topic);
  return t == topics_.end() ? 0 : static_cast<int64_t>(t->second.live.size());
}

}  // namespace leados::store
