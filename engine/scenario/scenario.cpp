#include "scenario/scenario.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "io/text.hpp"
#include "io/toml_text.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {

namespace {

Origin origin_of(const TableReader& t) { return Origin{t.file(), t.line()}; }

NewNode read_new_node(const toml::table& tbl, const TableReader& parent, std::string_view key) {
  TableReader t(tbl, parent.file(), parent.key_path(key));
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

void read_road(const toml::table& tbl, const std::string& file, Edits& e) {
  TableReader road(tbl, file, "road");
  for (const auto* item : road.table_array("add_node")) {
    TableReader t(*item, file, "road.add_node");
    AddNode a{origin_of(t), {}};
    a.node.id = t.integer("id");
    a.node.lat = t.number("lat", -90.0, 90.0);
    a.node.lon = t.number("lon", -180.0, 180.0);
    t.finish();
    e.add_nodes.push_back(a);
  }
  for (const auto* item : road.table_array("add_link")) {
    TableReader t(*item, file, "road.add_link");
    AddLink a;
    a.origin = origin_of(t);
    if (const auto* n = t.optional_table("from_new")) {
      a.from_new = read_new_node(*n, t, "from_new");
      a.from = a.from_new->id;
      if (t.has("from")) t.fail("from", "give either 'from' or 'from_new', not both");
    } else {
      a.from = t.integer("from");
    }
    if (const auto* n = t.optional_table("to_new")) {
      a.to_new = read_new_node(*n, t, "to_new");
      a.to = a.to_new->id;
      if (t.has("to")) t.fail("to", "give either 'to' or 'to_new', not both");
    } else {
      a.to = t.integer("to");
    }
    a.profile = read_profile(t);
    a.both_directions = t.optional_bool("both_directions").value_or(true);
    t.finish();
    if (a.from == a.to) t.fail("to", "a link must join two different nodes");
    e.add_links.push_back(a);
  }
  for (const auto* item : road.table_array("change_link")) {
    TableReader t(*item, file, "road.change_link");
    ChangeLink c;
    c.origin = origin_of(t);
    c.from = t.integer("from");
    c.to = t.integer("to");
    c.both_directions = t.optional_bool("both_directions").value_or(false);
    c.speed_kmh = t.optional_number("speed_kmh", 5.0, 200.0);
    if (auto l = t.optional_integer("lanes", 1, 8)) c.lanes = static_cast<int>(*l);
    c.capacity_per_lane = t.optional_number("capacity_per_lane", 100.0, 3000.0);
    t.finish();
    if (!c.speed_kmh && !c.lanes && !c.capacity_per_lane) {
      throw_input_error(file, t.line(), "road.change_link",
                        "expected at least one of speed_kmh, lanes, capacity_per_lane");
    }
    e.change_links.push_back(c);
  }
  for (const auto* item : road.table_array("close_link")) {
    TableReader t(*item, file, "road.close_link");
    CloseLink c;
    c.origin = origin_of(t);
    c.from = t.integer("from");
    c.to = t.integer("to");
    c.both_directions = t.optional_bool("both_directions").value_or(true);
    t.finish();
    e.close_links.push_back(c);
  }
  for (const auto* item : road.table_array("add_junction")) {
    TableReader t(*item, file, "road.add_junction");
    AddJunction j;
    j.origin = origin_of(t);
    j.node.id = t.integer("id");
    const auto lat = t.optional_number("lat", -90.0, 90.0);
    const auto lon = t.optional_number("lon", -180.0, 180.0);
    if (lat.has_value() != lon.has_value()) t.fail(lat ? "lon" : "lat", "give both lat and lon");
    if (lat) {
      j.node.lat = *lat;
      j.node.lon = *lon;
      j.has_position = true;
    }
    const auto on = t.integer_array("on");
    if (on.size() != 2) t.fail("on", "expected [from_node, to_node] of the link to split");
    j.on_from = on[0];
    j.on_to = on[1];
    j.fraction = t.optional_number("fraction", 0.01, 0.99).value_or(0.5);
    j.both_directions = t.optional_bool("both_directions").value_or(true);
    j.connect_to = t.integer("connect_to");
    j.connection = read_profile(t);
    t.finish();
    e.add_junctions.push_back(j);
  }
  road.finish();
}

std::vector<double> read_minutes(TableReader& t, std::size_t n, bool cumulative) {
  auto m = t.number_array("minutes");
  if (m.size() != n) {
    t.fail("minutes", "expected " + std::to_string(n) + " values (one per stop), got " +
                          std::to_string(m.size()));
  }
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i] < 0.0 || (cumulative && i > 0 && m[i] <= m[i - 1]) || (!cumulative && m[i] <= 0.0)) {
      t.fail("minutes", cumulative ? "expected cumulative minutes starting at >= 0 and increasing"
                                   : "expected positive run minutes per new segment");
    }
  }
  return m;
}

