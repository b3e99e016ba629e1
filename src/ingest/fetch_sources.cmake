# The outgoing HTTP fetcher (issue 5). Included by src/ingest/CMakeLists.txt.
# ssrf_guard.cc and http_client.cc form leados_ingest_http (src/ingest/CMakeLists.txt).
set(INGEST_FETCH_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/host_rate_limiter.cc
  ${CMAKE_CURRENT_LIST_DIR}/robots.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetcher.cc
)
set(INGEST_FETCH_TESTS
  ${CMAKE_CURRENT_LIST_DIR}/ssrf_guard_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/http_client_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/host_rate_limiter_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/robots_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/fetcher_test.cc
)

# ingest_fetch_test runs against the local fixture server (tests/support, target
# leados_fixture_server, defined later in the tree: target names resolve at generate time).
# src/ingest/CMakeLists.txt creates the test target after including this file, so the link is
# deferred to the end of this directory.
function(leados_ingest_fetch_link_fixture_server)
  if(TARGET ingest_fetch_test)
    target_link_libraries(ingest_fetch_test PRIVATE leados_fixture_server)
  endif()
endfunction()
cmake_language(DEFER CALL leados_ingest_fetch_link_fixture_server)
