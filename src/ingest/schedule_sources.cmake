# Sources, runners and the scheduler (issue 5). Included by src/ingest/CMakeLists.txt.
set(INGEST_SCHEDULE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/source.cc
  ${CMAKE_CURRENT_LIST_DIR}/sources_file.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_store.cc
  ${CMAKE_CURRENT_LIST_DIR}/signal_deduper.cc
  ${CMAKE_CURRENT_LIST_DIR}/poll_schedule.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_feed.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_hn.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_reddit.cc
  ${CMAKE_CURRENT_LIST_DIR}/reddit_token.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_greenhouse.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_lever.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_ashby.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_jobpage.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_runner_jsonl.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_scheduler.cc
)
# ingest_sources_test: source validation and the sources file, SourceStore on both database
# backends, and the scheduler driving every runner against the local fixture server
# (tests/support) serving ../shared/fixtures byte for byte.
set(INGEST_SCHEDULE_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/source_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_store_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_scheduler_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/source_faults_test.cc
)

function(leados_ingest_sources_link_fixture_server)
  if(TARGET ingest_sources_test)
    target_link_libraries(ingest_sources_test PRIVATE leados_fixture_server leados_store_test_support)
  endif()
endfunction()
cmake_language(DEFER CALL leados_ingest_sources_link_fixture_server)
