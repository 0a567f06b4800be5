# corridor_warnings: an interface target every project target links. Errors when CORRIDOR_WERROR
# is on (CI turns it on through the presets).
add_library(corridor_warnings INTERFACE)
target_compile_options(corridor_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  # GCC 12 reports false -Wrestrict positives on std::string concatenation (GCC PR 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${CORRIDOR_WERROR}>:-Werror>)
# With sanitizers GCC 12 reports false -Wmaybe-uninitialized inside libstdc++ (<regex>,
# std::function): the instrumentation defeats its flow analysis.
if(CORRIDOR_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(corridor_warnings INTERFACE -Wno-maybe-uninitialized)
endif()
