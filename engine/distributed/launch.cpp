#include "distributed/launch.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace corridor::distributed {

namespace {

std::optional<int> env_int(const std::function<const char*(const char*)>& getenv_fn,
                           const char* name) {
  const char* v = getenv_fn(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  const std::string_view s(v);
  int x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size() || x < 0) return std::nullopt;
  return x;
}

const char* process_getenv(const char* name) { return std::getenv(name); }

}  // namespace

std::optional<Launch> detect_launch(const std::function<const char*(const char*)>& getenv_fn) {
  struct Pair {
    const char* rank;
    const char* size;
  };
  for (const Pair p : {Pair{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"},
                       Pair{"PMI_RANK", "PMI_SIZE"}, Pair{"PMIX_RANK", nullptr}}) {
    const auto rank = env_int(getenv_fn, p.rank);
    if (!rank) continue;
    const auto size = p.size != nullptr ? env_int(getenv_fn, p.size) : std::nullopt;
    Launch l;
    l.rank = *rank;
    l.size = size.value_or(0);
    l.variable = size ? std::string(p.size) + "=" + std::to_string(*size)
                      : std::string(p.rank) + "=" + std::to_string(*rank);
    return l;
  }
  return std::nullopt;
}

std::optional<Launch> detect_launch() { return detect_launch(process_getenv); }

}  // namespace corridor::distributed
