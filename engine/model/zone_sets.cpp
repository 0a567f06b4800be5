// Zone sets: building them from region.toml [zone_sets] and looking them up (zone_sets.hpp).
#include "model/zone_sets.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "io/text.hpp"

namespace corridor::model {
namespace {

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

// One set as written, before unions are resolved.
struct Definition {
  std::string name;
  std::size_t line = 0;
  std::vector<std::uint32_t> direct;                        // zones from attributes and `zones`
  std::vector<std::pair<std::string, std::size_t>> unions;  // set name, line
  std::string field_prefix;                                 // zone_sets.NAME
};

class Builder {
 public:
  Builder(const std::vector<Zone>& zones, const std::string& file, const ZoneSetRules& rules)
      : zones_(zones), file_(file), rules_(rules) {}

  Definition parse(const std::string& name, const toml::node& value) {
    Definition d;
    d.name = name;
    d.line = line_of(value);
    d.field_prefix = "zone_sets." + name;
    const auto* t = value.as_table();
    if (t == nullptr) {
      fail(d.line, d.field_prefix,
           "expected a table of selectors such as { country = \"NL\" }, { municipality = \"X\" }, "
           "{ zones = [...] } or { union = [...] }");
    }
    std::vector<bool> match(zones_.size(), true);
    bool has_attribute = false;
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      const std::string field = d.field_prefix + "." + key;
      if (key == "country" || key == "municipality" || key == "corridor") {
        has_attribute = true;
        const auto wanted = strings(v, field);
        for (const auto& [w, line] : wanted) check_attribute(key, w, line, field);
        for (std::size_t z = 0; z < zones_.size(); ++z) {
          const std::string have = fold_name(attribute(zones_[z], key));
          bool any = false;
          for (const auto& [w, line] : wanted) any = any || fold_name(w) == have;
          if (!any) match[z] = false;
        }
      } else if (key == "external") {
        has_attribute = true;
        const auto* b = v.as_boolean();
        if (b == nullptr) fail(line_of(v), field, "expected true or false");
        for (std::size_t z = 0; z < zones_.size(); ++z) {
          if (zones_[z].external != b->get()) match[z] = false;
        }
      } else if (key == "zones") {
        for (const auto& [z, line] : zone_refs(v, field)) d.direct.push_back(z);
      } else if (key == "union") {
        for (auto& ref : strings(v, field)) d.unions.push_back(ref);
      } else {
        fail(line_of(v), field,
             "unknown selector " + quote_for_message(key) +
                 "; expected country, municipality, corridor, external, zones or union");
      }
    }
    if (t->empty()) fail(d.line, d.field_prefix, "expected at least one selector");
    if (has_attribute) {
      for (std::uint32_t z = 0; z < zones_.size(); ++z) {
        if (match[z]) d.direct.push_back(z);
      }
    }
    return d;
  }

  [[noreturn]] void fail(std::size_t line, const std::string& field, const std::string& what) {
    throw_input_error(file_, line, field, what);
  }

 private:
  static const std::string& attribute(const Zone& z, const std::string& key) {
    if (key == "country") return z.country;
    if (key == "corridor") return z.corridor;
    return z.municipality;
  }

  // A string or an array of strings, each with its line.
  std::vector<std::pair<std::string, std::size_t>> strings(const toml::node& v,
                                                           const std::string& field) {
    std::vector<std::pair<std::string, std::size_t>> out;
    auto one = [&](const toml::node& n) {
      const auto* s = n.as_string();
      if (s == nullptr) fail(line_of(n), field, "expected a text value");
      out.emplace_back(s->get(), line_of(n));
    };
    if (const auto* a = v.as_array()) {
      for (const auto& n : *a) one(n);
      if (a->empty()) fail(line_of(v), field, "expected at least one value, got an empty list");
    } else {
      one(v);
    }
    return out;
  }

  void check_attribute(const std::string& key, const std::string& value, std::size_t line,
                       const std::string& field) {
    const std::vector<std::string>* declared = nullptr;
    if (key == "country" && !rules_.countries.empty()) declared = &rules_.countries;
    if (key == "corridor" && !rules_.corridors.empty()) declared = &rules_.corridors;
    std::set<std::string> known;
    if (declared != nullptr) {
      known.insert(declared->begin(), declared->end());
    } else {
      for (const auto& z : zones_) known.insert(attribute(z, key));
    }
    for (const auto& k : known) {
      if (fold_name(k) == fold_name(value)) return;
    }
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(line, field,
         "unknown " + key + " " + quote_for_message(value) + "; expected one of " + list);
  }

  // Zone names or zone ids.
  std::vector<std::pair<std::uint32_t, std::size_t>> zone_refs(const toml::node& v,
                                                               const std::string& field) {
    const auto* a = v.as_array();
    if (a == nullptr) fail(line_of(v), field, "expected a list of zone names or zone ids");
    std::vector<std::pair<std::uint32_t, std::size_t>> out;
    for (const auto& n : *a) {
      std::optional<std::uint32_t> z;
      std::string shown;
      if (const auto* i = n.as_integer()) {
        shown = std::to_string(i->get());
        if (i->get() >= 1 && i->get() <= static_cast<std::int64_t>(zones_.size())) {
          z = static_cast<std::uint32_t>(i->get() - 1);
        }
      } else if (const auto* s = n.as_string()) {
        shown = quote_for_message(s->get());
        const std::string q = fold_name(s->get());
        for (std::uint32_t k = 0; k < zones_.size() && !z; ++k) {
          if (fold_name(zones_[k].name) == q) z = k;
        }
      } else {
        fail(line_of(n), field, "expected a zone name (text) or a zone id (integer)");
      }
      if (!z) {
        fail(line_of(n), field,
             "no zone " + shown + " in zones.csv (expected a zone name or an id 1.." +
                 std::to_string(zones_.size()) + ")");
      }
      out.emplace_back(*z, line_of(n));
    }
    return out;
  }

