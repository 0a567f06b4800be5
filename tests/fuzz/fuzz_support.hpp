#pragma once
// Helpers shared by the libFuzzer targets in tests/fuzz.
//
// Every target feeds bytes to one reader and accepts exactly two outcomes: a parsed value, or a
// corridor::InputError (the reader rejected the input with a message). Anything else — a crash,
// a sanitizer report, another exception type, a leak, a hang or a huge allocation — is a finding.
//
// Readers that only take a path get the bytes through a per-process scratch folder. Inputs for
// multi-file formats (GMNS, lines) are split on lines "#=== name ===" into files of that name.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// A scratch folder for this process, emptied on every call.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "corridor-fuzz-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

inline std::filesystem::path write_file(const std::filesystem::path& dir, const std::string& name,
                                        std::string_view bytes) {
  const auto p = dir / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p;
}

inline std::filesystem::path fresh_scratch_dir() {
  const auto& dir = scratch_dir();
  for (const auto& e : std::filesystem::directory_iterator(dir)) std::filesystem::remove(e.path());
  return dir;
}

// Splits "#=== node.csv ===\n...\n#=== link.csv ===\n..." into (name, content) pairs; names not
// in `allowed` are dropped (so the fuzzer cannot write outside the scratch folder).
inline std::vector<std::pair<std::string, std::string>> split_files(
    std::string_view text, const std::vector<std::string>& allowed) {
  std::vector<std::pair<std::string, std::string>> out;
  constexpr std::string_view kOpen = "#=== ";
  constexpr std::string_view kClose = " ===";
  std::size_t pos = 0;
  std::string* current = nullptr;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(pos, end - pos);
    if (line.substr(0, kOpen.size()) == kOpen && line.size() > kOpen.size() + kClose.size() &&
        line.substr(line.size() - kClose.size()) == kClose) {
      const std::string name(line.substr(kOpen.size(), line.size() - kOpen.size() - kClose.size()));
      current = nullptr;
      for (const auto& a : allowed) {
        if (a == name) {
          out.emplace_back(name, std::string());
          current = &out.back().second;
        }
      }
    } else if (current != nullptr) {
      current->append(line);
      if (end < text.size()) current->push_back('\n');
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace corridor::fuzz
