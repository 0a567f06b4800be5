// libFuzzer target: TNTP trips files (io/tntp.hpp, parse_tntp_trips) against a fixed 4-zone
// network, plus the path-based _flow and _node readers on the same bytes.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/tntp.hpp"

namespace {

const corridor::network::RoadNetwork& fixed_network() {
  static const auto net = corridor::io::parse_tntp_network(
      "<NUMBER OF ZONES> 4\n<NUMBER OF NODES> 5\n<FIRST THRU NODE> 5\n<NUMBER OF LINKS> 6\n"
      "<END OF METADATA>\n"
      "~ init term cap len fft b power speed toll type ;\n"
      "1 5 100 1 1 0.15 4 0 0 1 ;\n5 1 100 1 1 0.15 4 0 0 1 ;\n"
      "2 5 100 1 2 0.15 4 0 0 1 ;\n5 2 100 1 2 0.15 4 0 0 1 ;\n"
      "3 5 100 1 3 0.15 4 0 0 1 ;\n5 3 100 1 3 0.15 4 0 0 1 ;\n",
      "fixed_net");
  return net;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& net = fixed_network();
  const auto text = corridor::fuzz::as_text(data, size);
  try {
    const auto trips = corridor::io::parse_tntp_trips(text, "trips", net);
    if (!std::isfinite(trips.total) || trips.total < 0) __builtin_trap();
  } catch (const corridor::InputError&) {
  }
  const auto path = corridor::fuzz::write_file(corridor::fuzz::scratch_dir(), "x.tntp", text);
  try {
    corridor::io::read_tntp_flows(path, net);
  } catch (const corridor::InputError&) {
  }
  try {
    corridor::io::read_tntp_node_coordinates(path, net);
  } catch (const corridor::InputError&) {
  }
  return 0;
}
