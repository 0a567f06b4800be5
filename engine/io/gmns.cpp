#include "io/gmns.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/text.hpp"

namespace corridor::io {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

struct Units {
  std::string length = "km";
  double speed_to_length_per_hour = 1.0;  // free_speed × this = length units per hour
};

Units read_config(const std::filesystem::path& folder) {
  Units u;
  const auto path = folder / "config.csv";
  if (!corridor::path_exists(path)) return u;
  CsvReader csv(path);
  const auto long_col = csv.optional_column("long_length");
  const auto speed_col = csv.optional_column("speed");
  if (!csv.next_row()) return u;
  const std::string len = lower(csv.text_or(long_col, "km"));
  const std::string spd = lower(csv.text_or(speed_col, "kmh"));
  if (len != "km" && len != "mi")
    csv.fail(*long_col, "expected km or mi, got " + quote_for_message(len));
  if (spd != "kmh" && spd != "mph")
    csv.fail(*speed_col, "expected kmh or mph, got " + quote_for_message(spd));
  constexpr double kKmPerMile = 1.609344;
  u.length = len;
  if (len == "km" && spd == "mph") u.speed_to_length_per_hour = kKmPerMile;
  if (len == "mi" && spd == "kmh") u.speed_to_length_per_hour = 1.0 / kKmPerMile;
  return u;
}

std::uint8_t parse_uses(std::string_view text) {
  if (trim(text).empty()) return network::kModeAll;
  std::uint8_t modes = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of(";|", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string tok = lower(trim(text.substr(start, end - start)));
    if (tok == "auto" || tok == "car" || tok == "drive" || tok == "sov" || tok == "hov") {
      modes |= network::kModeCar;
    } else if (tok == "truck" || tok == "hgv") {
      modes |= network::kModeTruck;
    } else if (tok == "bus") {
      modes |= network::kModeBus;
    } else if (tok == "all") {
      modes = network::kModeAll;
    }
    start = end + 1;
  }
  return modes;
}

std::int32_t parse_facility(std::string_view text) {
  if (auto v = try_parse_int(text)) return static_cast<std::int32_t>(*v);
  static const std::pair<const char*, std::int32_t> kTypes[] = {
      {"motorway", 1}, {"trunk", 2},       {"primary", 3},   {"secondary", 4},
      {"tertiary", 5}, {"residential", 6}, {"connector", 9},
  };
  const std::string t = lower(text);
  for (const auto& [name, code] : kTypes) {
    if (t == name) return code;
  }
  return 0;
}

}  // namespace

std::int64_t GmnsNetwork::zone_index(std::int64_t zone_id) const {
  const auto it = std::lower_bound(zone_ids.begin(), zone_ids.end(), zone_id);
  if (it == zone_ids.end() || *it != zone_id) return -1;
  return it - zone_ids.begin();
}

