// Reader of a region model's observed/ folder (observed.hpp).
#include "calibration/observed.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/error.hpp"
#include "core/file_system.hpp"
#include "demand/parameters.hpp"
#include "io/text.hpp"
#include "model/region_model.hpp"

namespace corridor::calibration {

const char* target_set_name(TargetSet s) {
  return s == TargetSet::calibration ? "calibration" : "validation";
}

const char* target_kind_name(TargetKind k) {
  switch (k) {
    case TargetKind::station:
      return "station";
    case TargetKind::link_count:
      return "link_count";
    case TargetKind::trips_between:
      return "trips_between";
    case TargetKind::destination_share:
      return "destination_share";
    case TargetKind::mode_share:
      return "mode_share";
    case TargetKind::trips_per_person:
      return "trips_per_person";
    case TargetKind::operator_boardings:
      return "operator_boardings";
    case TargetKind::truck_share:
      return "truck_share";
    case TargetKind::rail_access_share:
      return "rail_access_share";
  }
  return "?";
}

bool Target::is_count() const {
  return kind == TargetKind::station || kind == TargetKind::link_count ||
         kind == TargetKind::trips_between || kind == TargetKind::operator_boardings;
}

double Target::period_hours() const {
  return kind == TargetKind::link_count && period == CountPeriod::am_peak_hour ? 1.0 : 24.0;
}

namespace {

std::string fold(std::string_view s) {
  std::string out;
  for (const char c : io::trim(s)) {
    const char d = (c == '-' || c == '_') ? ' ' : c;
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(d))));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Modes a travel survey reports that the `modes` column and mode_share rows may name; the model
// may have fewer (rows naming a missing one are not modelled).
constexpr const char* kSurveyModes[] = {"car", "pt", "bike", "walk"};

bool is_survey_mode(std::string_view m) {
  return std::any_of(std::begin(kSurveyModes), std::end(kSurveyModes),
                     [&](const char* s) { return m == s; });
}

// demand::Mode index of a mode name, -1 when the model has no such mode.
int model_mode(std::string_view m) {
  for (std::size_t q = 0; q < demand::kModeCount; ++q) {
    if (m == demand::mode_name(static_cast<demand::Mode>(q))) return static_cast<int>(q);
  }
  return -1;
}

// "car+pt+bike" -> {"car", "pt", "bike"}: survey modes, each once.
std::vector<std::string> split_modes(const io::CsvReader& csv, std::size_t column,
                                     std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t plus = list.find('+', start);
    const std::size_t end = plus == std::string_view::npos ? list.size() : plus;
    const std::string m(io::trim(list.substr(start, end - start)));
    if (!is_survey_mode(m) || std::find(out.begin(), out.end(), m) != out.end()) {
      csv.fail(column, "expected modes joined by '+' (car, pt, bike, walk; each once), got '" +
                           std::string(list) + "'");
    }
    out.push_back(m);
    if (plus == std::string_view::npos) break;
    start = plus + 1;
  }
  return out;
}

}  // namespace

