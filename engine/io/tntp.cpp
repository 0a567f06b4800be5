#include "io/tntp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string>

#include "core/memory_budget.hpp"
#include "io/text.hpp"

namespace corridor::io {
namespace {

struct Metadata {
  std::map<std::string, std::pair<std::string, std::size_t>> tags;  // tag -> (value, line)
};

// Reads "<TAG> value" lines up to <END OF METADATA>. Leaves the cursor after it.
Metadata read_metadata(LineCursor& cur) {
  Metadata meta;
  std::string_view line;
  while (cur.next(line)) {
    const auto t = trim(line);
    if (t.empty() || t.front() == '~') continue;
    if (t.front() != '<')
      cur.fail("", "expected a metadata tag like <NUMBER OF NODES> before the data");
    const auto close = t.find('>');
    if (close == std::string_view::npos) cur.fail("", "metadata tag without closing '>'");
    std::string tag(t.substr(1, close - 1));
    if (tag == "END OF METADATA") return meta;
    meta.tags[tag] = {std::string(trim(t.substr(close + 1))), cur.line_number()};
  }
  cur.fail("", "file ended before <END OF METADATA>");
}

std::optional<double> number_tag(const Metadata& m, const std::string& tag, const LineCursor& cur) {
  const auto it = m.tags.find(tag);
  if (it == m.tags.end()) return std::nullopt;
  return parse_double(it->second.first,
                      InputLocation{cur.file(), it->second.second, "<" + tag + ">"});
}

std::int64_t count_tag(const Metadata& m, const std::string& tag, const LineCursor& cur,
                       bool required) {
  const auto it = m.tags.find(tag);
  if (it == m.tags.end()) {
    if (required)
      throw_input_error(cur.file(), 0, "<" + tag + ">", "required metadata tag is missing");
    return -1;
  }
  const InputLocation where{cur.file(), it->second.second, "<" + tag + ">"};
  const auto v = parse_int(it->second.first, where);
  if (v < 0 || v > std::numeric_limits<std::uint32_t>::max() / 2) {
    throw InputError(where, "expected a non-negative count, got " + it->second.first);
  }
  return v;
}

// Splits a data line on whitespace; stops at ';'.
void split_fields(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] == ';') break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != ';') ++i;
    out.push_back(line.substr(start, i - start));
  }
}

constexpr const char* kNetFields[] = {"init_node",      "term_node", "capacity", "length",
                                      "free_flow_time", "b",         "power",    "speed",
                                      "toll",           "link_type"};

// Maps node labels to internal ids (see header).
struct LabelMap {
  bool identity = true;
  std::vector<std::int64_t> sorted;  // used when !identity
  std::uint32_t lookup(std::int64_t label) const {
    if (identity) return static_cast<std::uint32_t>(label - 1);
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), label);
    return static_cast<std::uint32_t>(it - sorted.begin());
  }
};

}  // namespace

network::RoadNetwork read_tntp_network(const std::filesystem::path& path) {
  return parse_tntp_network(read_text_file(path), path.string());
}

