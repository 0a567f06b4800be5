// The cost–benefit quantities and indicators of a scenario (result.hpp, cost_benefit.hpp).
#include <algorithm>

#include "core/error.hpp"
#include "scenario/apply.hpp"
#include "scenario/result.hpp"

namespace corridor::scenario {

namespace {

// Vehicle-km and vehicle-hours per weekday of one line: departures per direction =
// min(P, S) · 60 / h_peak + max(0, S − P) · 60 / h_offpeak (S: service hours, P: peak hours of the
// day, a headway of kNoService runs nothing), × 2 for lines in both directions; × route km
// (great-circle between consecutive stops × km_per_crow_km of the mode) and × run minutes / 60
// (timetabled running time, no layover). {0, 0} for a line of fewer than two stops.
std::pair<double, double> line_service(const transit::TransitData& data, const transit::Line& l,
                                       const AppraisalParameters& p) {
  if (l.stops.size() < 2) return {0.0, 0.0};
  const double S = l.service_hours;
  const double P = std::min(p.pt_peak_hours_per_day, S);
  double departures = 0.0;
  if (std::isfinite(l.headway_peak_min) && l.headway_peak_min > 0.0)
    departures += P * 60.0 / l.headway_peak_min;
  if (std::isfinite(l.headway_offpeak_min) && l.headway_offpeak_min > 0.0)
    departures += std::max(0.0, S - P) * 60.0 / l.headway_offpeak_min;
  if (l.both_directions) departures *= 2.0;
  const auto unit = p.operating.find(transit::mode_name(l.mode));
  const double factor = unit != p.operating.end() ? unit->second.km_per_crow_km : 1.0;
  double crow_km = 0.0;
  for (std::size_t k = 0; k + 1 < l.stops.size(); ++k) {
    const auto& a = data.stops[l.stops[k].stop];
    const auto& b = data.stops[l.stops[k + 1].stop];
    crow_km += great_circle_km(a.lat, a.lon, b.lat, b.lon);
  }
  const double minutes = l.stops.back().minutes - l.stops.front().minutes;
  return {departures * crow_km * factor, departures * minutes / 60.0};
}

// The same summed by transit mode name over every line of `data`: mode → (km, hours).
std::map<std::string, std::pair<double, double>> service(const transit::TransitData& data,
                                                         const AppraisalParameters& p) {
  std::map<std::string, std::pair<double, double>> out;
  for (const auto& l : data.lines) {
    if (l.stops.size() < 2) continue;
    const auto [km, hours] = line_service(data, l, p);
    auto& row = out[transit::mode_name(l.mode)];
    row.first += km;
    row.second += hours;
  }
  return out;
}

}  // namespace

void add_cba_quantities(const RunView& base, const RunView& scen, const Scenario& scenario,
                        const AppraisalParameters& appraisal, ScenarioResult& out) {
  auto& h = out.headline;
  auto& q = h.quantities;
  h.land_use = !scenario.edits.of_kind("land_use").empty();
  const auto r0 = road_class_totals(base);
  const auto r1 = road_class_totals(scen);
  q.car_vehicle_km_delta = r1.car_vehicle_km - r0.car_vehicle_km;
  q.truck_vehicle_km_delta = r1.truck_vehicle_km - r0.truck_vehicle_km;
  const auto s0 = service(base.model.transit, appraisal);
  const auto s1 = service(scen.model.transit, appraisal);
  for (const auto& [mode, v] : s0) {
    q.service[mode].vehicle_km_before = v.first;
    q.service[mode].vehicle_hours_before = v.second;
  }
  for (const auto& [mode, v] : s1) {
    q.service[mode].vehicle_km_after = v.first;
    q.service[mode].vehicle_hours_after = v.second;
  }
  auto& ind = h.indicators;
  ind.border_vehicles_before = r0.border_vehicles;
  ind.border_vehicles_after = r1.border_vehicles;
  ind.border_links = r1.border_links;
  // Population-weighted mean jobs reachable over internal zones, the scenario's population.
  double pop = 0.0;
  for (std::size_t z = 0; z < out.zones.size(); ++z) {
    if (scen.model.zones[z].external) continue;
    const auto& row = out.zones[z];
    pop += row.population;
    for (std::size_t k = 0; k < 3; ++k) {
      ind.jobs_car_before[k] += row.population * row.jobs_car_before[k];
      ind.jobs_car_after[k] += row.population * row.jobs_car_after[k];
      ind.jobs_pt_before[k] += row.population * row.jobs_pt_before[k];
      ind.jobs_pt_after[k] += row.population * row.jobs_pt_after[k];
    }
  }
  if (pop > 0.0) {
    for (auto* a :
         {&ind.jobs_car_before, &ind.jobs_car_after, &ind.jobs_pt_before, &ind.jobs_pt_after})
      for (auto& v : *a) v /= pop;
  }
}

std::vector<std::map<std::string, ServiceTotals>> service_by_part(
    const transit::TransitData& base, const transit::TransitData& scen,
    const AppliedChanges& changes, std::size_t parts, const AppraisalParameters& appraisal) {
  std::vector<std::map<std::string, ServiceTotals>> out(std::max<std::size_t>(parts, 1));
  // Every line id of either network, with its service before and after (a line may change mode
  // only by being removed and added again, so the mode of either side is the line's).
  struct Side {
    std::string mode;
    double km_before = 0, km_after = 0, hours_before = 0, hours_after = 0;
  };
  std::map<std::string, Side> lines;
  for (const auto& l : base.lines) {
    const auto [km, hours] = line_service(base, l, appraisal);
    auto& x = lines[l.id];
    x.mode = transit::mode_name(l.mode);
    x.km_before = km;
    x.hours_before = hours;
  }
  for (const auto& l : scen.lines) {
    const auto [km, hours] = line_service(scen, l, appraisal);
    auto& x = lines[l.id];
    x.mode = transit::mode_name(l.mode);
    x.km_after = km;
    x.hours_after = hours;
  }
  for (const auto& [id, x] : lines) {
    if (x.km_before == x.km_after && x.hours_before == x.hours_after) continue;
    std::vector<std::size_t> to;
    if (const auto it = changes.line_parts.find(id); it != changes.line_parts.end())
      to = it->second;
    if (to.empty())  // changed, yet named by no edit: every part alike
      for (std::size_t k = 0; k < out.size(); ++k) to.push_back(k);
    const double share = 1.0 / static_cast<double>(to.size());
    for (const auto k : to) {
      auto& t = out.at(k)[x.mode];
      t.vehicle_km_before += share * x.km_before;
      t.vehicle_km_after += share * x.km_after;
      t.vehicle_hours_before += share * x.hours_before;
      t.vehicle_hours_after += share * x.hours_after;
    }
  }
  return out;
}

AppraisalParameters scenario_appraisal(const AppraisalParameters& region,
                                       const model::RegionModel& model, const Scenario& scenario) {
  AppraisalParameters p = region;
  p.values_of_time = values_of_time(scenario.parameters, model.values_of_time);
  return p;
}

void apply_appraisal(Headline& h, const AppraisalParameters& p,
                     std::optional<double> operator_eur_per_weekday) {
  if (h.land_use) {
    h.cba = CostBenefit{};
    h.benefit_eur_per_day = h.benefit_eur_per_year = 0.0;
    h.benefit_cost_ratio = 0.0;
    return;
  }
  h.cba = appraise(h.quantities, p, operator_eur_per_weekday);
  // The ranking's money columns are the cost–benefit analysis's (docs/comparing-quick-wins.md).
  h.benefit_eur_per_year = h.cba.benefits_eur_per_year;
  h.benefit_eur_per_day = p.values_of_time.annualisation > 0.0
                              ? h.benefit_eur_per_year / p.values_of_time.annualisation
                              : 0.0;
  h.benefit_cost_ratio = h.cba.benefit_cost_ratio;
  h.benefit_eur_per_year_by_country = h.cba.time_eur_per_year_by_country;
}

}  // namespace corridor::scenario
