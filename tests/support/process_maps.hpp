#pragma once
// Whether a file whose path contains `needle` is mapped into this process (/proc/self/maps): how
// the module tests check that a library is loaded only when it is needed.
#include <fstream>
#include <sstream>
#include <string>

namespace corridor::test {

inline bool mapped(const std::string& needle) {
  std::ifstream in("/proc/self/maps");
  std::stringstream s;
  s << in.rdbuf();
  return s.str().find(needle) != std::string::npos;
}

}  // namespace corridor::test