network::RoadNetwork parse_tntp_network(std::string text, const std::string& file_name) {
  LineCursor cur(text, file_name);
  const Metadata meta = read_metadata(cur);
  const auto zones = count_tag(meta, "NUMBER OF ZONES", cur, true);
  const auto nodes = count_tag(meta, "NUMBER OF NODES", cur, true);
  const auto links_declared = count_tag(meta, "NUMBER OF LINKS", cur, true);
  auto first_thru = count_tag(meta, "FIRST THRU NODE", cur, false);
  if (first_thru < 0) first_thru = 1;  // not given: every node may be passed through
  if (zones > nodes) {
    throw_input_error(
        file_name, meta.tags.at("NUMBER OF ZONES").second, "<NUMBER OF ZONES>",
        "more zones (" + std::to_string(zones) + ") than nodes (" + std::to_string(nodes) + ")");
  }

  struct Row {
    std::int64_t from, to;
    std::size_t line;
  };
  std::vector<Row> rows;
  std::vector<network::LinkSpec> specs;
  // A link line has at least 20 bytes: never reserve more than the text can hold.
  const auto links_possible =
      std::min(static_cast<std::size_t>(links_declared), text.size() / 20 + 1);
  rows.reserve(links_possible);
  specs.reserve(links_possible);
  std::vector<std::string_view> f;
  std::string_view line;
  while (cur.next(line)) {
    const auto t = trim(line);
    if (t.empty() || t.front() == '~') continue;
    split_fields(t, f);
    if (f.empty()) continue;
    if (f.size() < 10) {
      cur.fail(kNetFields[f.size()],
               "expected 10 fields (init_node term_node capacity length "
               "free_flow_time b power speed toll link_type), got " +
                   std::to_string(f.size()));
    }
    auto field = [&](int i) { return InputLocation{file_name, cur.line_number(), kNetFields[i]}; };
    auto nonneg = [&](int i) {
      const double v = parse_double(f[i], field(i));
      if (v < 0)
        throw InputError(field(i),
                         "expected a non-negative number, got " + quote_for_message(f[i]));
      return v;
    };
    Row r{parse_int(f[0], field(0)), parse_int(f[1], field(1)), cur.line_number()};
    if (r.from == r.to)
      cur.fail("term_node", "link from node " + std::to_string(r.from) + " to itself (self-loop)");
    network::LinkSpec s;
    s.capacity = parse_double(f[2], field(2));
    if (!(s.capacity > 0))
      cur.fail("capacity", "expected a positive capacity, got " + quote_for_message(f[2]));
    s.length = nonneg(3);
    s.free_flow_minutes = nonneg(4);
    s.alpha = nonneg(5);
    s.beta = nonneg(6);
    if (s.beta > 20)
      cur.fail("power", "expected a BPR power between 0 and 20, got " + quote_for_message(f[6]));
    s.speed = nonneg(7);
    s.toll = nonneg(8);
    s.link_type = static_cast<std::int32_t>(parse_int(f[9], field(9)));
    rows.push_back(r);
    specs.push_back(std::move(s));
  }
  if (static_cast<std::int64_t>(rows.size()) != links_declared) {
    throw_input_error(file_name, meta.tags.at("NUMBER OF LINKS").second, "<NUMBER OF LINKS>",
                      "declares " + std::to_string(links_declared) + " links but the file has " +
                          std::to_string(rows.size()));
  }

  LabelMap map;
  std::int64_t max_label = 0;
  std::int64_t min_label = std::numeric_limits<std::int64_t>::max();
  for (const auto& r : rows) {
    max_label = std::max({max_label, r.from, r.to});
    min_label = std::min({min_label, r.from, r.to});
  }
  if (!rows.empty() && (min_label < 1 || max_label > nodes)) {
    map.identity = false;
    for (const auto& r : rows) {
      map.sorted.push_back(r.from);
      map.sorted.push_back(r.to);
    }
    std::sort(map.sorted.begin(), map.sorted.end());
    map.sorted.erase(std::unique(map.sorted.begin(), map.sorted.end()), map.sorted.end());
    if (static_cast<std::int64_t>(map.sorted.size()) != nodes) {
      throw_input_error(file_name, meta.tags.at("NUMBER OF NODES").second, "<NUMBER OF NODES>",
                        "declares " + std::to_string(nodes) + " nodes but the links use " +
                            std::to_string(map.sorted.size()) + " distinct node labels (not 1.." +
                            std::to_string(nodes) + ")");
    }
  }
  require_memory(
      dense_matrix_bytes(static_cast<std::uint64_t>(nodes), 2 * sizeof(network::NodeSpec)),
      InputLocation{file_name, meta.tags.at("NUMBER OF NODES").second, "<NUMBER OF NODES>"},
      std::to_string(nodes) + " nodes");
  std::vector<network::NodeSpec> node_specs(static_cast<std::size_t>(nodes));
  for (std::size_t v = 0; v < node_specs.size(); ++v) {
    node_specs[v].label = map.identity ? static_cast<std::int64_t>(v + 1) : map.sorted[v];
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    specs[i].from = NodeId(map.lookup(rows[i].from));
    specs[i].to = NodeId(map.lookup(rows[i].to));
  }
  // First thru node as a label -> as an internal index bound.
  std::uint32_t first_thru_index = 0;
  if (map.identity) {
    first_thru_index = static_cast<std::uint32_t>(std::max<std::int64_t>(first_thru - 1, 0));
  } else {
    first_thru_index = static_cast<std::uint32_t>(
        std::lower_bound(map.sorted.begin(), map.sorted.end(), first_thru) - map.sorted.begin());
  }
  first_thru_index = std::min(first_thru_index, static_cast<std::uint32_t>(zones));
  return network::RoadNetwork::build(std::move(node_specs), std::move(specs),
                                     static_cast<std::uint32_t>(zones), first_thru_index);
}

