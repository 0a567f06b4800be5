// libFuzzer target: the region model's zones.csv reader (io/zones.hpp).
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/zones.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto zones = corridor::io::parse_zones_csv(corridor::fuzz::as_text(data, size), "z.csv");
    for (std::size_t z = 0; z < zones.rows.size(); ++z) {
      if (zones.rows[z].zone_id != static_cast<std::int64_t>(z) + 1) __builtin_trap();
    }
  } catch (const corridor::InputError&) {
  }
  return 0;
}
