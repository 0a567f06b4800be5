// Reading link counts for matrix estimation (format in matrix_estimation.hpp and
// docs/matrix-estimation.md).
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "calibration/matrix_estimation.hpp"
#include "calibration/observed.hpp"
#include "core/error.hpp"
#include "io/text.hpp"

namespace corridor::calibration {

std::vector<LinkCount> read_link_counts(const std::filesystem::path& path,
                                        const network::RoadNetwork& net,
                                        std::span<const std::string> class_names) {
  io::CsvReader csv(path);
  const auto from_col = csv.require_column("from_node");
  const auto to_col = csv.require_column("to_node");
  const auto count_col = csv.require_column("count");
  const auto class_col = csv.optional_column("class");
  const auto tol_col = csv.optional_column("tolerance");
  const auto off = net.out_offsets();
  const auto heads = net.heads();

  std::vector<LinkCount> counts;
  std::map<std::pair<std::uint32_t, int>, std::size_t> first_line;  // (first link, class) -> line
  while (csv.next_row()) {
    const std::int64_t from_label = csv.integer(from_col);
    const std::int64_t to_label = csv.integer(to_col);
    const NodeId from = net.find_node(from_label);
    const NodeId to = net.find_node(to_label);
    if (!from.valid())
      csv.fail(from_col, "expected a node of the network, got " + std::to_string(from_label));
    if (!to.valid())
      csv.fail(to_col, "expected a node of the network, got " + std::to_string(to_label));
    LinkCount c;
    for (auto a = off[from.value()]; a < off[from.value() + 1]; ++a) {
      if (heads[a] == to.value()) c.links.push_back(a);
    }
    if (c.links.empty()) {
      csv.fail(to_col, "expected a link of the network, but there is no link from node " +
                           std::to_string(from_label) + " to node " + std::to_string(to_label));
    }
    const std::string cls(csv.text_or(class_col, "all"));
    if (cls.empty() || cls == "all") {
      c.demand_class = kAllClasses;
    } else {
      const auto it = std::find(class_names.begin(), class_names.end(), cls);
      if (it == class_names.end()) {
        std::string known = "all";
        for (const auto& n : class_names) known += ", " + n;
        csv.fail(*class_col,
                 "expected a demand class (" + known + "), got " + quote_for_message(cls));
      }
      c.demand_class = static_cast<int>(it - class_names.begin());
    }
    c.count = csv.number(count_col);
    if (!(c.count >= 0.0)) {
      csv.fail(count_col, "expected a non-negative number of vehicles, got " +
                              quote_for_message(csv.text(count_col)));
    }
    if (csv.has_value(tol_col)) {
      std::string_view t = csv.text(*tol_col);
      const bool percent = !t.empty() && t.back() == '%';
      if (percent) t.remove_suffix(1);
      const auto v = io::try_parse_double(io::trim(t));
      if (!v || !(*v >= 0.0)) {
        csv.fail(*tol_col,
                 "expected a non-negative number of vehicles or a percentage like '10%', got " +
                     quote_for_message(csv.text(*tol_col)));
      }
      c.tolerance = percent ? *v / 100.0 * c.count : *v;
    }
    c.label = std::to_string(from_label) + "-" + std::to_string(to_label);
    if (c.demand_class != kAllClasses) c.label += " " + cls;
    const auto key = std::make_pair(c.links.front(), c.demand_class);
    const auto [it, fresh] = first_line.emplace(key, csv.line_number());
    if (!fresh) {
      csv.fail(to_col, "expected one row per link and class, but link " +
                           std::to_string(from_label) + "-" + std::to_string(to_label) +
                           " (class " + (cls.empty() ? "all" : cls) +
                           ") was already counted on line " + std::to_string(it->second));
    }
    counts.push_back(std::move(c));
  }
  if (counts.empty()) {
    throw InputError({path.string(), 0, ""}, "expected at least one count (the file has none)");
  }
  return counts;
}

std::vector<LinkCount> link_counts_from_observed(const ObservedData& observed,
                                                 const network::RoadNetwork& observed_net,
                                                 const network::RoadNetwork& net,
                                                 std::span<const std::string> class_names,
                                                 const ObservedCountOptions& options) {
  std::map<std::int64_t, std::uint32_t> link_of_id;
  for (std::uint32_t a = 0; a < net.link_count(); ++a) link_of_id[net.link_id(LinkId(a))] = a;
  int truck = kAllClasses;
  for (std::size_t k = 0; k < class_names.size(); ++k) {
    if (class_names[k] == "truck" || class_names[k].rfind("truck_", 0) == 0) {
      truck = static_cast<int>(k);
      break;
    }
  }
  std::vector<LinkCount> counts;
  for (const auto& t : observed.targets) {
    if (t.kind != TargetKind::link_count) continue;
    if (t.set == TargetSet::calibration ? !options.calibration : !options.validation) continue;
    auto fail = [&](const char* field, const std::string& expected) {
      throw InputError({t.file, t.line, field}, expected);
    };
    if (t.bound != Bound::none) fail("bound", "expected a count, not a bound, for estimation");
    double factor = 1.0;
    if (t.period == CountPeriod::day) {
      if (!(options.day_factor > 0.0)) {
        fail("period",
             "expected am_peak_hour (the assigned matrices' period); a day count needs "
             "--day-factor (the period's share of a day)");
      }
      factor = options.day_factor;
    }
    LinkCount c;
    for (const auto a : t.links) {
      const auto it = link_of_id.find(observed_net.link_id(LinkId(a)));
      if (it == link_of_id.end()) {
        fail("link_id", "expected a link of the network, got link_id " +
                            std::to_string(observed_net.link_id(LinkId(a))));
      }
      c.links.push_back(it->second);
    }
    if (t.vehicle_class == VehicleClass::truck) {
      if (truck == kAllClasses) {
        fail("class", "expected a demand class named truck or truck_... for a truck count");
      }
      c.demand_class = truck;
    }
    c.count = t.value * factor;
    c.tolerance = t.tolerance * factor;
    c.label = t.label;
    counts.push_back(std::move(c));
  }
  if (counts.empty()) {
    throw InputError({observed.folder.string(), 0, "set"},
                     "expected at least one link count of the sets asked for (calibration" +
                         std::string(options.validation ? ", validation" : "") + ")");
  }
  return counts;
}

}  // namespace corridor::calibration