TntpTrips read_tntp_trips(const std::filesystem::path& path, const network::RoadNetwork& net) {
  return parse_tntp_trips(read_text_file(path), path.string(), net);
}

TntpTrips parse_tntp_trips(std::string text, const std::string& file_name,
                           const network::RoadNetwork& net) {
  LineCursor cur(text, file_name);
  const Metadata meta = read_metadata(cur);
  const auto zones = count_tag(meta, "NUMBER OF ZONES", cur, true);
  if (zones != net.zone_count()) {
    throw_input_error(file_name, meta.tags.at("NUMBER OF ZONES").second, "<NUMBER OF ZONES>",
                      "declares " + std::to_string(zones) + " zones but the network has " +
                          std::to_string(net.zone_count()));
  }
  TntpTrips out;
  out.toll_factor = number_tag(meta, "TOLL FACTOR", cur);
  out.distance_factor = number_tag(meta, "DISTANCE FACTOR", cur);
  const auto declared_total = number_tag(meta, "TOTAL OD FLOW", cur);
  const auto nz = static_cast<Eigen::Index>(zones);
  require_memory(
      dense_matrix_bytes(static_cast<std::uint64_t>(zones), static_cast<std::uint64_t>(zones)),
      InputLocation{file_name, meta.tags.at("NUMBER OF ZONES").second, "<NUMBER OF ZONES>"},
      "a dense " + std::to_string(zones) + " x " + std::to_string(zones) + " OD matrix");
  out.trips = OdMatrix::Zero(nz, nz);

  auto zone_of = [&](std::string_view s, std::string_view field) -> Eigen::Index {
    const InputLocation where{file_name, cur.line_number(), std::string(field)};
    const auto label = parse_int(s, where);
    const NodeId v = net.find_node(label);
    if (!v.valid() || v.value() >= net.zone_count()) {
      throw InputError(where, "expected a zone number 1.." + std::to_string(zones) +
                                  " (a zone of the network), got " + std::to_string(label));
    }
    return static_cast<Eigen::Index>(v.value());
  };

  Eigen::Index origin = -1;
  std::string_view line;
  while (cur.next(line)) {
    auto t = trim(line);
    if (t.empty() || t.front() == '~') continue;
    if (t.rfind("Origin", 0) == 0) {
      origin = zone_of(trim(t.substr(6)), "Origin");
      continue;
    }
    if (origin < 0) cur.fail("Origin", "expected an 'Origin N' line before destination entries");
    // Entries "dest : value;" separated by ';' or whitespace.
    std::size_t i = 0;
    while (i < t.size()) {
      while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == ';')) ++i;
      if (i >= t.size()) break;
      const auto colon = t.find(':', i);
      if (colon == std::string_view::npos)
        cur.fail("destination", "expected 'destination : trips', found no ':'");
      const auto dest = zone_of(trim(t.substr(i, colon - i)), "destination");
      std::size_t j = colon + 1;
      while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) ++j;
      std::size_t k = j;
      while (k < t.size() && t[k] != ' ' && t[k] != '\t' && t[k] != ';') ++k;
      const InputLocation where{file_name, cur.line_number(), "trips"};
      const double v = parse_double(t.substr(j, k - j), where);
      if (v < 0)
        throw InputError(where, "expected a non-negative number of trips, got " +
                                    quote_for_message(t.substr(j, k - j)));
      out.trips(origin, dest) += v;
      i = k;
    }
  }
  out.total = out.trips.sum();
  if (declared_total) {
    const double tol = 1e-6 * std::max(1.0, std::abs(*declared_total)) + 1e-3;
    if (std::abs(out.total - *declared_total) > std::max(tol, 1e-4 * std::abs(*declared_total))) {
      throw_input_error(file_name, meta.tags.at("TOTAL OD FLOW").second, "<TOTAL OD FLOW>",
                        "declares " + std::to_string(*declared_total) +
                            " trips but the entries sum to " + std::to_string(out.total));
    }
  }
  return out;
}

