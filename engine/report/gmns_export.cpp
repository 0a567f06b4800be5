#include "report/gmns_export.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "report/geometry.hpp"
#include "report/nodes_geojson.hpp"

namespace corridor::report {
namespace {

std::string shortest(double v) {
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("0");
}

std::string csv_text(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c == ',' || c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string uses(std::uint8_t modes) {
  if (modes == network::kModeAll) return {};
  std::string s;
  auto add = [&](const char* w) {
    if (!s.empty()) s += ';';
    s += w;
  };
  if (modes & network::kModeCar) add("auto");
  if (modes & network::kModeTruck) add("truck");
  if (modes & network::kModeBus) add("bus");
  return s;
}

}  // namespace

void write_gmns_network(const std::filesystem::path& folder, const network::RoadNetwork& net,
                        const GmnsExportOptions& opt) {
  if (!opt.zone_ids.empty() && opt.zone_ids.size() != net.zone_count())
    throw Error("GMNS export: " + std::to_string(opt.zone_ids.size()) + " zone ids for " +
                std::to_string(net.zone_count()) + " zones");
  if (!opt.lanes.empty() && opt.lanes.size() != net.link_count())
    throw Error("GMNS export: " + std::to_string(opt.lanes.size()) + " lane counts for " +
                std::to_string(net.link_count()) + " links");
  if (opt.node_names.size() > net.node_count())
    throw Error("GMNS export: " + std::to_string(opt.node_names.size()) + " node names for " +
                std::to_string(net.node_count()) + " nodes");
  corridor::make_directories(folder);

  std::string nodes = "node_id,name,x_coord,y_coord,node_type,zone_id\n";
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    const auto& n = net.node(NodeId(v));
    const bool zone = v < net.zone_count();
    nodes += std::to_string(n.label) + "," +
             (v < opt.node_names.size() ? csv_text(opt.node_names[v]) : std::string()) + "," +
             shortest(n.x) + "," + shortest(n.y) + "," + (zone ? "centroid," : "junction,") +
             (zone ? std::to_string(opt.zone_ids.empty() ? n.label : opt.zone_ids[v]) : "") + "\n";
  }

  std::string links =
      "link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,"
      "vdf_fftt,vdf_alpha,vdf_beta,toll,allowed_uses\n";
  if (opt.demand != nullptr && (opt.demand->rows() != static_cast<Eigen::Index>(net.zone_count()) ||
                                opt.demand->cols() != opt.demand->rows())) {
    throw Error("GMNS export: the demand matrix does not match the " +
                std::to_string(net.zone_count()) + " zones");
  }
  for (std::uint32_t row = 0; row < net.link_count(); ++row) {
    const LinkId a = net.link_at_input(row);
    const auto i = a.value();
    const double lanes = opt.lanes.empty() ? 1.0 : opt.lanes[i];
    if (!(lanes > 0)) {
      throw Error("GMNS export: link " + std::to_string(net.link_id(a)) + " has no lanes");
    }
    const double speed = net.speed()[i];
    links += std::to_string(net.link_id(a)) + "," + csv_text(net.link_name(a)) + "," +
             std::to_string(net.node_label(NodeId(net.tails()[i]))) + "," +
             std::to_string(net.node_label(NodeId(net.heads()[i]))) + "," +
             facility_name(net.link_type()[i]) + "," + shortest(net.length()[i]) + "," +
             shortest(lanes) + "," + (speed > 0 ? shortest(speed) : std::string()) + "," +
             shortest(net.capacity()[i] / lanes) + "," + shortest(net.free_flow_minutes()[i]) +
             "," + shortest(net.alpha()[i]) + "," + shortest(net.beta()[i]) + "," +
             shortest(net.toll()[i]) + "," + uses(net.modes()[i]) + "\n";
  }

  const std::string config = "dataset_name,short_length,long_length,speed,crs,currency\n" +
                             csv_text(opt.dataset_name) + ",m," + opt.length_unit +
                             ",kmh,EPSG:4326,EUR\n";
  write_file_atomically(folder / "node.csv", nodes);
  write_file_atomically(folder / "link.csv", links);
  write_file_atomically(folder / "config.csv", config);
  write_nodes_geojson(folder / "nodes.geojson", net, opt.node_names, opt.zone_ids);
  if (opt.demand != nullptr) {
    std::string demand = "o_zone_id,d_zone_id,volume\n";
    const auto zone_id = [&](Eigen::Index z) {
      const auto u = static_cast<std::size_t>(z);
      return opt.zone_ids.empty() ? net.node_label(NodeId(static_cast<std::uint32_t>(u)))
                                  : opt.zone_ids[u];
    };
    for (Eigen::Index i = 0; i < opt.demand->rows(); ++i) {
      for (Eigen::Index j = 0; j < opt.demand->cols(); ++j) {
        const double v = (*opt.demand)(i, j);
        if (v > 0.0) {
          demand += std::to_string(zone_id(i)) + "," + std::to_string(zone_id(j)) + "," +
                    shortest(v) + "\n";
        }
      }
    }
    write_file_atomically(folder / "demand.csv", demand);
  }
}

}  // namespace corridor::report
