#include "core/memory_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

namespace corridor {
namespace {

// First number on the line of /proc/meminfo starting with `key` (kB -> bytes).
std::optional<std::uint64_t> meminfo_bytes(std::string_view key) {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    std::istringstream s(line.substr(key.size()));
    std::uint64_t kb = 0;
    if (s >> kb) return kb * 1024;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> read_number_file(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    return std::stoull(word);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Headroom below the cgroup memory limit, when there is one.
std::optional<std::uint64_t> cgroup_headroom() {
  auto limit = read_number_file("/sys/fs/cgroup/memory.max");
  auto usage = read_number_file("/sys/fs/cgroup/memory.current");
  if (!limit) {
    limit = read_number_file("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    usage = read_number_file("/sys/fs/cgroup/memory/memory.usage_in_bytes");
  }
  // cgroup v1 reports "no limit" as a huge page-rounded number.
  if (!limit || *limit >= (std::uint64_t{1} << 60)) return std::nullopt;
  const std::uint64_t used = usage.value_or(0);
  return *limit > used ? *limit - used : 0;
}

// Headroom below RLIMIT_AS, when set (virtual size from /proc/self/statm, in pages).
std::optional<std::uint64_t> rlimit_headroom() {
  rlimit lim{};
  if (getrlimit(RLIMIT_AS, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return std::nullopt;
  std::uint64_t pages = 0;
  std::ifstream statm("/proc/self/statm");
  statm >> pages;
  const std::uint64_t used = pages * 4096;
  return lim.rlim_cur > used ? lim.rlim_cur - used : 0;
}

// CORRIDOR_MEMORY_LIMIT_MB, when set to a positive integer.
std::optional<std::uint64_t> environment_cap() {
  const char* v = std::getenv("CORRIDOR_MEMORY_LIMIT_MB");
  if (v == nullptr || *v == '\0') return std::nullopt;
  char* end = nullptr;
  const unsigned long long mb = std::strtoull(v, &end, 10);
  if (end == v || *end != '\0' || mb == 0) return std::nullopt;
  return dense_matrix_bytes(mb, 1024 * 1024, 1);
}

}  // namespace

std::uint64_t dense_matrix_bytes(std::uint64_t rows, std::uint64_t cols,
                                 std::uint64_t element_bytes) {
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  if (rows == 0 || cols == 0 || element_bytes == 0) return 0;
  if (rows > kMax / cols) return kMax;
  const std::uint64_t cells = rows * cols;
  if (cells > kMax / element_bytes) return kMax;
  return cells * element_bytes;
}

std::optional<std::uint64_t> available_memory_bytes() {
  std::optional<std::uint64_t> best = meminfo_bytes("MemAvailable:");
  for (const auto& other : {cgroup_headroom(), rlimit_headroom(), environment_cap()}) {
    if (other) best = best ? std::min(*best, *other) : *other;
  }
  return best;
}

std::string format_bytes(std::uint64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  auto v = static_cast<double>(bytes);
  std::size_t u = 0;
  while (v >= 1024.0 && u + 1 < std::size(units)) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

std::string memory_shortfall(std::uint64_t bytes, std::uint64_t available, std::string_view what) {
  if (static_cast<double>(bytes) <= kUsableFraction * static_cast<double>(available)) return {};
  return std::string(what) + " needs " + format_bytes(bytes) + " but only " +
         format_bytes(available) + " of memory is available";
}

void require_memory(std::uint64_t bytes, const InputLocation& where, std::string_view what) {
  const auto available = available_memory_bytes();
  if (!available) return;
  if (auto why = memory_shortfall(bytes, *available, what); !why.empty()) {
    throw InputError(where, why);
  }
}

}  // namespace corridor
