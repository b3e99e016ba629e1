# Every third-party dependency, found once, exposed as a target named leados_dep_<name>.
# Modules link these names; nothing else in the tree calls find_package or pkg_check_modules.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS url json)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CURL REQUIRED)

pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(LIBHS REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(FASTTEXT REQUIRED IMPORTED_TARGET fasttext)
pkg_check_modules(LIBOATH REQUIRED IMPORTED_TARGET liboath)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)

add_library(leados_dep_boost INTERFACE)
target_link_libraries(leados_dep_boost INTERFACE Boost::headers Boost::url Boost::json Threads::Threads)
target_compile_definitions(leados_dep_boost INTERFACE BOOST_ASIO_NO_DEPRECATED)

add_library(leados_dep_openssl INTERFACE)
target_link_libraries(leados_dep_openssl INTERFACE OpenSSL::SSL OpenSSL::Crypto)

add_library(leados_dep_log INTERFACE)
target_link_libraries(leados_dep_log INTERFACE spdlog::spdlog fmt::fmt)

add_library(leados_dep_toml INTERFACE)
target_link_libraries(leados_dep_toml INTERFACE tomlplusplus::tomlplusplus)

add_library(leados_dep_curl INTERFACE)
target_link_libraries(leados_dep_curl INTERFACE CURL::libcurl)

add_library(leados_dep_sodium INTERFACE)
target_link_libraries(leados_dep_sodium INTERFACE PkgConfig::SODIUM)

# SOCI ships no CMake package on Debian 12; its PostgreSQL header needs libpq's include folder.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_PG_LIB soci_postgresql REQUIRED)
add_library(leados_dep_soci INTERFACE)
target_include_directories(leados_dep_soci SYSTEM INTERFACE ${SOCI_INCLUDE_DIR} /usr/include/postgresql)
target_link_libraries(leados_dep_soci INTERFACE ${SOCI_SQLITE_LIB} ${SOCI_PG_LIB} ${SOCI_CORE_LIB}
                                                PkgConfig::SQLITE3 PkgConfig::LIBPQ ${CMAKE_DL_LIBS})

add_library(leados_dep_hiredis INTERFACE)
target_link_libraries(leados_dep_hiredis INTERFACE PkgConfig::HIREDIS)
add_library(leados_dep_hyperscan INTERFACE)
target_link_libraries(leados_dep_hyperscan INTERFACE PkgConfig::LIBHS)
add_library(leados_dep_pugixml INTERFACE)
target_link_libraries(leados_dep_pugixml INTERFACE PkgConfig::PUGIXML)
add_library(leados_dep_gumbo INTERFACE)
target_link_libraries(leados_dep_gumbo INTERFACE PkgConfig::GUMBO)
add_library(leados_dep_fasttext INTERFACE)
target_link_libraries(leados_dep_fasttext INTERFACE PkgConfig::FASTTEXT)
add_library(leados_dep_oath INTERFACE)
target_link_libraries(leados_dep_oath INTERFACE PkgConfig::LIBOATH)
add_library(leados_dep_qrencode INTERFACE)
target_link_libraries(leados_dep_qrencode INTERFACE PkgConfig::QRENCODE)

# CLD2 (language detection) has neither pkg-config nor CMake files on Debian.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h)
find_library(CLD2_LIB cld2)
add_library(leados_dep_cld2 INTERFACE)
if(CLD2_INCLUDE_DIR AND CLD2_LIB)
  target_include_directories(leados_dep_cld2 SYSTEM INTERFACE ${CLD2_INCLUDE_DIR})
  target_link_libraries(leados_dep_cld2 INTERFACE ${CLD2_LIB})
endif()

find_path(HPDF_INCLUDE_DIR hpdf.h)
find_library(HPDF_LIB hpdf)
add_library(leados_dep_hpdf INTERFACE)
if(HPDF_INCLUDE_DIR AND HPDF_LIB)
  target_include_directories(leados_dep_hpdf SYSTEM INTERFACE ${HPDF_INCLUDE_DIR})
  target_link_libraries(leados_dep_hpdf INTERFACE ${HPDF_LIB})
endif()

if(LEADOS_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LEADOS_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

find_package(ZLIB REQUIRED)
add_library(leados_dep_zlib INTERFACE)
target_link_libraries(leados_dep_zlib INTERFACE ZLIB::ZLIB)