void read_pt(const toml::table& tbl, const std::string& file, Edits& e) {
  TableReader pt(tbl, file, "pt");
  for (const auto* item : pt.table_array("add_stop")) {
    TableReader t(*item, file, "pt.add_stop");
    AddStop s;
    s.origin = origin_of(t);
    s.id = t.string("id");
    s.name = t.optional_string("name").value_or(s.id);
    s.lat = t.number("lat", -90.0, 90.0);
    s.lon = t.number("lon", -180.0, 180.0);
    s.zone = t.optional_string("zone").value_or("");
    t.finish();
    e.add_stops.push_back(s);
  }
  for (const auto* item : pt.table_array("add_line")) {
    TableReader t(*item, file, "pt.add_line");
    AddLine l;
    l.origin = origin_of(t);
    l.id = t.string("id");
    l.name = t.optional_string("name").value_or(l.id);
    l.mode = t.string("mode");
    if (l.mode != "rail" && l.mode != "bus" && l.mode != "coach" && l.mode != "tram") {
      t.fail("mode", "expected one of rail, bus, coach, tram, got " + quote_for_message(l.mode));
    }
    l.stops = t.string_array("stops");
    if (l.stops.size() < 2) t.fail("stops", "expected at least two stops");
    l.minutes = read_minutes(t, l.stops.size(), true);
    l.headway_peak_min = t.number("headway_peak_min", 1.0, 240.0);
    l.headway_offpeak_min = t.optional_number("headway_offpeak_min", 0.0, 480.0).value_or(0.0);
    if (l.headway_offpeak_min > 0.0 && l.headway_offpeak_min < 1.0) {
      t.fail("headway_offpeak_min", "expected 0 (no off-peak service) or at least 1 minute");
    }
    l.service_hours = t.optional_number("service_hours", 1.0, 24.0);
    t.finish();
    e.add_lines.push_back(l);
  }
  for (const auto* item : pt.table_array("change_headway")) {
    TableReader t(*item, file, "pt.change_headway");
    ChangeHeadway c;
    c.origin = origin_of(t);
    c.line = t.string("line");
    c.headway_peak_min = t.optional_number("headway_peak_min", 1.0, 240.0);
    c.headway_offpeak_min = t.optional_number("headway_offpeak_min", 0.0, 480.0);
    t.finish();
    if (!c.headway_peak_min && !c.headway_offpeak_min) {
      throw_input_error(file, t.line(), "pt.change_headway",
                        "expected headway_peak_min and/or headway_offpeak_min");
    }
    e.change_headways.push_back(c);
  }
  for (const auto* item : pt.table_array("extend_line")) {
    TableReader t(*item, file, "pt.extend_line");
    ExtendLine x;
    x.origin = origin_of(t);
    x.line = t.string("line");
    x.stops = t.string_array("stops");
    x.minutes = read_minutes(t, x.stops.size(), false);
    const auto at = t.optional_string("at").value_or("end");
    if (at != "end" && at != "start") t.fail("at", "expected \"end\" or \"start\"");
    x.at_start = at == "start";
    t.finish();
    e.extend_lines.push_back(x);
  }
  for (const auto* item : pt.table_array("transfer")) {
    TableReader t(*item, file, "pt.transfer");
    Transfer x;
    x.origin = origin_of(t);
    x.stop = t.string("stop");
    x.wait_factor = t.optional_number("wait_factor", 0.01, 1.0).value_or(0.3);
    t.finish();
    e.transfers.push_back(x);
  }
  for (const auto* item : pt.table_array("remove_line")) {
    TableReader t(*item, file, "pt.remove_line");
    RemoveLine r{origin_of(t), t.string("line")};
    t.finish();
    e.remove_lines.push_back(r);
  }
  pt.finish();
}