  const std::vector<Zone>& zones_;
  const std::string& file_;
  const ZoneSetRules& rules_;
};

void normalise(std::vector<std::uint32_t>& zones) {
  std::sort(zones.begin(), zones.end());
  zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
}

// Automatic sets: all, country:XX, corridor:NAME, municipality:NAME (first-seen order by zone).
std::vector<ZoneSet> automatic_sets(const std::vector<Zone>& zones) {
  std::vector<ZoneSet> out;
  ZoneSet all{"all", {}};
  for (std::uint32_t z = 0; z < zones.size(); ++z) all.zones.push_back(z);
  out.push_back(std::move(all));
  for (const char* key : {"country", "corridor", "municipality"}) {
    std::map<std::string, std::size_t> index;  // folded value -> position in out
    for (std::uint32_t z = 0; z < zones.size(); ++z) {
      const std::string k = key;
      const std::string& v = k == "country"    ? zones[z].country
                             : k == "corridor" ? zones[z].corridor
                                               : zones[z].municipality;
      auto [it, fresh] = index.emplace(fold_name(v), out.size());
      if (fresh) out.push_back(ZoneSet{k + ":" + v, {}});
      out[it->second].zones.push_back(z);
    }
  }
  return out;
}

}  // namespace

std::vector<ZoneSet> build_zone_sets(const std::vector<Zone>& zones, const toml::table* section,
                                     const std::string& file, const ZoneSetRules& rules) {
  auto automatic = automatic_sets(zones);
  std::vector<Definition> defs;
  Builder b(zones, file, rules);
  std::map<std::string, std::size_t> by_name;  // folded name -> index in defs
  if (section != nullptr) {
    for (const auto& [k, v] : *section) {
      const std::string name(k.str());
      const std::string field = "zone_sets." + name;
      if (name.find(':') != std::string::npos || fold_name(name).empty() || name == "all") {
        b.fail(line_of(v), field,
               "a set name must be non-empty, not 'all' and without ':' (reserved for the "
               "automatic sets country:XX, corridor:NAME, municipality:NAME)");
      }
      if (by_name.count(fold_name(name)) != 0) {
        b.fail(line_of(v), field,
               "set " + quote_for_message(name) +
                   " is defined twice (names ignore case, "
                   "'-', '_' and spaces)");
      }
      by_name.emplace(fold_name(name), defs.size());
      defs.push_back(b.parse(name, v));
    }
  }
  // File order (toml++ keeps keys sorted).
  std::vector<std::size_t> order(defs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t c) { return defs[a].line < defs[c].line; });

  std::map<std::string, std::size_t> automatic_by_name;
  for (std::size_t i = 0; i < automatic.size(); ++i) {
    automatic_by_name.emplace(fold_name(automatic[i].name), i);
  }
  // Resolve unions depth-first; state 0 = new, 1 = on the stack, 2 = done.
  std::vector<int> state(defs.size(), 0);
  std::vector<std::vector<std::uint32_t>> resolved(defs.size());
  auto resolve = [&](auto&& self, std::size_t i) -> void {
    if (state[i] == 2) return;
    state[i] = 1;
    auto members = defs[i].direct;
    for (const auto& [ref, line] : defs[i].unions) {
      const std::string f = fold_name(ref);
      const std::string field = defs[i].field_prefix + ".union";
      if (auto it = by_name.find(f); it != by_name.end()) {
        if (state[it->second] == 1) {
          b.fail(line, field,
                 "set " + quote_for_message(ref) + " includes itself through its unions");
        }
        self(self, it->second);
        members.insert(members.end(), resolved[it->second].begin(), resolved[it->second].end());
      } else if (auto at = automatic_by_name.find(f); at != automatic_by_name.end()) {
        const auto& a = automatic[at->second].zones;
        members.insert(members.end(), a.begin(), a.end());
      } else {
        b.fail(line, field,
               "unknown zone set " + quote_for_message(ref) +
                   "; expected a set of [zone_sets] or an automatic one (all, country:XX, "
                   "corridor:NAME, municipality:NAME)");
      }
    }
    normalise(members);
    resolved[i] = std::move(members);
    state[i] = 2;
  };
  std::vector<ZoneSet> out;
  for (auto i : order) {
    resolve(resolve, i);
    out.push_back(ZoneSet{defs[i].name, resolved[i]});
  }
  for (auto& a : automatic) out.push_back(std::move(a));
  return out;
}

const ZoneSet* find_zone_set(const RegionModel& model, std::string_view name) {
  const std::string q = fold_name(name);
  for (const auto& s : model.zone_sets) {
    if (fold_name(s.name) == q) return &s;
  }
  return nullptr;
}

const ZoneSet& require_zone_set(const RegionModel& model, std::string_view name,
                                std::string_view file, std::size_t line, std::string_view field) {
  if (const auto* s = find_zone_set(model, name)) return *s;
  std::string known;
  for (const auto& s : model.zone_sets) {
    if (s.name.rfind("municipality:", 0) == 0) continue;  // many; named by the rule below
    known += (known.empty() ? "" : ", ") + s.name;
  }
  throw_input_error(file, line, field,
                    "unknown zone set " + quote_for_message(name) + "; known sets: " + known +
                        ", and municipality:NAME for each municipality (region.toml [zone_sets] "
                        "defines sets)");
}

}  // namespace corridor::model