GmnsNetwork read_gmns_network(const std::filesystem::path& folder) {
  if (!corridor::is_directory(folder)) {
    throw_input_error(folder.string(), 0, "",
                      "expected a GMNS folder holding node.csv and link.csv");
  }
  const Units units = read_config(folder);

  // Nodes.
  struct RawNode {
    network::NodeSpec spec;
    std::optional<std::int64_t> zone;
    std::size_t line = 0;
  };
  std::vector<RawNode> raw;
  const auto node_path = folder / "node.csv";
  {
    CsvReader csv(node_path);
    const auto id = csv.require_column("node_id");
    const auto x = csv.optional_column("x_coord");
    const auto y = csv.optional_column("y_coord");
    const auto zone = csv.optional_column("zone_id");
    while (csv.next_row()) {
      RawNode n;
      n.line = csv.line_number();
      n.spec.label = csv.integer(id);
      n.spec.x = csv.number_or(x, 0.0);
      n.spec.y = csv.number_or(y, 0.0);
      if (csv.has_value(zone)) n.zone = csv.integer(*zone);
      raw.push_back(n);
    }
    if (raw.empty()) throw_input_error(node_path.string(), 0, "", "expected at least one node");
  }
  // Internal order: centroids by ascending zone_id, then the other nodes in file order.
  std::vector<std::uint32_t> order(raw.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (raw[a].zone.has_value() != raw[b].zone.has_value()) return raw[a].zone.has_value();
    return raw[a].zone.has_value() && *raw[a].zone < *raw[b].zone;
  });
  GmnsNetwork out;
  out.length_unit = units.length;
  std::vector<network::NodeSpec> nodes;
  nodes.reserve(raw.size());
  std::unordered_map<std::int64_t, std::uint32_t> node_of_label;
  node_of_label.reserve(raw.size() * 2);
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    const auto& n = raw[order[i]];
    if (!node_of_label.emplace(n.spec.label, i).second) {
      throw_input_error(node_path.string(), n.line, "node_id",
                        "node_id " + std::to_string(n.spec.label) + " appears twice");
    }
    if (n.zone) {
      if (!out.zone_ids.empty() && out.zone_ids.back() == *n.zone) {
        throw_input_error(node_path.string(), n.line, "zone_id",
                          "zone_id " + std::to_string(*n.zone) +
                              " is given to two nodes (one centroid per zone expected)");
      }
      out.zone_ids.push_back(*n.zone);
    }
    nodes.push_back(n.spec);
  }
  const auto zones = static_cast<std::uint32_t>(out.zone_ids.size());

  // Links.
  const auto link_path = folder / "link.csv";
  std::vector<network::LinkSpec> links;
  std::vector<bool> touched(nodes.size(), false);
  {
    CsvReader csv(link_path);
    const auto id = csv.require_column("link_id");
    const auto from = csv.require_column("from_node_id");
    const auto to = csv.require_column("to_node_id");
    const auto length = csv.require_column("length");
    const auto lanes = csv.require_column("lanes");
    const auto capacity = csv.require_column("capacity");
    const auto fftt = csv.optional_column("vdf_fftt");
    const auto speed = fftt ? csv.optional_column("free_speed") : csv.require_column("free_speed");
    auto either = [&](const char* a, const char* b) {
      auto c = csv.optional_column(a);
      return c ? c : csv.optional_column(b);
    };
    const auto alpha = either("vdf_alpha", "VDF_alpha1");
    const auto beta = either("vdf_beta", "VDF_beta1");
    const auto toll = csv.optional_column("toll");
    const auto uses = csv.optional_column("allowed_uses");
    const auto facility = csv.optional_column("facility_type");
    const auto name = csv.optional_column("name");
    std::unordered_map<std::int64_t, std::size_t> line_of_link;
    while (csv.next_row()) {
      const auto link_id = csv.integer(id);
      if (auto [it, fresh] = line_of_link.emplace(link_id, csv.line_number()); !fresh) {
        csv.fail(id, "link_id " + std::to_string(link_id) + " appears twice (first on line " +
                         std::to_string(it->second) + ")");
      }
      auto node_at = [&](std::size_t col) {
        const auto label = csv.integer(col);
        const auto it = node_of_label.find(label);
        if (it == node_of_label.end()) {
          csv.fail(col, "node " + std::to_string(label) + " is not in node.csv");
        }
        return it->second;
      };
      network::LinkSpec s;
      const auto f = node_at(from);
      const auto t = node_at(to);
      if (f == t) csv.fail(to, "link is a self-loop (from_node_id = to_node_id)");
      s.from = NodeId(f);
      s.to = NodeId(t);
      s.length = csv.number(length);
      if (s.length < 0.0) csv.fail(length, "expected a non-negative length");
      const double n_lanes = csv.number(lanes);
      if (!(n_lanes > 0.0)) csv.fail(lanes, "expected a positive number of lanes");
      const double cap = csv.number(capacity);
      if (!(cap > 0.0)) csv.fail(capacity, "expected a positive capacity (veh/h per lane)");
      s.capacity = n_lanes * cap;
      if (csv.has_value(speed)) {
        s.speed = csv.number(*speed);
        if (!(s.speed > 0.0)) csv.fail(*speed, "expected a positive free speed");
      }
      if (csv.has_value(fftt)) {
        s.free_flow_minutes = csv.number(*fftt);
        if (s.free_flow_minutes < 0.0) csv.fail(*fftt, "expected a non-negative time (minutes)");
      } else {
        if (!csv.has_value(speed)) {
          csv.fail(speed ? *speed : length, "expected free_speed (or vdf_fftt) for this link");
        }
        s.free_flow_minutes = s.length / (s.speed * units.speed_to_length_per_hour) * 60.0;
      }
      s.alpha = csv.number_or(alpha, 0.15);
      if (s.alpha < 0.0) csv.fail(*alpha, "expected a non-negative alpha");
      s.beta = csv.number_or(beta, 4.0);
      if (s.beta < 0.0) csv.fail(*beta, "expected a non-negative beta");
      s.toll = csv.number_or(toll, 0.0);
      s.modes = parse_uses(csv.text_or(uses, ""));
      s.link_type = parse_facility(csv.text_or(facility, ""));
      s.name = std::string(csv.text_or(name, ""));
      s.id = link_id;
      touched[f] = touched[t] = true;
      links.push_back(std::move(s));
    }
  }
  for (std::uint32_t z = 0; z < zones; ++z) {
    if (!touched[z]) {
      throw_input_error(node_path.string(), raw[order[z]].line, "zone_id",
                        "zone " + std::to_string(out.zone_ids[z]) +
                            " has no connector (no link in link.csv starts or ends at node " +
                            std::to_string(nodes[z].label) + ")");
    }
  }
  out.network = network::RoadNetwork::build(std::move(nodes), std::move(links), zones, zones);
  return out;
}

