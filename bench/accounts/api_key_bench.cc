// What API-key authentication costs per request before any I/O: the offline format check, the
// SHA-256 of the key, and a hash-map lookup standing in for the cache/table lookup.
#include <benchmark/benchmark.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "accounts/api_key.h"

namespace leados::accounts {
namespace {

void BM_ApiKeyAuthenticate(benchmark::State& state) {
  std::unordered_map<std::string, int> by_hash;
  std::vector<std::string> keys;
  for (int i = 0; i < 10'000; ++i) {
    GeneratedApiKey key = GenerateApiKey(ApiKeyEnv::kLive);
    by_hash.emplace(key.sha256_hex, i);
    keys.push_back(key.plaintext);
  }
  size_t i = 0;
  for (auto _ : state) {
    const std::string& key = keys[i++ % keys.size()];
    auto env = ValidateApiKeyFormat(key);
    auto it = by_hash.find(HashApiKey(key));
    benchmark::DoNotOptimize(env);
    benchmark::DoNotOptimize(it);
  }
}
BENCHMARK(BM_ApiKeyAuthenticate);

void BM_ApiKeyFormatCheckOnly(benchmark::State& state) {
  std::string key = GenerateApiKey(ApiKeyEnv::kLive).plaintext;
  for (auto _ : state) benchmark::DoNotOptimize(ValidateApiKeyFormat(key));
}
BENCHMARK(BM_ApiKeyFormatCheckOnly);

}  // namespace
}  // namespace leados::accounts
