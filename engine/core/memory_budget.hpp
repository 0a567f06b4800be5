#pragma once
// Up-front memory checks: a run that would need more memory than the machine can give says so
// before allocating, instead of being killed by the kernel half-way.
//
// Model: the memory this process may still use is the smallest of
//   - MemAvailable in /proc/meminfo (the kernel's estimate of memory usable without swapping),
//   - the cgroup limit (v2 memory.max, or v1 memory.limit_in_bytes) minus current usage,
//   - RLIMIT_AS (address-space limit) minus the current virtual size,
//   - the environment variable CORRIDOR_MEMORY_LIMIT_MB, when set (a cap for shared machines;
//     tests and fuzzers use it too).
// A request is accepted when it fits in kUsableFraction of that (leaving room for the rest of the
// run). Sizes are bytes. Readers that size dense arrays (an OD matrix is zones² × 8 bytes) call
// require_memory() with the location of the field that determined the size.
//
//   const auto bytes = corridor::dense_matrix_bytes(zones, zones);
//   corridor::require_memory(bytes, {file, line, "<NUMBER OF ZONES>"}, "a dense OD matrix");
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace corridor {

inline constexpr double kUsableFraction = 0.9;

// Bytes of a rows × cols array of `element_bytes`; saturates at UINT64_MAX instead of overflowing.
std::uint64_t dense_matrix_bytes(std::uint64_t rows, std::uint64_t cols,
                                 std::uint64_t element_bytes = sizeof(double));

// Memory this process may still allocate, in bytes (see the model above); nullopt when no source
// could be read (then no check is made).
std::optional<std::uint64_t> available_memory_bytes();

// "80.0 GB", "512.0 MB", "12 bytes".
std::string format_bytes(std::uint64_t bytes);

// Empty when `bytes` fits in kUsableFraction of `available`; otherwise the reason, e.g.
// "a dense OD matrix needs 80.0 GB but only 21.3 GB of memory is available".
std::string memory_shortfall(std::uint64_t bytes, std::uint64_t available, std::string_view what);

// Throws InputError at `where` when `bytes` does not fit in the memory available now.
void require_memory(std::uint64_t bytes, const InputLocation& where, std::string_view what);

}  // namespace corridor
