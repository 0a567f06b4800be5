#pragma once
// Where tests find the shared data (../shared/data by default, CORRIDOR_DATA_DIR overrides), and
// a skip macro with a clear message when it is absent.
//
//   const auto dir = corridor::test::tntp_instance("SiouxFalls");
//   CORRIDOR_SKIP_IF_MISSING(dir);
#include <cstdlib>
#include <filesystem>
#include <string>

namespace corridor::test {

inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("CORRIDOR_DATA_DIR"); env && *env) return env;
  return CORRIDOR_DEFAULT_DATA_DIR;
}

inline std::filesystem::path tntp_instance(const std::string& name) {
  return data_dir() / "tntp" / name;
}

inline std::filesystem::path source_dir() { return CORRIDOR_SOURCE_DIR; }
inline std::filesystem::path corridor_binary() {
  return std::filesystem::path(CORRIDOR_BINARY_DIR) / "bin" / "corridor";
}

}  // namespace corridor::test

#define CORRIDOR_SKIP_IF_MISSING(path)                                                      \
  do {                                                                                      \
    if (!std::filesystem::exists(path)) {                                                   \
      GTEST_SKIP() << "shared test data not found at " << (path).string()                   \
                   << " (set CORRIDOR_DATA_DIR or -DCORRIDOR_DATA_DIR to the shared data)"; \
    }                                                                                       \
  } while (0)
