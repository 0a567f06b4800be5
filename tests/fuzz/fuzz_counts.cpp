// libFuzzer target: the link counts CSV of `corridor estimate-demand`
// (calibration/matrix_estimation.hpp, read_link_counts) on the Braess network of the seed corpus
// of fuzz_tntp_net (loaded once), classes "car" and "truck". Every count read must name a link
// of the network, a known class and a finite count >= 0.
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "calibration/matrix_estimation.hpp"
#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/tntp.hpp"

namespace {

const corridor::network::RoadNetwork& braess() {
  static const auto net = corridor::io::read_tntp_network(
      CORRIDOR_SOURCE_DIR "/tests/fuzz/corpus/fuzz_tntp_net/braess_net.tntp");
  return net;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = corridor::fuzz;
  static const std::array<std::string, 2> kClasses = {"car", "truck"};
  const auto& net = braess();
  const auto path = fz::write_file(fz::scratch_dir(), "counts.csv", fz::as_text(data, size));
  try {
    const auto counts = corridor::calibration::read_link_counts(path, net, kClasses);
    for (const auto& c : counts) {
      if (!(std::isfinite(c.count) && c.count >= 0.0)) __builtin_trap();
      if (!(std::isfinite(c.tolerance) && c.tolerance >= 0.0)) __builtin_trap();
      if (c.demand_class != corridor::calibration::kAllClasses &&
          (c.demand_class < 0 || c.demand_class >= static_cast<int>(kClasses.size()))) {
        __builtin_trap();
      }
      for (auto l : c.links) {
        if (l >= net.link_count()) __builtin_trap();
      }
    }
  } catch (const corridor::InputError&) {
  }
  return 0;
}
