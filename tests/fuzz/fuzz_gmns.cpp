// libFuzzer target: GMNS networks and demand (io/gmns.hpp). The input holds up to four files,
// each introduced by a line "#=== node.csv ===" (link.csv, config.csv, demand.csv likewise).
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/gmns.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  const auto dir = fz::fresh_scratch_dir();
  bool has_demand = false;
  for (const auto& [name, content] : fz::split_files(
           fz::as_text(data, size), {"node.csv", "link.csv", "config.csv", "demand.csv"})) {
    fz::write_file(dir, name, content);
    has_demand = has_demand || name == "demand.csv";
  }
  try {
    const auto g = corridor::io::read_gmns_network(dir);
    if (g.zone_ids.size() != g.network.zone_count()) __builtin_trap();
    if (has_demand) {
      const auto od = corridor::io::read_gmns_demand(dir / "demand.csv", g);
      if (od.rows() != g.network.zone_count() || !od.allFinite()) __builtin_trap();
    }
  } catch (const corridor::InputError&) {
  }
  return 0;
}
