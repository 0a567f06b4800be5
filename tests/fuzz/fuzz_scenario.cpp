// libFuzzer target: scenario TOML files (scenario/scenario.hpp, parse_scenario), and the edits
// applied to the brainport-kempen region model (scenario/apply.hpp), where references to nodes,
// links, stops, lines and zones are checked.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "model/region_model.hpp"
#include "scenario/apply.hpp"
#include "scenario/scenario.hpp"

namespace {

const std::filesystem::path kRegion =
    std::filesystem::path(CORRIDOR_SOURCE_DIR) / "scenarios" / "brainport-kempen";

const corridor::model::RegionModel& region() {
  static const auto model = corridor::model::load_region_model(kRegion);
  return model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& base = region();
  try {
    const auto s = corridor::scenario::parse_scenario(corridor::fuzz::as_text(data, size),
                                                      "fuzz.toml", kRegion);
    (void)corridor::scenario::apply_edits(base, s);
  } catch (const corridor::InputError&) {
  }
  return 0;
}