void read_land_use(TableReader& top, const std::string& file, Edits& e) {
  for (const auto* item : top.table_array("land_use")) {
    TableReader t(*item, file, "land_use");
    LandUse l;
    l.origin = origin_of(t);
    l.zone = t.string("zone");
    l.population = t.optional_number("population", 0.0, 1e8);
    l.jobs = t.optional_number("jobs", 0.0, 1e8);
    l.population_delta = t.optional_number("population_delta", -1e8, 1e8);
    l.jobs_delta = t.optional_number("jobs_delta", -1e8, 1e8);
    t.finish();
    if (l.population && l.population_delta) {
      t.fail("population_delta", "give population or population_delta, not both");
    }
    if (l.jobs && l.jobs_delta) t.fail("jobs_delta", "give jobs or jobs_delta, not both");
    if (!l.population && !l.jobs && !l.population_delta && !l.jobs_delta) {
      throw_input_error(file, t.line(), "land_use",
                        "expected population, jobs, population_delta or jobs_delta");
    }
    e.land_use.push_back(l);
  }
}

Parameters read_parameters(const toml::table& tbl, const std::string& file) {
  TableReader t(tbl, file, "parameters");
  Parameters p;
  if (const auto* vot = t.optional_table("value_of_time_eur_per_h")) {
    TableReader v(*vot, file, "parameters.value_of_time_eur_per_h");
    for (const char* purpose : {"commute", "business", "education", "other"}) {
      if (auto x = v.optional_number(purpose, 0.0, 500.0)) p.value_of_time_eur_per_h[purpose] = *x;
    }
    v.finish();
  }
  p.population_growth = t.optional_number("population_growth", 0.1, 10.0);
  p.jobs_growth = t.optional_number("jobs_growth", 0.1, 10.0);
  p.annualisation = t.optional_number("annualisation", 1.0, 366.0);
  t.finish();
  return p;
}

// [cost] and its [[cost.item]]s. investment_eur is required unless the table has items.
Cost read_cost(const toml::table& tbl, const std::string& file, std::vector<CostItem>& items) {
  TableReader t(tbl, file, "cost");
  Cost c;
  c.given = true;
  const auto item_tables = t.table_array("item");
  if (item_tables.empty()) {
    c.investment_eur = t.number("investment_eur", 0.0, 1e12);
  } else {
    c.investment_eur = t.optional_number("investment_eur", 0.0, 1e12).value_or(0.0);
  }
  c.operating_eur_per_year = t.optional_number("operating_eur_per_year", -1e10, 1e10).value_or(0.0);
  c.lifetime_years = t.optional_number("lifetime_years", 1.0, 200.0).value_or(30.0);
  c.discount_rate = t.optional_number("discount_rate", 0.0, 0.5).value_or(0.0225);
  t.finish();
  std::map<std::string, std::size_t> seen;  // id -> line
  for (const auto* item : item_tables) {
    TableReader it(*item, file, "cost.item");
    CostItem x;
    x.origin = origin_of(it);
    x.id = it.string("id");
    if (!valid_scenario_name(x.id)) {
      it.fail("id", "expected lower-case letters, digits and '-', '_', '+', '.' only, got " +
                        quote_for_message(x.id));
    }
    x.cost.given = true;
    x.cost.investment_eur = it.number("investment_eur", 0.0, 1e12);
    x.cost.operating_eur_per_year =
        it.optional_number("operating_eur_per_year", -1e10, 1e10).value_or(0.0);
    x.cost.lifetime_years =
        it.optional_number("lifetime_years", 1.0, 200.0).value_or(c.lifetime_years);
    x.cost.discount_rate = c.discount_rate;
    x.investment_line = it.line_of_key("investment_eur");
    x.operating_line = it.line_of_key("operating_eur_per_year");
    x.lifetime_line = it.line_of_key("lifetime_years");
    it.finish();
    const auto [at, inserted] = seen.emplace(x.id, it.line_of_key("id"));
    if (!inserted) {
      it.fail("id", "cost item " + quote_for_message(x.id) + " is defined twice (first on line " +
                        std::to_string(at->second) + ")");
    }
    items.push_back(std::move(x));
  }
  return c;
}

