// Nodes as a GeoJSON layer (nodes_geojson.hpp).
#include "report/nodes_geojson.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "core/atomic_file.hpp"

namespace corridor::report {
namespace {

std::string number(double v) {
  std::array<char, 64> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("0");
}

// A JSON string literal (RFC 8259: quote, backslash and control characters escaped).
std::string json_text(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string nodes_geojson(const network::RoadNetwork& net, const std::vector<std::string>& names,
                          const std::vector<std::int64_t>& zone_ids) {
  std::string s = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (std::uint32_t v = 0; v < net.node_count(); ++v) {
    const auto& n = net.node(NodeId(v));
    const bool zone = v < net.zone_count();
    if (v > 0) s += ',';
    s += "\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" +
         number(n.x) + "," + number(n.y) +
         "]},\"properties\":{\"node_id\":" + std::to_string(n.label) +
         ",\"name\":" + json_text(v < names.size() ? names[v] : "") + ",\"node_type\":\"" +
         (zone ? "centroid" : "junction") + "\",\"zone_id\":" +
         (zone ? std::to_string(v < zone_ids.size() ? zone_ids[v] : n.label) : "null") + "}}";
  }
  return s + "\n]}\n";
}

void write_nodes_geojson(const std::filesystem::path& path, const network::RoadNetwork& net,
                         const std::vector<std::string>& names,
                         const std::vector<std::int64_t>& zone_ids) {
  write_file_atomically(path, nodes_geojson(net, names, zone_ids));
}

}  // namespace corridor::report