TntpFlows read_tntp_flows(const std::filesystem::path& path, const network::RoadNetwork& net) {
  const std::string text = read_text_file(path);
  LineCursor cur(text, path.string());
  TntpFlows out;
  out.volume.assign(net.link_count(), std::numeric_limits<double>::quiet_NaN());
  out.cost.assign(net.link_count(), std::numeric_limits<double>::quiet_NaN());
  std::vector<char> seen(net.link_count(), 0);
  std::vector<std::string_view> f;
  std::string_view line;
  std::size_t matched = 0;
  while (cur.next(line)) {
    const auto t = trim(line);
    if (t.empty() || t.front() == '~' || t.front() == '<' ||
        std::isalpha(static_cast<unsigned char>(t.front())))
      continue;
    split_fields(t, f);
    if (f.size() < 4) cur.fail("", "expected 4 fields: From To Volume Cost");
    auto loc = [&](const char* name) {
      return InputLocation{path.string(), cur.line_number(), name};
    };
    const NodeId from = net.find_node(parse_int(f[0], loc("From")));
    const NodeId to = net.find_node(parse_int(f[1], loc("To")));
    if (!from.valid() || !to.valid())
      cur.fail("From",
               "link " + std::string(f[0]) + "->" + std::string(f[1]) + " is not in the network");
    LinkId match = LinkId::invalid();
    const auto off = net.out_offsets();
    const auto heads = net.heads();
    for (auto a = off[from.value()]; a < off[from.value() + 1]; ++a) {
      if (heads[a] == to.value() && !seen[a]) {
        match = LinkId(a);
        break;
      }
    }
    if (!match.valid())
      cur.fail("From", "link " + std::string(f[0]) + "->" + std::string(f[1]) +
                           " is not in the network (or listed twice)");
    seen[match.value()] = 1;
    out.volume[match.value()] = parse_double(f[2], loc("Volume"));
    out.cost[match.value()] = parse_double(f[3], loc("Cost"));
    ++matched;
  }
  if (matched != net.link_count()) {
    throw_input_error(path.string(), 0, "",
                      "lists " + std::to_string(matched) + " links but the network has " +
                          std::to_string(net.link_count()));
  }
  return out;
}

std::vector<std::pair<double, double>> read_tntp_node_coordinates(const std::filesystem::path& path,
                                                                  const network::RoadNetwork& net) {
  const std::string text = read_text_file(path);
  LineCursor cur(text, path.string());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::pair<double, double>> xy(net.node_count(), {nan, nan});
  std::vector<std::string_view> f;
  std::string_view line;
  while (cur.next(line)) {
    const auto t = trim(line);
    if (t.empty() || t.front() == '~' || std::isalpha(static_cast<unsigned char>(t.front())))
      continue;
    split_fields(t, f);
    if (f.size() < 3) cur.fail("", "expected 3 fields: Node X Y");
    auto loc = [&](const char* name) {
      return InputLocation{path.string(), cur.line_number(), name};
    };
    const NodeId v = net.find_node(parse_int(f[0], loc("Node")));
    if (!v.valid()) cur.fail("Node", "node " + std::string(f[0]) + " is not in the network");
    xy[v.value()] = {parse_double(f[1], loc("X")), parse_double(f[2], loc("Y"))};
  }
  return xy;
}

std::string format_tntp_trips(const OdMatrix& trips, const network::RoadNetwork& net) {
  char buf[96];
  std::string out = "<NUMBER OF ZONES> " + std::to_string(net.zone_count()) + "\n";
  std::snprintf(buf, sizeof buf, "<TOTAL OD FLOW> %.17g\n", trips.sum());
  out += buf;
  out += "<END OF METADATA>\n\n";
  for (Eigen::Index r = 0; r < trips.rows(); ++r) {
    out += "Origin " + std::to_string(net.node_label(NodeId(static_cast<std::uint32_t>(r)))) + "\n";
    int on_line = 0;
    for (Eigen::Index c = 0; c < trips.cols(); ++c) {
      if (!(trips(r, c) > 0.0)) continue;
      std::snprintf(buf, sizeof buf, "%6lld : %.17g;",
                    static_cast<long long>(net.node_label(NodeId(static_cast<std::uint32_t>(c)))),
                    trips(r, c));
      out += buf;
      if (++on_line == 5) {
        out += "\n";
        on_line = 0;
      } else {
        out += ' ';
      }
    }
    out += on_line > 0 ? "\n\n" : "\n";
  }
  return out;
}

}  // namespace corridor::io