std::string number_text(double v) {
  std::ostringstream o;
  o << std::setprecision(17) << v;
  return o.str();
}

// Adds `x` to `items` unless an item with its id is there; the same id must carry the same numbers.
void merge_item(std::vector<CostItem>& items, const CostItem& x, const std::string& combination) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const CostItem& y) { return y.id == x.id; });
  if (it == items.end()) {
    items.push_back(x);
    return;
  }
  struct Field {
    const char* key;
    double a, b;
    std::size_t line_a, line_b;
  };
  const Field fields[] = {
      {"investment_eur", it->cost.investment_eur, x.cost.investment_eur, it->investment_line,
       x.investment_line},
      {"operating_eur_per_year", it->cost.operating_eur_per_year, x.cost.operating_eur_per_year,
       it->operating_line, x.operating_line},
      {"lifetime_years", it->cost.lifetime_years, x.cost.lifetime_years, it->lifetime_line,
       x.lifetime_line},
      {"discount_rate", it->cost.discount_rate, x.cost.discount_rate, it->origin.line,
       x.origin.line},
  };
  for (const auto& f : fields) {
    if (f.a == f.b) continue;
    throw_input_error(
        x.origin.file, f.line_b, std::string("cost.item.") + f.key,
        "the same value for cost item " + quote_for_message(x.id) + " in every part of '" +
            combination + "' (a combination counts it once): " + number_text(f.b) + " here, " +
            number_text(f.a) + " in " + it->origin.file + " line " + std::to_string(f.line_a));
  }
}

// own_costs followed by each item's cost.
std::vector<Cost> all_costs(const std::vector<Cost>& own, const std::vector<CostItem>& items) {
  std::vector<Cost> out = own;
  for (const auto& x : items) out.push_back(x.cost);
  return out;
}

}  // namespace

std::size_t Edits::count() const {
  return add_nodes.size() + add_links.size() + change_links.size() + close_links.size() +
         add_junctions.size() + add_stops.size() + add_lines.size() + change_headways.size() +
         extend_lines.size() + transfers.size() + remove_lines.size() + land_use.size();
}

bool valid_scenario_name(std::string_view name) {
  if (name.empty() || name.size() > 120 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '+' ||
           c == '.';
  });
}

Scenario parse_scenario(std::string_view text, const std::string& file_name,
                        const std::filesystem::path& dir) {
  const toml::table root = io::parse_toml(text, file_name);
  TableReader top(root, file_name, "");
  Scenario s;
  s.file = file_name;
  s.source_text = std::string(text);
  s.name = top.string("name");
  if (!valid_scenario_name(s.name)) {
    top.fail("name", "expected lower-case letters, digits and '-', '_', '+', '.' only, got " +
                         quote_for_message(s.name));
  }
  s.description = top.string("description");
  const auto base = top.string("base");
  s.base = std::filesystem::path(base).is_absolute() ? std::filesystem::path(base) : dir / base;
  s.base = s.base.lexically_normal();
  s.assumptions = top.string("assumptions");
  if (io::trim(s.assumptions).empty()) {
    top.fail("assumptions", "expected the assumptions and the FACTS line they rest on");
  }
  if (const auto* road = top.optional_table("road")) read_road(*road, file_name, s.edits);
  if (const auto* pt = top.optional_table("pt")) read_pt(*pt, file_name, s.edits);
  read_land_use(top, file_name, s.edits);
  if (const auto* p = top.optional_table("parameters"))
    s.parameters = read_parameters(*p, file_name);
  if (const auto* c = top.optional_table("cost")) s.cost = read_cost(*c, file_name, s.cost_items);
  top.finish();
  s.parts = {s.name};
  s.own_costs = {s.cost};
  s.part_costs = all_costs(s.own_costs, s.cost_items);
  s.validate();
  return s;
}

