#include "core/file_system.hpp"

#include <system_error>

#include "core/error.hpp"

namespace corridor {

bool path_exists(const std::filesystem::path& path) noexcept {
  std::error_code ec;
  return std::filesystem::exists(path, ec) && !ec;
}

bool is_directory(const std::filesystem::path& path) noexcept {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec) && !ec;
}

bool is_regular_file(const std::filesystem::path& path) noexcept {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && !ec;
}

void make_directories(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw Error("cannot create folder '" + folder.string() + "': " + ec.message());
}

}  // namespace corridor
