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

// Every registered kind's tables, in registry order; a road.* or pt.* table that no kind reads is
// an unknown key.
void read_edits(TableReader& top, const std::string& file, Edits& e) {
  std::map<std::string, std::unique_ptr<TableReader>, std::less<>> groups;  // "road", "pt"
  std::map<std::string, const toml::table*, std::less<>> group_tables;
  for (const auto& kind : edit_kinds()) {
    const auto dot = kind.table.find('.');
    TableReader* reader = &top;
    std::string_view name = kind.table;
    if (dot != std::string_view::npos) {
      const std::string group(kind.table.substr(0, dot));
      name = kind.table.substr(dot + 1);
      auto it = groups.find(group);
      if (it == groups.end()) {
        const auto* tbl = top.optional_table(group);
        it = groups.emplace(group, tbl ? std::make_unique<TableReader>(*tbl, file, group) : nullptr)
                 .first;
      }
      reader = it->second.get();
      if (!reader) continue;
    }
    for (const auto* item : reader->table_array(name)) {
      TableReader t(*item, file, std::string(kind.table));
      auto edit = kind.parse(t);
      edit->origin = origin_of(t);
      edit->kind = std::string(kind.table);
      edit->stage = kind.stage;
      e.items.push_back(std::move(edit));
    }
  }
  for (const auto& [group, reader] : groups) {
    if (reader) reader->finish();
  }
  e.order();
}

Parameters read_parameters(const toml::table& tbl, const std::string& file) {
  TableReader t(tbl, file, "parameters");
  Parameters p;
  if (const auto* vot = t.optional_table("value_of_time_eur_per_h")) {
    TableReader v(*vot, file, "parameters.value_of_time_eur_per_h");
    for (const char* purpose : {"commute", "business", "education", "other"}) {
      if (auto x = v.optional_number(purpose, 0.0, 500.0)) {
        p.value_of_time_eur_per_h[purpose] = *x;
        p.origins[std::string("value_of_time_eur_per_h.") + purpose] = {file,
                                                                        v.line_of_key(purpose)};
      }
    }
    v.finish();
  }
  p.population_growth = t.optional_number("population_growth", 0.1, 10.0);
  p.jobs_growth = t.optional_number("jobs_growth", 0.1, 10.0);
  p.annualisation = t.optional_number("annualisation", 1.0, 366.0);
  for (const char* key : {"population_growth", "jobs_growth", "annualisation"}) {
    if (t.has(key)) p.origins[key] = {file, t.line_of_key(key)};
  }
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

// Merges one value: unset takes `b`; equal values merge; different values are an error at b's
// file and line naming a's.
void merge_value(std::optional<double>& a, Origin& a_at, const std::optional<double>& b,
                 const Origin& b_at, const std::string& key, const std::string& combination) {
  if (!b) return;
  if (!a) {
    a = b;
    a_at = b_at;
    return;
  }
  if (*a == *b) return;
  throw_input_error(b_at.file, b_at.line, "parameters." + key,
                    "the same value in every part of '" + combination + "': " + number_text(*b) +
                        " here, " + number_text(*a) + " in " + a_at.file + " line " +
                        std::to_string(a_at.line));
}

void merge_parameters(Parameters& out, const Parameters& p, const std::string& combination) {
  auto origin = [](const Parameters& x, const std::string& key) {
    const auto it = x.origins.find(key);
    return it == x.origins.end() ? Origin{} : it->second;
  };
  auto merge = [&](std::optional<double>& a, const std::optional<double>& b, const char* key) {
    Origin at = origin(out, key);
    merge_value(a, at, b, origin(p, key), key, combination);
    if (a) out.origins[key] = at;
  };
  merge(out.population_growth, p.population_growth, "population_growth");
  merge(out.jobs_growth, p.jobs_growth, "jobs_growth");
  merge(out.annualisation, p.annualisation, "annualisation");
  for (const auto& [purpose, value] : p.value_of_time_eur_per_h) {
    const std::string key = "value_of_time_eur_per_h." + purpose;
    std::optional<double> a;
    if (auto it = out.value_of_time_eur_per_h.find(purpose);
        it != out.value_of_time_eur_per_h.end()) {
      a = it->second;
    }
    Origin at = origin(out, key);
    merge_value(a, at, value, origin(p, key), key, combination);
    out.value_of_time_eur_per_h[purpose] = *a;
    out.origins[key] = at;
  }
}

// own_costs followed by each item's cost.
std::vector<Cost> all_costs(const std::vector<Cost>& own, const std::vector<CostItem>& items) {
  std::vector<Cost> out = own;
  for (const auto& x : items) out.push_back(x.cost);
  return out;
}

}  // namespace

