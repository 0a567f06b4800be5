#include "core/hash.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "core/error.hpp"

namespace corridor {

ContentHash& ContentHash::add(std::string_view bytes) {
  for (const char c : bytes) {
    h_ ^= static_cast<unsigned char>(c);
    h_ *= 0x100000001b3ULL;
  }
  // Separator so that add("ab").add("c") differs from add("a").add("bc").
  h_ ^= 0xff;
  h_ *= 0x100000001b3ULL;
  return *this;
}

ContentHash& ContentHash::add_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return add(text);
}

std::string ContentHash::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

std::string hash_file_hex(const std::filesystem::path& path) {
  return ContentHash().add_file(path).hex();
}

}  // namespace corridor
