# Feed and connector parsing (issue 5). Included by src/ingest/CMakeLists.txt.
set(INGEST_PARSE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/text_encoding.cc
  ${CMAKE_CURRENT_LIST_DIR}/html_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/feed_dates.cc
  ${CMAKE_CURRENT_LIST_DIR}/url_canon.cc
  ${CMAKE_CURRENT_LIST_DIR}/language.cc
  ${CMAKE_CURRENT_LIST_DIR}/parsed_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/feed_parser.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_feed.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_fields.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_feed.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_hackernews.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_reddit.cc
  ${CMAKE_CURRENT_LIST_DIR}/job_posting.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_greenhouse.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_lever.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_ashby.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_jsonld.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_jsonl.cc
  ${CMAKE_CURRENT_LIST_DIR}/feed_cli.cc
)
set(INGEST_PARSE_TESTS
)
set(INGEST_PARSE_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/feed_realworld_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/connectors_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/connector_jsonld_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/feed_parser_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/text_utils_test.cc
)

# libFuzzer targets for the feed parser and each JSON connector (clang only, LEADOS_BUILD_FUZZ=ON).
# The module library itself is instrumented so the fuzzer sees coverage inside it.
if(LEADOS_BUILD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address)
  add_subdirectory(${CMAKE_CURRENT_LIST_DIR}/fuzz ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
endif()
