#pragma once
// Shared helpers of the road benchmarks: load a TNTP instance from CORRIDOR_DATA_DIR (default
// ../shared/data) once per process, or report that it is absent so the benchmark can skip.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "core/od_matrix.hpp"
#include "io/tntp.hpp"
#include "test_data.hpp"

namespace corridor::bench {

struct Instance {
  network::RoadNetwork net;
  OdMatrix trips;
};

// instance: folder under tntp/, stem: file prefix (e.g. "ChicagoSketch"). nullptr when absent.
inline const Instance* load_instance(const std::string& folder, const std::string& stem) {
  static std::map<std::string, std::unique_ptr<Instance>> cache;
  auto& slot = cache[folder];
  if (slot) return slot.get();
  const auto dir = test::tntp_instance(folder);
  const auto net_path = dir / (stem + "_net.tntp");
  if (!std::filesystem::exists(net_path)) return nullptr;
  slot = std::make_unique<Instance>();
  slot->net = io::read_tntp_network(net_path);
  slot->trips = io::read_tntp_trips(dir / (stem + "_trips.tntp"), slot->net).trips;
  return slot.get();
}

}  // namespace corridor::bench
