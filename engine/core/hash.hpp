#pragma once
// Content hashes for caching and provenance: 64-bit FNV-1a, printed as 16 hex digits. Not a
// cryptographic hash; it identifies inputs (files, scenario definitions) so finished work can be
// recognised and outputs can say exactly what they came from.
//
//   corridor::ContentHash h;
//   h.add(file_text).add("threads-independent");
//   std::string id = h.hex();
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace corridor {

class ContentHash {
 public:
  ContentHash& add(std::string_view bytes);
  ContentHash& add_file(const std::filesystem::path& path);  // throws Error if unreadable
  [[nodiscard]] std::uint64_t value() const { return h_; }
  [[nodiscard]] std::string hex() const;

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::string hash_file_hex(const std::filesystem::path& path);

}  // namespace corridor
