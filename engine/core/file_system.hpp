#pragma once
// File-system queries on paths that come from users (command lines, scenario and batch files).
// std::filesystem::exists and friends throw filesystem_error on a name that is too long, a
// component that is not a directory or a permission problem; these answer false instead, so that
// the caller reports "not found" with file, line and field. make_directories throws
// corridor::Error naming the folder and the system's reason.
#include <filesystem>

namespace corridor {

bool path_exists(const std::filesystem::path& path) noexcept;
bool is_directory(const std::filesystem::path& path) noexcept;
bool is_regular_file(const std::filesystem::path& path) noexcept;
void make_directories(const std::filesystem::path& folder);

}  // namespace corridor
