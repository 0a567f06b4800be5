#include "scenario/edits/road_draft.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/plausibility.hpp"
#include "scenario/apply.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {

std::string LinkRef::text() const {
  if (id) return "link " + std::to_string(*id);
  std::string s = std::to_string(from) + " -> " + std::to_string(to);
  if (name) s += " " + quote_for_message(*name);
  return s;
}

RoadDraft::RoadDraft(const model::RegionModel& base) {
  const auto& net = base.road;
  nodes = net.node_specs();
  links = net.link_specs();
  for (std::uint32_t r = 0; r < links.size(); ++r) {
    const auto a = net.link_at_input(r).value();
    lanes.push_back(a < base.lanes.size() ? base.lanes[a] : 1.0);
    facility.push_back(a < base.facility_types.size() ? base.facility_types[a] : "");
    if (!links[r].id) links[r].id = static_cast<std::int64_t>(r) + 1;
    next_link_id = std::max(next_link_id, *links[r].id + 1);
  }
  removed.assign(links.size(), false);
  for (std::uint32_t v = 0; v < nodes.size(); ++v) node_of_label.emplace(nodes[v].label, v);
}

std::uint32_t RoadDraft::node(const Origin& o, const std::string& key, std::int64_t label) const {
  const auto it = node_of_label.find(label);
  if (it == node_of_label.end()) {
    fail_at(o, key, "node " + std::to_string(label) + " does not exist in the network");
  }
  return it->second;
}

std::uint32_t RoadDraft::add_node(const Origin& o, const std::string& key, const NewNode& n) {
  if (node_of_label.count(n.id) != 0) {
    fail_at(o, key, "node " + std::to_string(n.id) + " already exists; choose a new id");
  }
  const auto id = static_cast<std::uint32_t>(nodes.size());
  nodes.push_back(network::NodeSpec{n.id, n.lon, n.lat});
  node_of_label.emplace(n.id, id);
  return id;
}

std::vector<std::size_t> RoadDraft::find(std::uint32_t from, std::uint32_t to) const {
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < links.size(); ++r) {
    if (!removed[r] && links[r].from.value() == from && links[r].to.value() == to) {
      rows.push_back(r);
    }
  }
  return rows;
}

double RoadDraft::distance_km(std::uint32_t a, std::uint32_t b) const {
  return great_circle_km(nodes[a].y, nodes[a].x, nodes[b].y, nodes[b].x);
}

std::size_t RoadDraft::push(network::LinkSpec spec, double lane_count, std::string fac) {
  if (!spec.id) spec.id = next_link_id;
  next_link_id = std::max(next_link_id, *spec.id + 1);
  links.push_back(std::move(spec));
  lanes.push_back(lane_count);
  facility.push_back(std::move(fac));
  removed.push_back(false);
  return links.size() - 1;
}

void RoadDraft::build_into(model::RegionModel& out, const network::RoadNetwork& base) const {
  std::vector<network::LinkSpec> kept;
  std::vector<double> kept_lanes;
  std::vector<std::string> kept_fac;
  for (std::size_t r = 0; r < links.size(); ++r) {
    if (removed[r]) continue;
    kept.push_back(links[r]);
    kept_lanes.push_back(lanes[r]);
    kept_fac.push_back(facility[r]);
  }
  out.road = network::RoadNetwork::build(nodes, std::move(kept), base.zone_count(),
                                         base.first_thru_node());
  out.lanes.assign(out.road.link_count(), 0.0);
  out.facility_types.assign(out.road.link_count(), "");
  for (std::uint32_t r = 0; r < kept_lanes.size(); ++r) {
    const auto a = out.road.link_at_input(r).value();
    out.lanes[a] = kept_lanes[r];
    out.facility_types[a] = kept_fac[r];
  }
}

LinkRef read_link_ref(TableReader& t) {
  LinkRef ref;
  ref.id = t.optional_integer("link", 1);
  if (ref.id) {
    for (const char* k : {"from", "to", "name"}) {
      if (t.has(k)) t.fail(k, "give either 'link' (a link id) or 'from' and 'to', not both");
    }
    return ref;
  }
  ref.from = t.integer("from");
  ref.to = t.integer("to");
  ref.name = t.optional_string("name");
  return ref;
}

namespace {

std::string id_list(const RoadDraft& d, const std::vector<std::size_t>& rows) {
  std::string s;
  for (auto r : rows) {
    if (!s.empty()) s += ", ";
    s += std::to_string(*d.links[r].id);
    if (!d.links[r].name.empty()) s += " (" + d.links[r].name + ")";
  }
  return s;
}

std::size_t the_one(const RoadDraft& d, const Origin& o, const std::string& key,
                    const std::string& what, const std::vector<std::size_t>& rows) {
  if (rows.size() > 1) {
    fail_at(
        o, key,
        what + " is ambiguous: parallel links " + id_list(d, rows) + "; name one with link = ID");
  }
  return rows.front();
}

}  // namespace

