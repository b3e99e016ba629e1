// The main of accounts_bench (leados_bench links Google Benchmark without its main).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