std::vector<const Edit*> Edits::of_kind(std::string_view kind) const {
  std::vector<const Edit*> out;
  for (const auto& e : items) {
    if (e->kind == kind) out.push_back(e.get());
  }
  return out;
}

void Edits::order() {
  std::vector<std::size_t> idx(items.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return items[a]->stage < items[b]->stage; });
  std::vector<std::shared_ptr<const Edit>> sorted;
  std::vector<std::size_t> parts;
  for (const auto i : idx) {
    sorted.push_back(items[i]);
    if (!part_of.empty()) parts.push_back(part_of[i]);
  }
  items = std::move(sorted);
  part_of = std::move(parts);
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
  s.title = io::trim(top.optional_string("title").value_or(s.name));
  if (s.title.empty()) top.fail("title", "expected a non-empty title (or no title key)");
  s.description = top.string("description");
  const auto base = top.string("base");
  s.base = std::filesystem::path(base).is_absolute() ? std::filesystem::path(base) : dir / base;
  s.base = s.base.lexically_normal();
  s.assumptions = top.string("assumptions");
  if (io::trim(s.assumptions).empty()) {
    top.fail("assumptions", "expected the assumptions and the FACTS line they rest on");
  }
  read_edits(top, file_name, s.edits);
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
  std::set<std::int64_t> nodes;
  std::set<std::string> stops;
  std::set<std::string> lines;
  for (const auto& e : edits.items) {
    const auto c = e->created();
    for (const auto& [key, id] : c.nodes) {
      if (!nodes.insert(id).second) {
        fail_at(e->origin, key, "node " + std::to_string(id) + " is created twice");
      }
    }
    for (const auto& id : c.stops) {
      if (!stops.insert(id).second) {
        fail_at(e->origin, "pt.add_stop.id", "stop " + quote_for_message(id) + " is created twice");
      }
    }
    for (const auto& id : c.lines) {
      if (!lines.insert(id).second) {
        fail_at(e->origin, "pt.add_line.id", "line " + quote_for_message(id) + " is created twice");
      }
    }
  }
}

Scenario combine(const std::vector<const Scenario*>& parts, const std::string& name) {
  if (parts.empty()) throw Error("combine: no scenarios given");
  Scenario out;
  out.name = name;
  out.base = parts.front()->base;
  for (const auto* p : parts) {
    if (p->base != out.base) {
      throw_input_error(p->file.string(), 0, "base",
                        "scenarios combined in '" + name + "' edit different bases (" +
                            out.base.string() + " vs " + p->base.string() + ")");
    }
    if (!out.title.empty()) out.title += " + ";
    out.title += p->title;
    if (!out.description.empty()) out.description += " + ";
    out.description += p->description;
    if (!out.assumptions.empty()) out.assumptions += "\n";
    out.assumptions += "[" + p->name + "] " + p->assumptions;
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    const std::size_t first_part = out.parts.size();
    for (std::size_t i = 0; i < p->edits.count(); ++i)
      out.edits.part_of.push_back(first_part + p->edits.part(i));
    append(out.edits.items, p->edits.items);
    append(out.parts, p->parts);
    append(out.own_costs, p->own_costs);
    for (const auto& x : p->cost_items) merge_item(out.cost_items, x, name);
    out.source_text += "# --- " + p->name + "\n" + p->source_text;
    merge_parameters(out.parameters, p->parameters, name);
  }
  out.edits.order();
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
