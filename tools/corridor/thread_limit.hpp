#pragma once
// The CLI's one place that sets the thread count: `--threads N` (0 = all cores) becomes a
// tbb::global_control for the lifetime of the returned object, as STYLE.md asks (once, at the
// entry point). Negative values are an input error naming the option.
#include <tbb/global_control.h>

#include <cstddef>
#include <optional>

#include "core/error.hpp"

namespace corridor::cli {

inline std::optional<tbb::global_control> limit_threads(int threads) {
  if (threads < 0) throw InputError({"", 0, "--threads"}, "expected 0 (all cores) or more");
  std::optional<tbb::global_control> limit;
  if (threads > 0) {
    limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  }
  return limit;
}

}  // namespace corridor::cli