bool operator_matches(std::string_view line_operator, std::string_view filter) {
  if (filter.empty()) return true;
  const std::string f = fold(filter);
  if (fold(line_operator) == f) return true;
  std::size_t start = 0;
  while (start <= line_operator.size()) {
    const std::size_t slash = line_operator.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? line_operator.size() : slash;
    if (fold(line_operator.substr(start, end - start)) == f) return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

namespace {

class Reader {
 public:
  Reader(const model::RegionModel& region, const ZoneSetLookup& sets)
      : region_(region), sets_(sets) {
    // GMNS link_id -> LinkId.
    const auto& net = region.road;
    for (std::uint32_t a = 0; a < net.link_count(); ++a) link_of_id_[net.link_id(LinkId(a))] = a;
  }

  void stations(const std::filesystem::path& path, ObservedData& out) {
    io::CsvReader csv(path);
    const auto c_stop = csv.require_column("stop");
    const auto c_measure = csv.require_column("measure");
    const auto c_day = csv.require_column("day_type");
    const auto c_op = csv.optional_column("operator");
    Common common(csv);
    while (csv.next_row()) {
      Target t = common.read(csv, TargetKind::station);
      const std::string stop(csv.text(c_stop));
      const auto& stops = region_.transit.stops;
      auto it = std::find_if(stops.begin(), stops.end(),
                             [&](const auto& s) { return fold(s.id) == fold(stop); });
      if (it == stops.end())
        csv.fail(c_stop, "expected a stop_id of stops.csv, got '" + stop + "'");
      t.stop = static_cast<std::uint32_t>(it - stops.begin());
      const std::string m(csv.text(c_measure));
      if (m == "boardings") {
        t.measure = StationMeasure::boardings;
      } else if (m == "alightings") {
        t.measure = StationMeasure::alightings;
      } else if (m == "in_out") {
        t.measure = StationMeasure::in_out;
      } else {
        csv.fail(c_measure, "expected boardings, alightings or in_out, got '" + m + "'");
      }
      t.day_type = day_type(csv, c_day);
      t.operator_filter = std::string(csv.text_or(c_op, ""));
      require_operator(csv, c_op, t.operator_filter);
      t.label = "station " + it->id + " " + m + " " + std::string(csv.text(c_day)) +
                (t.operator_filter.empty() ? "" : " " + t.operator_filter) + " " +
                std::to_string(t.year);
      add(csv, std::move(t), out);
    }
  }

  void screenlines(const std::filesystem::path& path) {
    io::CsvReader csv(path);
    const auto c_name = csv.require_column("screenline");
    const LinkColumns lc(csv, false);
    while (csv.next_row()) {
      const std::string name(csv.text(c_name));
      if (name.empty()) csv.fail(c_name, "expected a screenline name");
      const std::uint32_t a = resolve_link(csv, lc);
      auto& links = screenlines_[fold(name)];
      if (std::find(links.begin(), links.end(), a) != links.end()) {
        csv.fail_row("expected each link once per screenline (duplicate row)");
      }
      links.push_back(a);
    }
  }

  void links(const std::filesystem::path& path, ObservedData& out) {
    io::CsvReader csv(path);
    const LinkColumns lc(csv, true);
    const auto c_class = csv.require_column("class");
    const auto c_period = csv.require_column("period");
    Common common(csv);
    while (csv.next_row()) {
      Target t = common.read(csv, TargetKind::link_count);
      std::string where;
      if (lc.screenline && csv.has_value(lc.screenline)) {
        t.links = screenline(csv, *lc.screenline);
        where = "screenline " + std::string(csv.text(*lc.screenline));
      } else {
        const std::uint32_t a = resolve_link(csv, lc);
        t.links = {a};
        where = "link " + std::to_string(region_.road.link_id(LinkId(a))) + " " +
                region_.road.link_name(LinkId(a));
      }
      const std::string cls(csv.text(c_class));
      if (cls == "all") {
        t.vehicle_class = VehicleClass::all;
      } else if (cls == "truck") {
        t.vehicle_class = VehicleClass::truck;
      } else {
        csv.fail(c_class, "expected all or truck, got '" + cls + "'");
      }
      const std::string per(csv.text(c_period));
      if (per == "day") {
        t.period = CountPeriod::day;
      } else if (per == "am_peak_hour") {
        t.period = CountPeriod::am_peak_hour;
      } else {
        csv.fail(c_period, "expected day or am_peak_hour, got '" + per + "'");
      }
      t.label = where + " " + cls + " " + per + " " + std::to_string(t.year);
      add(csv, std::move(t), out);
    }
  }

  void targets(const std::filesystem::path& path, ObservedData& out) {
    io::CsvReader csv(path);
    const auto c_kind = csv.require_column("kind");
    const auto c_purpose = csv.optional_column("purpose");
    const auto c_from = csv.optional_column("from_set");
    const auto c_to = csv.optional_column("to_set");
    const auto c_mode = csv.optional_column("mode");
    const auto c_modes = csv.optional_column("modes");
    const auto c_op = csv.optional_column("operator");
    const auto c_screen = csv.optional_column("screenline");
    const auto c_link_name = csv.optional_column("link_name");
    Common common(csv);
    while (csv.next_row()) {
      const std::string kind(csv.text(c_kind));
      static constexpr TargetKind kinds[] = {
          TargetKind::trips_between,    TargetKind::destination_share,  TargetKind::mode_share,
          TargetKind::trips_per_person, TargetKind::operator_boardings, TargetKind::truck_share,
          TargetKind::rail_access_share};
      const auto* k = std::find_if(std::begin(kinds), std::end(kinds),
                                   [&](TargetKind x) { return kind == target_kind_name(x); });
      if (k == std::end(kinds)) {
        csv.fail(c_kind,
                 "expected trips_between, destination_share, mode_share, trips_per_person, "
                 "operator_boardings, truck_share or rail_access_share, got '" +
                     kind + "'");
      }
      Target t = common.read(csv, *k);
      std::string what = kind;
      const bool share = *k == TargetKind::destination_share || *k == TargetKind::mode_share ||
                         *k == TargetKind::truck_share || *k == TargetKind::rail_access_share;
      if (share && t.value > 1.0) common.fail_value(csv, "expected a share in [0, 1]");
      const bool zonal = *k == TargetKind::trips_between || *k == TargetKind::destination_share ||
                         *k == TargetKind::mode_share || *k == TargetKind::trips_per_person;
      if (zonal) {
        t.purpose = purpose(csv, c_purpose);
        t.from_set = std::string(require(csv, c_from, "from_set"));
        t.from_zones = zone_set(csv, *c_from);
        what += " " + std::string(csv.text_or(c_purpose, "all")) + " " + t.from_set;
      }
      if (*k == TargetKind::trips_between || *k == TargetKind::destination_share) {
        t.to_set = std::string(require(csv, c_to, "to_set"));
        t.to_zones = zone_set(csv, *c_to);
        what += " -> " + t.to_set;
      }
      if (zonal && c_modes && csv.has_value(c_modes)) {
        const std::string list(csv.text(*c_modes));
        for (const auto& m : split_modes(csv, *c_modes, list)) {
          const int q = model_mode(m);
          if (q >= 0) {
            t.mode_mask |= 1u << static_cast<unsigned>(q);
          } else if (t.missing_mode.empty()) {
            t.missing_mode = m;
          }
        }
        what += " among " + list;
      }
      if (*k == TargetKind::mode_share) {
        const std::string m(require(csv, c_mode, "mode"));
        if (!is_survey_mode(m)) {
          csv.fail(*c_mode, "expected car, pt, bike or walk, got '" + m + "'");
        }
        t.mode = model_mode(m);
        if (t.mode < 0 && t.missing_mode.empty()) t.missing_mode = m;
        if (t.mode >= 0 && t.mode_mask != 0 &&
            (t.mode_mask & (1u << static_cast<unsigned>(t.mode))) == 0) {
          csv.fail(*c_mode, "expected one of the modes of the `modes` column, got '" + m + "'");
        }
        what += " " + m;
      }
      if (*k == TargetKind::rail_access_share) {
        t.access_mode = std::string(require(csv, c_mode, "mode"));
        if (t.access_mode != "walk" && t.access_mode != "bike" && t.access_mode != "car" &&
            t.access_mode != "pt") {
          csv.fail(*c_mode,
                   "expected walk, bike, car or pt (how rail passengers reach the station)");
        }
        what += " " + t.access_mode;
      }
      if (*k == TargetKind::operator_boardings) {
        t.operator_filter = std::string(require(csv, c_op, "operator"));
        require_operator(csv, c_op, t.operator_filter);
        what += " " + t.operator_filter;
      }
      if (*k == TargetKind::truck_share) {
        if (c_screen && csv.has_value(c_screen)) {
          t.links = screenline(csv, *c_screen);
          what += " screenline " + std::string(csv.text(*c_screen));
        } else {
          const std::string name(require(csv, c_link_name, "link_name (or screenline)"));
          for (std::uint32_t a = 0; a < region_.road.link_count(); ++a) {
            if (region_.road.link_name(LinkId(a)).find(name) != std::string::npos) {
              t.links.push_back(a);
            }
          }
          if (t.links.empty()) csv.fail(*c_link_name, "expected part of a link name in link.csv");
          what += " " + name;
        }
      }
      t.label = what + " " + std::to_string(t.year);
      add(csv, std::move(t), out);
    }
  }

 private:
  // Columns every file shares.
  struct Common {
    std::size_t value, year, source, set;
    std::optional<std::size_t> tolerance, bound, note;
    explicit Common(const io::CsvReader& csv)
        : value(csv.require_column("value")),
          year(csv.require_column("year")),
          source(csv.require_column("source")),
          set(csv.require_column("set")),
          tolerance(csv.optional_column("tolerance")),
          bound(csv.optional_column("bound")),
          note(csv.optional_column("note")) {}
    Target read(const io::CsvReader& csv, TargetKind kind) const {
      Target t;
      t.kind = kind;
      t.file = csv.file();
      t.line = csv.line_number();
      t.value = csv.number(value);
      if (t.value < 0.0) fail_value(csv, "expected a value >= 0");
      const auto y = csv.integer(year);
      if (y < 1900 || y > 2100) csv.fail(year, "expected a year (1900-2100)");
      t.year = static_cast<int>(y);
      t.source = std::string(csv.text(source));
      if (t.source.empty()) csv.fail(source, "expected the source of the figure");
      const std::string s(csv.text(set));
      if (s == "calibration") {
        t.set = TargetSet::calibration;
      } else if (s == "validation") {
        t.set = TargetSet::validation;
      } else {
        csv.fail(set, "expected calibration or validation, got '" + s + "'");
      }
      const std::string b(csv.text_or(bound, ""));
      if (b == "upper") {
        t.bound = Bound::upper;
      } else if (b == "lower") {
        t.bound = Bound::lower;
      } else if (!b.empty()) {
        csv.fail(*bound, "expected empty, upper or lower, got '" + b + "'");
      }
      const auto tol = parse_tolerance(csv.text_or(tolerance, ""), t.value);
      if (!tol) {
        csv.fail(*tolerance,
                 "expected a tolerance > 0: an absolute number or a percentage like 10%");
      }
      t.tolerance = *tol;
      t.note = std::string(csv.text_or(note, ""));
      return t;
    }
    [[noreturn]] void fail_value(const io::CsvReader& csv, const std::string& expected) const {
      csv.fail(value, expected + ", got '" + std::string(csv.text(value)) + "'");
    }
  };

  struct LinkColumns {
    std::optional<std::size_t> id, name, from, to, screenline;
    LinkColumns(const io::CsvReader& csv, bool allow_screenline)
        : id(csv.optional_column("link_id")),
          name(csv.optional_column("name")),
          from(csv.optional_column("from_node")),
          to(csv.optional_column("to_node")),
          screenline(allow_screenline ? csv.optional_column("screenline") : std::nullopt) {
      if (!id && !(from && to) && !screenline) {
        csv.fail_row("expected a link_id column, or from_node and to_node (with name)");
      }
    }
  };

  static std::string_view require(const io::CsvReader& csv, std::optional<std::size_t> col,
                                  const char* name) {
    if (!col || !csv.has_value(col)) {
      throw_input_error(csv.file(), csv.line_number(), name,
                        "expected a value for this kind of target");
    }
    return csv.text(*col);
  }

  DayType day_type(const io::CsvReader& csv, std::size_t col) const {
    const std::string d(csv.text(col));
    if (d == "weekday") return DayType::weekday;
    if (d == "day") return DayType::day;
    csv.fail(col, "expected weekday or day, got '" + d + "'");
  }

  int purpose(const io::CsvReader& csv, std::optional<std::size_t> col) const {
    const std::string p(csv.text_or(col, "all"));
    if (p == "all" || p.empty()) return -1;
    for (std::size_t k = 0; k < demand::kPurposeCount; ++k) {
      if (p == demand::purpose_name(static_cast<demand::Purpose>(k))) return static_cast<int>(k);
    }
    csv.fail(*col, "expected all, commute, business, education or other, got '" + p + "'");
  }

  void require_operator(const io::CsvReader& csv, std::optional<std::size_t> col,
                        const std::string& op) const {
    if (op.empty()) return;
    for (const auto& l : region_.transit.lines) {
      if (operator_matches(l.operator_name, op)) return;
    }
    csv.fail(*col, "expected an operator of lines.csv, got '" + op + "'");
  }

  std::vector<std::uint32_t> zone_set(const io::CsvReader& csv, std::size_t col) const {
    const std::string name(csv.text(col));
    auto zones = sets_(name);
    if (!zones) csv.fail(col, "expected a zone set of the region, got '" + name + "'");
    return *zones;
  }

  std::vector<std::uint32_t> screenline(const io::CsvReader& csv, std::size_t col) const {
    const std::string name(csv.text(col));
    auto it = screenlines_.find(fold(name));
    if (it == screenlines_.end())
      csv.fail(col, "expected a screenline of screenlines.csv, got '" + name + "'");
    return it->second;
  }

  std::uint32_t resolve_link(const io::CsvReader& csv, const LinkColumns& lc) const {
    const auto& net = region_.road;
    if (lc.id && csv.has_value(lc.id)) {
      const auto id = csv.integer(*lc.id);
      auto it = link_of_id_.find(id);
      if (it == link_of_id_.end()) {
        csv.fail(*lc.id,
                 "expected a link_id of link.csv, got '" + std::string(csv.text(*lc.id)) + "'");
      }
      const std::uint32_t a = it->second;
      if (lc.name && csv.has_value(lc.name) &&
          fold(csv.text(*lc.name)) != fold(net.link_name(LinkId(a)))) {
        csv.fail(*lc.name, "expected the name of link " + std::to_string(id) + " ('" +
                               net.link_name(LinkId(a)) + "')");
      }
      return a;
    }
    if (!lc.from || !lc.to) csv.fail_row("expected a link_id, or from_node and to_node");
    const auto from = net.find_node(csv.integer(*lc.from));
    if (!from.valid()) csv.fail(*lc.from, "expected a node_id of node.csv");
    const auto to = net.find_node(csv.integer(*lc.to));
    if (!to.valid()) csv.fail(*lc.to, "expected a node_id of node.csv");
    for (std::uint32_t a = net.out_offsets()[from.value()]; a < net.out_offsets()[from.value() + 1];
         ++a) {
      if (net.heads()[a] != to.value()) continue;
      if (lc.name && csv.has_value(lc.name) &&
          fold(csv.text(*lc.name)) != fold(net.link_name(LinkId(a)))) {
        continue;
      }
      return a;
    }
    csv.fail(*lc.to, "expected a link from node " + std::string(csv.text(*lc.from)) + " to node " +
                         std::string(csv.text(*lc.to)) +
                         (lc.name && csv.has_value(lc.name)
                              ? " named '" + std::string(csv.text(*lc.name)) + "'"
                              : ""));
  }

  void add(const io::CsvReader& csv, Target t, ObservedData& out) {
    auto [it, fresh] = first_line_.emplace(t.label, t.line);
    if (!fresh) {
      csv.fail_row("expected one row per figure: '" + t.label + "' is already on line " +
                   std::to_string(it->second));
    }
    out.targets.push_back(std::move(t));
  }

  const model::RegionModel& region_;
  const ZoneSetLookup& sets_;
  std::map<std::int64_t, std::uint32_t> link_of_id_;  // GMNS link_id -> LinkId
  std::map<std::string, std::vector<std::uint32_t>> screenlines_;
  std::map<std::string, std::size_t> first_line_;
};

}  // namespace

std::optional<double> parse_tolerance(std::string_view text, double value) {
  text = io::trim(text);
  if (text.empty()) {
    const double t = 0.1 * std::abs(value);
    return t > 0.0 ? std::optional<double>(t) : std::nullopt;
  }
  const bool relative = text.back() == '%';
  if (relative) text.remove_suffix(1);
  const auto v = io::try_parse_double(io::trim(text));
  if (!v || !(*v > 0.0)) return std::nullopt;
  const double t = relative ? *v / 100.0 * std::abs(value) : *v;
  return t > 0.0 ? std::optional<double>(t) : std::nullopt;
}

ZoneSetLookup region_zone_sets(const model::RegionModel& region) {
  return [&region](std::string_view name) -> std::optional<std::vector<std::uint32_t>> {
    if (const auto* set = model::find_zone_set(region, name)) return set->zones;
    const std::string n = fold(name);
    if (n.rfind("zone:", 0) == 0) {
      if (auto z = model::find_zone(region, io::trim(name.substr(name.find(':') + 1)))) {
        return std::vector<std::uint32_t>{*z};
      }
    }
    return std::nullopt;
  };
}

ObservedData read_observed(const model::RegionModel& region, const std::filesystem::path& folder,
                           const ZoneSetLookup& zone_sets) {
  if (!corridor::is_directory(folder)) {
    throw_input_error(folder.string(), 0, "",
                      "expected a folder with the observed figures (observed/)");
  }
  ObservedData out;
  out.folder = folder;
  Reader r(region, zone_sets);
  if (path_exists(folder / "stations.csv")) r.stations(folder / "stations.csv", out);
  if (path_exists(folder / "screenlines.csv")) r.screenlines(folder / "screenlines.csv");
  if (path_exists(folder / "links.csv")) r.links(folder / "links.csv", out);
  if (path_exists(folder / "targets.csv")) r.targets(folder / "targets.csv", out);
  return out;
}

ObservedData read_observed_links(const model::RegionModel& region,
                                 const std::filesystem::path& links_csv) {
  if (!corridor::is_regular_file(links_csv)) {
    throw_input_error(links_csv.string(), 0, "", "expected a link counts file (links.csv format)");
  }
  ObservedData out;
  out.folder = links_csv.parent_path();
  const auto zone_sets = region_zone_sets(region);
  Reader r(region, zone_sets);
  const auto screens = links_csv.parent_path() / "screenlines.csv";
  if (path_exists(screens)) r.screenlines(screens);
  r.links(links_csv, out);
  return out;
}

}  // namespace corridor::calibration