Scenario read_scenario(const std::filesystem::path& file) {
  const auto text = io::read_text_file(file);
  return parse_scenario(text, file.string(), file.parent_path());
}

void Scenario::validate() const {
  auto where = [](const Origin& o) { return o; };
  std::set<std::int64_t> new_nodes;
  auto add_node = [&](const Origin& o, const std::string& key, std::int64_t id) {
    if (!new_nodes.insert(id).second) {
      throw_input_error(o.file, o.line, key, "node " + std::to_string(id) + " is created twice");
    }
  };
  for (const auto& a : edits.add_nodes) add_node(where(a.origin), "road.add_node.id", a.node.id);
  for (const auto& a : edits.add_links) {
    if (a.from_new) add_node(a.origin, "road.add_link.from_new.id", a.from_new->id);
    if (a.to_new) add_node(a.origin, "road.add_link.to_new.id", a.to_new->id);
  }
  for (const auto& j : edits.add_junctions) add_node(j.origin, "road.add_junction.id", j.node.id);
  std::set<std::string> stops;
  for (const auto& s : edits.add_stops) {
    if (!stops.insert(s.id).second) {
      throw_input_error(s.origin.file, s.origin.line, "pt.add_stop.id",
                        "stop " + quote_for_message(s.id) + " is created twice");
    }
  }
  std::set<std::string> lines;
  for (const auto& l : edits.add_lines) {
    if (!lines.insert(l.id).second) {
      throw_input_error(l.origin.file, l.origin.line, "pt.add_line.id",
                        "line " + quote_for_message(l.id) + " is created twice");
    }
  }
}

Scenario combine(const std::vector<const Scenario*>& parts, const std::string& name) {
  if (parts.empty()) throw Error("combine: no scenarios given");
  Scenario out;
  out.name = name;
  out.base = parts.front()->base;
  out.parameters = parts.front()->parameters;
  for (const auto* p : parts) {
    if (p->base != out.base) {
      throw_input_error(p->file.string(), 0, "base",
                        "scenarios combined in '" + name + "' edit different bases (" +
                            out.base.string() + " vs " + p->base.string() + ")");
    }
    if (!out.description.empty()) out.description += " + ";
    out.description += p->description;
    if (!out.assumptions.empty()) out.assumptions += "\n";
    out.assumptions += "[" + p->name + "] " + p->assumptions;
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    append(out.edits.add_nodes, p->edits.add_nodes);
    append(out.edits.add_links, p->edits.add_links);
    append(out.edits.change_links, p->edits.change_links);
    append(out.edits.close_links, p->edits.close_links);
    append(out.edits.add_junctions, p->edits.add_junctions);
    append(out.edits.add_stops, p->edits.add_stops);
    append(out.edits.add_lines, p->edits.add_lines);
    append(out.edits.change_headways, p->edits.change_headways);
    append(out.edits.extend_lines, p->edits.extend_lines);
    append(out.edits.transfers, p->edits.transfers);
    append(out.edits.remove_lines, p->edits.remove_lines);
    append(out.edits.land_use, p->edits.land_use);
    append(out.parts, p->parts);
    append(out.own_costs, p->own_costs);
    for (const auto& x : p->cost_items) merge_item(out.cost_items, x, name);
    out.source_text += "# --- " + p->name + "\n" + p->source_text;
    if (p->parameters.population_growth != out.parameters.population_growth ||
        p->parameters.jobs_growth != out.parameters.jobs_growth) {
      throw_input_error(p->file.string(), 0, "parameters",
                        "scenarios combined in '" + name + "' assume different growth");
    }
  }
  out.part_costs = all_costs(out.own_costs, out.cost_items);
  out.cost.given = std::any_of(out.own_costs.begin(), out.own_costs.end(),
                               [](const Cost& c) { return c.given; });
  for (const auto& c : out.own_costs) {
    out.cost.investment_eur += c.investment_eur;
    out.cost.operating_eur_per_year += c.operating_eur_per_year;
  }
  out.validate();
  return out;
}

}  // namespace corridor::scenario