OdMatrix read_gmns_demand(const std::filesystem::path& path, const GmnsNetwork& net,
                          const GmnsDemandSelection& select) {
  const auto zones = static_cast<Eigen::Index>(net.zone_ids.size());
  OdMatrix trips = OdMatrix::Zero(zones, zones);
  CsvReader csv(path);
  const auto o = csv.require_column("o_zone_id");
  const auto d = csv.require_column("d_zone_id");
  const auto volume = csv.require_column("volume");
  // The optional `mode` and `time_period` columns: a selected value keeps its rows only; without
  // a selection every row must hold the first row's value (never a sum over modes or periods).
  struct Filter {
    const char* column;
    std::string wanted;
    std::optional<std::size_t> col;
    std::optional<std::string> first;  // of the kept rows, when nothing is wanted
  };
  std::array<Filter, 2> filters{
      Filter{"mode", select.mode, std::nullopt, std::nullopt},
      Filter{"time_period", select.time_period, std::nullopt, std::nullopt}};
  for (auto& f : filters) {
    f.col = f.wanted.empty() ? csv.optional_column(f.column) : csv.require_column(f.column);
  }
  std::size_t kept = 0;
  while (csv.next_row()) {
    const bool keep = std::all_of(filters.begin(), filters.end(), [&](const Filter& f) {
      return f.wanted.empty() || csv.text(*f.col) == f.wanted;
    });
    if (!keep) continue;
    for (auto& f : filters) {
      if (!f.wanted.empty() || !f.col) continue;
      const std::string value(csv.text(*f.col));
      if (!f.first) f.first = value;
      if (value != *f.first) {
        csv.fail(*f.col, "one " + std::string(f.column) + " in the rows read (found '" + *f.first +
                             "' and '" + value + "'): select one, e.g. " +
                             path.filename().string() + ":MODE:TIME_PERIOD");
      }
    }
    ++kept;
    auto zone_at = [&](std::size_t col) {
      const auto id = csv.integer(col);
      const auto z = net.zone_index(id);
      if (z < 0) csv.fail(col, "zone " + std::to_string(id) + " is not a zone_id in node.csv");
      return static_cast<Eigen::Index>(z);
    };
    const auto oz = zone_at(o);
    const auto dz = zone_at(d);
    const double v = csv.number(volume);
    if (v < 0.0) csv.fail(volume, "expected a non-negative volume");
    trips(oz, dz) += v;
  }
  if (kept == 0 && (!select.mode.empty() || !select.time_period.empty())) {
    throw InputError({path.string(), 0, select.mode.empty() ? "time_period" : "mode"},
                     "a row with mode '" + select.mode + "' and time_period '" +
                         select.time_period + "' (none in the file)");
  }
  return trips;
}

GmnsDemandSelection parse_gmns_demand_selection(std::string& file) {
  GmnsDemandSelection select;
  const auto at = file.rfind(".csv:");
  if (at == std::string::npos) return select;
  const std::string rest = file.substr(at + 5);
  file.resize(at + 4);
  const auto colon = rest.find(':');
  select.mode = rest.substr(0, colon);
  if (colon != std::string::npos) select.time_period = rest.substr(colon + 1);
  return select;
}

std::string format_gmns_demand(const OdMatrix& trips, const GmnsNetwork& net) {
  std::string out = "o_zone_id,d_zone_id,volume\n";
  char buf[96];
  for (Eigen::Index r = 0; r < trips.rows(); ++r) {
    for (Eigen::Index c = 0; c < trips.cols(); ++c) {
      if (!(trips(r, c) > 0.0)) continue;
      std::snprintf(buf, sizeof buf, "%lld,%lld,%.17g\n",
                    static_cast<long long>(net.zone_ids[static_cast<std::size_t>(r)]),
                    static_cast<long long>(net.zone_ids[static_cast<std::size_t>(c)]), trips(r, c));
      out += buf;
    }
  }
  return out;
}

}  // namespace corridor::io