std::size_t resolve_link(const RoadDraft& d, const Origin& o, const std::string& key,
                         const LinkRef& ref) {
  if (ref.id) {
    for (std::size_t r = 0; r < d.links.size(); ++r) {
      if (!d.removed[r] && d.links[r].id == ref.id) return r;
    }
    fail_at(o, key + ".link",
            "there is no road link with link_id " + std::to_string(*ref.id) +
                " in the network (link.csv, or removed by an earlier edit)");
  }
  auto rows = d.find(d.node(o, key, ref.from), d.node(o, key, ref.to));
  const std::string what =
      "road link " + std::to_string(ref.from) + " -> " + std::to_string(ref.to);
  if (rows.empty()) fail_at(o, key, "there is no " + what + " in the network");
  if (ref.name) {
    std::vector<std::size_t> named;
    for (auto r : rows) {
      if (d.links[r].name == *ref.name) named.push_back(r);
    }
    if (named.empty()) {
      fail_at(o, key + ".name",
              "no " + what + " is named " + quote_for_message(*ref.name) +
                  " (links there: " + id_list(d, rows) + ")");
    }
    rows = std::move(named);
  }
  return the_one(d, o, key, what, rows);
}

std::size_t resolve_reverse(const RoadDraft& d, const Origin& o, const std::string& key,
                            std::size_t row) {
  const auto& s = d.links[row];
  auto rows = d.find(s.to.value(), s.from.value());
  const std::string what = "road link " + std::to_string(d.nodes[s.to.value()].label) + " -> " +
                           std::to_string(d.nodes[s.from.value()].label) +
                           " (the reverse of link " + std::to_string(*s.id) + ")";
  if (rows.empty()) {
    fail_at(o, key, "there is no " + what + "; set both_directions = false for a one-way edit");
  }
  if (rows.size() > 1) {
    std::vector<std::size_t> named;
    for (auto r : rows) {
      if (d.links[r].name == s.name) named.push_back(r);
    }
    if (!named.empty()) rows = std::move(named);
  }
  return the_one(d, o, key, what, rows);
}

NewNode read_new_node(TableReader& parent, std::string_view key) {
  const auto* tbl = parent.optional_table(key);
  TableReader t(*tbl, parent.file(), parent.key_path(key));
  NewNode n;
  n.id = t.integer("id");
  n.lat = t.number("lat", -90.0, 90.0);
  n.lon = t.number("lon", -180.0, 180.0);
  t.finish();
  return n;
}

LinkProfile read_profile(TableReader& t) {
  LinkProfile p;
  p.length_km = t.optional_number("length_km", 0.001, 1000.0);
  p.lanes = static_cast<int>(t.optional_integer("lanes", 1, 8).value_or(1));
  p.speed_kmh = t.number("speed_kmh", 5.0, 200.0);
  p.capacity_per_lane = t.optional_number("capacity_per_lane", 100.0, 3000.0).value_or(1500.0);
  p.name = t.optional_string("name").value_or("");
  return p;
}

network::LinkSpec make_link(std::uint32_t from, std::uint32_t to, double length_km,
                            const LinkProfile& p) {
  network::LinkSpec s;
  s.from = NodeId(from);
  s.to = NodeId(to);
  s.length = length_km;
  s.speed = p.speed_kmh;
  s.free_flow_minutes = length_km / p.speed_kmh * 60.0;
  s.capacity = p.lanes * p.capacity_per_lane;
  s.name = p.name;
  return s;
}

void check_new_node(const EditState& s, const Origin& o, const std::string& key, const NewNode& n) {
  if (auto msg = model::check_position(s.box, n.lat, n.lon); !msg.empty()) {
    fail_at(o, key, "node " + std::to_string(n.id) + ": " + msg);
  }
}

void check_profile(const Origin& o, const std::string& key, const LinkProfile& p,
                   std::optional<double> crow_km) {
  const auto problems =
      model::check_link_attributes(p.speed_kmh, p.lanes, p.lanes * p.capacity_per_lane, false);
  if (!problems.empty()) fail_at(o, key, problems.front());
  if (p.length_km && crow_km) {
    if (auto msg = model::check_link_length(*p.length_km, *crow_km); !msg.empty()) {
      fail_at(o, key + ".length_km", msg);
    }
  }
}

std::string describe_profile(const LinkProfile& p) {
  std::string s;
  if (!p.name.empty()) s += quote_for_message(p.name) + ", ";
  if (p.length_km) s += short_number(*p.length_km) + " km, ";
  s += std::to_string(p.lanes) + (p.lanes == 1 ? " lane, " : " lanes, ") +
       short_number(p.speed_kmh) + " km/h, " + short_number(p.capacity_per_lane) +
       " veh/h per lane";
  return s;
}

}  // namespace corridor::scenario
