// libFuzzer target: a region model's observed/ folder (calibration/observed.hpp, read_observed)
// against the bad-input catalogue's small region (tests/bad-inputs/region-base, loaded once). The
// input holds the files, each introduced by a line "#=== stations.csv ===" (links.csv,
// screenlines.csv, targets.csv likewise); every target read must point into the region.
#include <cstddef>
#include <cstdint>

#include "calibration/observed.hpp"
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "model/region_model.hpp"

namespace {

const corridor::model::RegionModel& region() {
  static const auto m =
      corridor::model::load_region_model(CORRIDOR_SOURCE_DIR "/tests/bad-inputs/region-base");
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  namespace cal = corridor::calibration;
  const auto& m = region();
  const auto dir = fz::fresh_scratch_dir();
  for (const auto& [name, content] :
       fz::split_files(fz::as_text(data, size),
                       {"stations.csv", "links.csv", "screenlines.csv", "targets.csv"})) {
    fz::write_file(dir, name, content);
  }
  try {
    const auto obs = cal::read_observed(m, dir, cal::region_zone_sets(m));
    for (const auto& t : obs.targets) {
      if (!(t.tolerance > 0.0)) __builtin_trap();
      if (t.kind == cal::TargetKind::station && t.stop >= m.transit.stops.size()) __builtin_trap();
      for (auto l : t.links) {
        if (l >= m.road.link_count()) __builtin_trap();
      }
      for (auto z : t.from_zones) {
        if (z >= m.zones.size()) __builtin_trap();
      }
      for (auto z : t.to_zones) {
        if (z >= m.zones.size()) __builtin_trap();
      }
    }
  } catch (const corridor::InputError&) {
  }
  return 0;
}
