# corridor_sanitizers: interface target carrying -fsanitize flags chosen by CORRIDOR_SANITIZE.
add_library(corridor_sanitizers INTERFACE)
if(CORRIDOR_SANITIZE)
  string(REPLACE ";" "," _san "${CORRIDOR_SANITIZE}")
  target_compile_options(corridor_sanitizers INTERFACE -fsanitize=${_san} -fno-omit-frame-pointer
                                                       -fno-sanitize-recover=all)
  target_link_options(corridor_sanitizers INTERFACE -fsanitize=${_san})
  if("thread" IN_LIST CORRIDOR_SANITIZE)
    # Parallel loops on std::thread instead of the uninstrumented libtbb (core/parallel.hpp).
    target_compile_definitions(corridor_sanitizers INTERFACE CORRIDOR_PARALLEL_STD_THREADS=1)
  endif()
endif()

# corridor_add_module(NAME SOURCES... DEPS ...): one engine folder = one library target with the
# alias corridor::NAME, include root engine/ (so code writes #include "network/road_network.hpp").
function(corridor_add_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(corridor_${name} STATIC ${M_SOURCES})
  add_library(corridor::${name} ALIAS corridor_${name})
  target_include_directories(corridor_${name} PUBLIC ${PROJECT_SOURCE_DIR}/engine)
  target_link_libraries(corridor_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS} corridor_warnings
                                                                  corridor_sanitizers)
endfunction()

# corridor_add_test(NAME SOURCES... DEPS ...): one GoogleTest executable, tests discovered by CTest.
# Tests get CORRIDOR_DATA_DIR as a compile definition and an environment override at run time.
function(corridor_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} corridor_test_support GTest::gmock GTest::gtest GTest::gtest_main
                                        corridor_warnings corridor_sanitizers)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
                       "CORRIDOR_DATA_DIR=${CORRIDOR_DATA_DIR}")
endfunction()
