// Sign-in throughput at the production argon2id cost (19 MiB, t=2, p=1): one verification per
// iteration; run with --benchmark_filter=Verify and threads to see the machine's ceiling.
#include <benchmark/benchmark.h>

#include "accounts/password_hasher.h"

namespace leados::accounts {
namespace {

void BM_PasswordVerify(benchmark::State& state) {
  static PasswordHasher hasher;
  static const std::string hash = *hasher.Hash("plum-orbit-ladder-91");
  for (auto _ : state) {
    auto ok = hasher.Verify(hash, "plum-orbit-ladder-91");
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PasswordVerify)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(1)->Threads(2);

}  // namespace
}  // namespace leados::accounts
