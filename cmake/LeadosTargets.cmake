# Helpers every module uses, so that flags and test registration stay in one place.

# Flags for all project code (not third-party).
add_library(leados_flags INTERFACE)
# -Wmaybe-uninitialized is off: g++ 12 reports false positives inside libstdc++ (std::variant,
# std::regex, std::function) at -O1 with sanitizers, which -Werror would turn into failures.
target_compile_options(leados_flags INTERFACE -Wall -Wextra -Wno-missing-field-initializers
                                              $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
if(LEADOS_WERROR)
  target_compile_options(leados_flags INTERFACE -Werror)
endif()
if(LEADOS_SANITIZE)
  target_compile_options(leados_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                -fno-sanitize-recover=undefined)
  target_link_options(leados_flags INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(leados_flags INTERFACE ${PROJECT_SOURCE_DIR}/src)
# Linking with lld (Debian package lld, scripts/install-deps.sh) when g++ builds and it is
# installed: a Debug test executable (ASan+UBSan) linked in 1.0 CPU-s with lld against 2.8 with GNU
# ld (api_billing_test, 2026-11-30), and make test links about 70 executables. clang's fuzz build
# keeps its default linker. -DLEADOS_LLD=OFF goes back to GNU ld.
option(LEADOS_LLD "Link with lld when it is installed (g++ builds)" ON)
find_program(LEADOS_LD_LLD ld.lld)
if(LEADOS_LLD AND LEADOS_LD_LLD AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_link_options(leados_flags INTERFACE -fuse-ld=lld)
endif()
# Some pkg-config files (SQLite's) add this; defining it everywhere keeps every translation unit's
# macros alike, which the precompiled headers below need (it is already the default on 64-bit).
target_compile_definitions(leados_flags INTERFACE _FILE_OFFSET_BITS=64)

# Precompiled headers (g++ only; clang's fuzz build goes without). Measured on the Debug build
# (ASan+UBSan, -O0 -g at the time): parsing is about a third of a translation unit's time and the same standard,
# fmt, Boost.JSON and GoogleTest headers are parsed again in each of ~300 files. Two headers are
# compiled once per build: one for the module libraries and one for the tests, and every target
# reuses one of them (REUSE_FROM), so the per-target cost is nil. A header built with macros
# a file does not have is refused by g++ (-Winvalid-pch, an error under -Werror): the producers
# link exactly what leados_core links, which every module and test also links.
option(LEADOS_PCH "Precompile the common headers (g++ only)" ON)
set(LEADOS_USE_PCH OFF)
if(LEADOS_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(LEADOS_USE_PCH ON)
endif()
set(LEADOS_PCH_HEADERS <algorithm> <array> <atomic> <chrono> <cstdint> <filesystem> <fstream>
    <functional> <map> <memory> <mutex> <optional> <set> <sstream> <string> <string_view> <thread>
    <unordered_map> <utility> <variant> <vector> <expected> <fmt/format.h> <boost/json.hpp>)

# leados_pch_producer(<name> HEADERS ... DEPS ...): the one target whose precompiled header the others reuse.
function(leados_pch_producer name)
  cmake_parse_arguments(ARG "" "" "HEADERS;DEPS" ${ARGN})
  set(stub ${CMAKE_BINARY_DIR}/${name}_stub.cc)
  if(NOT EXISTS ${stub})
    file(WRITE ${stub} "// The precompiled header's producer: no code of its own.\n")
  endif()
  add_library(${name} OBJECT ${stub})
  target_link_libraries(${name} PRIVATE leados_flags leados_dep_boost leados_dep_openssl leados_dep_log
                                        leados_dep_toml ${ARG_DEPS})
  target_precompile_headers(${name} PRIVATE ${ARG_HEADERS})
endfunction()

# leados_use_pch(<target> lib|test): makes the target reuse the library or test precompiled header.
function(leados_use_pch target kind)
  if(NOT LEADOS_USE_PCH)
    return()
  endif()
  if(kind STREQUAL "test")
    if(NOT TARGET leados_pch_test)
      leados_pch_producer(leados_pch_test
        HEADERS ${LEADOS_PCH_HEADERS} <gtest/gtest.h> <gmock/gmock.h>
        DEPS GTest::gtest GTest::gmock)
    endif()
    target_precompile_headers(${target} REUSE_FROM leados_pch_test)
  else()
    if(NOT TARGET leados_pch_lib)
      leados_pch_producer(leados_pch_lib HEADERS ${LEADOS_PCH_HEADERS})
    endif()
    target_precompile_headers(${target} REUSE_FROM leados_pch_lib)
  endif()
endfunction()

# leados_module(NAME SOURCES ... DEPS ...): a static library leados_<NAME> for src/<NAME>.
function(leados_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(leados_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(leados_${name} PUBLIC leados_flags ${ARG_DEPS})
  leados_use_pch(leados_${name} lib)
endfunction()

# leados_test(NAME SOURCES ... DEPS ... [LABELS ...] [TIMEOUT s] [COST n]): a GoogleTest binary registered with CTest.
# Tests get LEADOS_SHARED and the throwaway servers' URLs from the environment (scripts/test-services.sh).
function(leados_test name)
  if(NOT LEADOS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "TIMEOUT;COST" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE leados_flags ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  leados_use_pch(${name} test)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  # Lists passed through gtest_discover_tests' PROPERTIES must have their ';' escaped, or only
  # the first element survives.
  string(REPLACE ";" "\\;" escaped_labels "${ARG_LABELS}")
  # COST: a relative run time; CTest starts costlier tests first, so a few long process tests
  # overlap the many short ones instead of running last (a clean clone has no timing history).
  if(NOT ARG_COST)
    set(ARG_COST 0)
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${escaped_labels}" TIMEOUT ${ARG_TIMEOUT} COST ${ARG_COST}
               ENVIRONMENT "LEADOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# leados_test_library(NAME SOURCES ... DEPS ... [DEFINES ...]): support code several test executables
# share (store::testing, the API fixture, the process-test installation), compiled once into a static
# library instead of once per executable. Measured on the clean-clone CI build of 2026-11-30
# (.ninja_log): the shared sources were compiled 50 times, 245 CPU-s of the Debug build's 2,667.
function(leados_test_library name)
  if(NOT LEADOS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;DEFINES" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC leados_flags ${ARG_DEPS} GTest::gtest GTest::gmock)
  if(ARG_DEFINES)
    target_compile_definitions(${name} PRIVATE ${ARG_DEFINES})
  endif()
  leados_use_pch(${name} test)
endfunction()

# leados_bench(NAME SOURCES ... DEPS ... [OWN_MAIN]): a Google Benchmark binary (make bench runs them all).
function(leados_bench name)
  if(NOT LEADOS_BUILD_BENCH)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  # benchmark_main supplies main(); a suite with its own main passes OWN_MAIN.
  if(ARG_OWN_MAIN)
    target_link_libraries(${name} PRIVATE leados_flags ${ARG_DEPS} benchmark::benchmark)
  else()
    target_link_libraries(${name} PRIVATE leados_flags ${ARG_DEPS} benchmark::benchmark_main)
  endif()
  set_property(GLOBAL APPEND PROPERTY LEADOS_BENCHES ${name})
endfunction()

# leados_fuzz_smoke(<fuzz target> CORPUS <seed folder> RUNS <n> [LABEL <label>])
# The short libFuzzer run that `make test` does for a fuzz target. It is deterministic on purpose:
# a fixed seed, a fixed number of runs and a fresh work folder each time, so CI explores exactly the
# inputs a local `make test` explored and a pass here means a pass there. Longer, random-seeded
# fuzzing is `make fuzz`. Inputs that once crashed live in the seed folder, so every run replays them.
function(leados_fuzz_smoke target)
  cmake_parse_arguments(F "" "CORPUS;RUNS;LABEL" "" ${ARGN})
  if(NOT F_LABEL)
    set(F_LABEL fuzz)
  endif()
  set(work ${CMAKE_CURRENT_BINARY_DIR}/${target}-work)
  add_test(NAME ${target}_smoke
           COMMAND sh -c "rm -rf '${work}' && mkdir -p '${work}' && exec '$<TARGET_FILE:${target}>' -seed=1 -runs=${F_RUNS} -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix='${work}/' '${work}' '${F_CORPUS}'")
  set_tests_properties(${target}_smoke PROPERTIES LABELS ${F_LABEL} TIMEOUT 240)
endfunction()
