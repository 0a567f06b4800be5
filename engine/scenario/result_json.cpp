// result.json: the Headline as JSON and its strict inverse (result_io.hpp).
#include <array>
#include <string>

#include "core/error.hpp"
#include "scenario/result_io.hpp"

namespace corridor::scenario {

namespace {

using nlohmann::json;

const char* mode_key(std::size_t m) { return demand::mode_name(static_cast<demand::Mode>(m)); }
const char* purpose_key(std::size_t q) {
  return demand::purpose_name(static_cast<demand::Purpose>(q));
}
std::string minutes_key(std::size_t k) {
  return std::to_string(static_cast<int>(kAccessMinutes[k])) + "min";
}

json line_json(const LineRow& l) {
  return {{"line", l.line},
          {"mode", l.mode},
          {"status", l.status},
          {"daily_boardings", l.daily_boardings},
          {"base_daily_boardings", l.base_daily_boardings},
          {"cross_border_boardings", l.cross_border_boardings}};
}

// result.json "benefit_decomposition": {"internal_residents": {"hours_per_day", "by_mode",
// "by_purpose"}, ..., "mostly_intrazonal"}.
constexpr std::array<const char*, 5> kPartKeys{"internal_residents", "external_residents",
                                               "intrazonal", "domestic", "cross_border"};
std::array<BenefitPart*, 5> parts_of(BenefitDecomposition& d) {
  return {&d.internal_residents, &d.external_residents, &d.intrazonal, &d.domestic,
          &d.cross_border};
}

json decomposition_json(BenefitDecomposition d) {
  json j;
  const auto parts = parts_of(d);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    json by_mode, by_purpose;
    for (std::size_t m = 0; m < kModes; ++m) by_mode[mode_key(m)] = parts[k]->by_mode[m];
    for (std::size_t q = 0; q < kPurposes; ++q)
      by_purpose[purpose_key(q)] = parts[k]->by_purpose[q];
    j[kPartKeys[k]] = {{"hours_per_day", parts[k]->hours_per_day},
                       {"by_mode", by_mode},
                       {"by_purpose", by_purpose}};
  }
  j["mostly_intrazonal"] = d.mostly_intrazonal;
  return j;
}

json loops_json(const std::vector<LoopPoint>& loops) {
  json a = json::array();
  for (const auto& h : loops) {
    a.push_back({{"loop", h.loop},
                 {"demand_change", h.demand_change},
                 {"road_gap", h.road_gap},
                 {"road_iterations", h.road_iterations}});
  }
  return a;
}

// Strict look-ups: a missing key or a value of another type is an error naming the key.
const json& at(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key))
    throw Error("result.json: missing key '" + std::string(key) + "'");
  return j[key];
}
double number(const json& j, const char* key) {
  const auto& v = at(j, key);
  if (!v.is_number()) throw Error("result.json: '" + std::string(key) + "' is not a number");
  return v.get<double>();
}
template <class T>
T integer(const json& j, const char* key) {
  const auto& v = at(j, key);
  if (!v.is_number_integer())
    throw Error("result.json: '" + std::string(key) + "' is not an integer");
  return v.get<T>();
}
bool boolean(const json& j, const char* key) {
  const auto& v = at(j, key);
  if (!v.is_boolean()) throw Error("result.json: '" + std::string(key) + "' is not true/false");
  return v.get<bool>();
}
std::string text(const json& j, const char* key) {
  const auto& v = at(j, key);
  if (!v.is_string()) throw Error("result.json: '" + std::string(key) + "' is not a string");
  return v.get<std::string>();
}
const json& array(const json& j, const char* key) {
  const auto& v = at(j, key);
  if (!v.is_array()) throw Error("result.json: '" + std::string(key) + "' is not an array");
  return v;
}
std::map<std::string, double> number_map(const json& j, const char* key) {
  const auto& v = at(j, key);
  if (!v.is_object()) throw Error("result.json: '" + std::string(key) + "' is not an object");
  std::map<std::string, double> out;
  for (const auto& [k, x] : v.items()) out[k] = number(v, k.c_str());
  return out;
}

std::vector<LoopPoint> loops_from(const json& a) {
  std::vector<LoopPoint> out;
  for (const auto& x : a) {
    out.push_back({integer<int>(x, "loop"), number(x, "demand_change"), number(x, "road_gap"),
                   integer<int>(x, "road_iterations")});
  }
  return out;
}

// Road, PT lines, accessibility, solver state and convergence (the second half of result.json).
void add_network_and_solver(const Headline& h, json& j) {
  const auto& r = h.road;
  json new_links = json::array(), changed_links = json::array();
  for (const auto& l : r.new_links) {
    new_links.push_back(
        {{"from_node", l.from_node}, {"to_node", l.to_node}, {"daily_flow", l.daily_flow}});
  }
  for (const auto& l : r.changed_links) {
    changed_links.push_back({{"from_node", l.from_node},
                             {"to_node", l.to_node},
                             {"daily_flow", l.daily_flow},
                             {"delta_daily_flow", l.delta_daily_flow}});
  }
  j["road"] = {{"peak_hour_vehicle_hours_before", r.peak_hour_vehicle_hours_before},
               {"peak_hour_vehicle_hours_after", r.peak_hour_vehicle_hours_after},
               {"peak_hour_vehicle_km_before", r.peak_hour_vehicle_km_before},
               {"peak_hour_vehicle_km_after", r.peak_hour_vehicle_km_after},
               {"weekday_vehicle_hours_before", r.weekday_vehicle_hours_before},
               {"weekday_vehicle_hours_after", r.weekday_vehicle_hours_after},
               {"weekday_vehicle_km_before", r.weekday_vehicle_km_before},
               {"weekday_vehicle_km_after", r.weekday_vehicle_km_after},
               {"new_links", new_links},
               {"changed_links", changed_links}};
  json lines = json::array();
  for (const auto& l : h.pt_lines) lines.push_back(line_json(l));
  j["pt_lines"] = lines;
  json access = json::object();
  for (const auto& [country, d] : h.accessibility_popweighted_delta_jobs) {
    json row;
    for (std::size_t k = 0; k < 3; ++k) {
      row["car_" + minutes_key(k)] = d.car[k];
      row["pt_" + minutes_key(k)] = d.pt[k];
    }
    access[country] = row;
  }
  j["accessibility_popweighted_delta_jobs"] = access;
  const auto& s = h.solver;
  j["solver"] = {{"base_relative_gap", s.base_relative_gap},
                 {"scenario_relative_gap", s.scenario_relative_gap},
                 {"base_demand_change", s.base_demand_change},
                 {"scenario_demand_change", s.scenario_demand_change},
                 {"base_feedback_converged", s.base_feedback_converged},
                 {"scenario_feedback_converged", s.scenario_feedback_converged},
                 {"scenario_loops", s.scenario_loops}};
  const auto& c = h.convergence;
  json road_gaps = json::array();
  for (const auto& g : c.scenario_final_road) {
    road_gaps.push_back({{"iteration", g.iteration}, {"relative_gap", g.relative_gap}});
  }
  j["convergence"] = {{"base_loops", loops_json(c.base_loops)},
                      {"scenario_loops", loops_json(c.scenario_loops)},
                      {"scenario_final_road", road_gaps},
                      {"scenario_final_road_gap", c.scenario_final_road_gap},
                      {"scenario_final_demand_change", c.scenario_final_demand_change},
                      {"feedback_tolerance", c.feedback_tolerance}};
  j["input_hashes"] = {{"base_model", h.base_model_hash},
                       {"scenario_model", h.scenario_model_hash}};
}

void read_network_and_solver(const json& j, Headline& h) {
  const auto& r = at(j, "road");
  auto& road = h.road;
  road.peak_hour_vehicle_hours_before = number(r, "peak_hour_vehicle_hours_before");
  road.peak_hour_vehicle_hours_after = number(r, "peak_hour_vehicle_hours_after");
  road.peak_hour_vehicle_km_before = number(r, "peak_hour_vehicle_km_before");
  road.peak_hour_vehicle_km_after = number(r, "peak_hour_vehicle_km_after");
  road.weekday_vehicle_hours_before = number(r, "weekday_vehicle_hours_before");
  road.weekday_vehicle_hours_after = number(r, "weekday_vehicle_hours_after");
  road.weekday_vehicle_km_before = number(r, "weekday_vehicle_km_before");
  road.weekday_vehicle_km_after = number(r, "weekday_vehicle_km_after");
  for (const auto& l : array(r, "new_links")) {
    road.new_links.push_back({integer<std::int64_t>(l, "from_node"),
                              integer<std::int64_t>(l, "to_node"), number(l, "daily_flow"), 0.0});
  }
  for (const auto& l : array(r, "changed_links")) {
    road.changed_links.push_back({integer<std::int64_t>(l, "from_node"),
                                  integer<std::int64_t>(l, "to_node"), number(l, "daily_flow"),
                                  number(l, "delta_daily_flow")});
  }
  for (const auto& l : array(j, "pt_lines")) {
    h.pt_lines.push_back({text(l, "line"), text(l, "mode"), text(l, "status"),
                          number(l, "daily_boardings"), number(l, "base_daily_boardings"),
                          number(l, "cross_border_boardings")});
  }
  const auto& access = at(j, "accessibility_popweighted_delta_jobs");
  if (!access.is_object()) throw Error("result.json: accessibility is not an object");
  for (const auto& [country, row] : access.items()) {
    AccessDelta d;
    for (std::size_t k = 0; k < 3; ++k) {
      d.car[k] = number(row, ("car_" + minutes_key(k)).c_str());
      d.pt[k] = number(row, ("pt_" + minutes_key(k)).c_str());
    }
    h.accessibility_popweighted_delta_jobs[country] = d;
  }
  const auto& s = at(j, "solver");
  h.solver = {number(s, "base_relative_gap"),           number(s, "scenario_relative_gap"),
              number(s, "base_demand_change"),          number(s, "scenario_demand_change"),
              boolean(s, "base_feedback_converged"),    boolean(s, "scenario_feedback_converged"),
              integer<std::size_t>(s, "scenario_loops")};
  const auto& c = at(j, "convergence");
  auto& hc = h.convergence;
  hc.base_loops = loops_from(array(c, "base_loops"));
  hc.scenario_loops = loops_from(array(c, "scenario_loops"));
  for (const auto& g : array(c, "scenario_final_road")) {
    hc.scenario_final_road.push_back({integer<int>(g, "iteration"), number(g, "relative_gap")});
  }
  hc.scenario_final_road_gap = number(c, "scenario_final_road_gap");
  hc.scenario_final_demand_change = number(c, "scenario_final_demand_change");
  hc.feedback_tolerance = number(c, "feedback_tolerance");
}

// result.json "cost_benefit": {"land_use", "appraisal_source", "quantities": {...}, "valued":
// {...}} and "indicators" (cost_benefit.hpp, result.hpp).
json per_mode_json(const PerMode& x) {
  json j;
  for (std::size_t m = 0; m < kModes; ++m) j[mode_key(m)] = x[m];
  return j;
}
PerMode per_mode_from(const json& j, const char* key) {
  PerMode x{};
  for (std::size_t m = 0; m < kModes; ++m) x[m] = number(at(j, key), mode_key(m));
  return x;
}
std::array<double, 3> minutes_from(const json& j, const char* key) {
  std::array<double, 3> x{};
  for (std::size_t k = 0; k < 3; ++k) x[k] = number(at(j, key), minutes_key(k).c_str());
  return x;
}
json minutes_json(const std::array<double, 3>& x) {
  json j;
  for (std::size_t k = 0; k < 3; ++k) j[minutes_key(k)] = x[k];
  return j;
}

json cost_benefit_json(const Headline& h) {
  const auto& q = h.quantities;
  json time = json::object();
  for (const auto& [country, hours] : q.time_hours) {
    json row;
    for (std::size_t k = 0; k < kPurposes; ++k) row[purpose_key(k)] = hours[k];
    time[country] = row;
  }
  json service = json::object();
  for (const auto& [mode, x] : q.service) {
    service[mode] = {{"vehicle_km_before", x.vehicle_km_before},
                     {"vehicle_km_after", x.vehicle_km_after},
                     {"vehicle_hours_before", x.vehicle_hours_before},
                     {"vehicle_hours_after", x.vehicle_hours_after}};
  }
  json costs = json::array();
  for (const auto& c : q.costs) {
    costs.push_back({{"investment_eur", c.investment_eur},
                     {"operating_eur_per_year", c.operating_eur_per_year},
                     {"lifetime_years", c.lifetime_years},
                     {"discount_rate", c.discount_rate}});
  }
  const auto& c = h.cba;
  return {{"land_use", h.land_use},
          {"appraisal_source", h.appraisal_source},
          {"quantities",
           {{"time_hours_per_day", time},
            {"truck_hours_per_day", q.truck_hours},
            {"user_cost_eur_per_day", q.user_cost_eur},
            {"fare_revenue_eur_per_day", q.fare_revenue_eur},
            {"car_vehicle_km_delta_per_day", q.car_vehicle_km_delta},
            {"truck_vehicle_km_delta_per_day", q.truck_vehicle_km_delta},
            {"pt_service_per_day", service},
            {"costs", costs}}},
          {"valued",
           {{"time_eur_per_year", c.time_eur_per_year},
            {"user_cost_eur_per_year", c.user_cost_eur_per_year},
            {"operator_revenue_eur_per_year", c.operator_revenue_eur_per_year},
            {"operator_cost_eur_per_year", c.operator_cost_eur_per_year},
            {"co2_eur_per_year", c.co2_eur_per_year},
            {"accidents_eur_per_year", c.accidents_eur_per_year},
            {"externalities_eur_per_year", c.externalities_eur_per_year},
            {"benefits_eur_per_year", c.benefits_eur_per_year},
            {"time_eur_per_year_by_country", c.time_eur_per_year_by_country},
            {"pv_benefits_eur", c.pv_benefits_eur},
            {"pv_costs_eur", c.pv_costs_eur},
            {"pv_investment_eur", c.pv_investment_eur},
            {"pv_operator_cost_eur", c.pv_operator_cost_eur},
            {"npv_eur", c.npv_eur},
            {"benefit_cost_ratio", c.benefit_cost_ratio},
            {"discount_rate", c.discount_rate},
            {"period_years", c.period_years},
            {"demand_growth_per_year", c.demand_growth}}}};
}

void read_cost_benefit(const json& j, Headline& h) {
  h.land_use = boolean(j, "land_use");
  h.appraisal_source = text(j, "appraisal_source");
  const auto& qj = at(j, "quantities");
  auto& q = h.quantities;
  const auto& time = at(qj, "time_hours_per_day");
  if (!time.is_object()) throw Error("result.json: 'time_hours_per_day' is not an object");
  for (const auto& [country, row] : time.items()) {
    auto& hours = q.time_hours[country];
    for (std::size_t k = 0; k < kPurposes; ++k) hours[k] = number(row, purpose_key(k));
  }
  q.truck_hours = number(qj, "truck_hours_per_day");
  q.user_cost_eur = number(qj, "user_cost_eur_per_day");
  q.fare_revenue_eur = number(qj, "fare_revenue_eur_per_day");
  q.car_vehicle_km_delta = number(qj, "car_vehicle_km_delta_per_day");
  q.truck_vehicle_km_delta = number(qj, "truck_vehicle_km_delta_per_day");
  const auto& service = at(qj, "pt_service_per_day");
  if (!service.is_object()) throw Error("result.json: 'pt_service_per_day' is not an object");
  for (const auto& [mode, x] : service.items()) {
    q.service[mode] = {number(x, "vehicle_km_before"), number(x, "vehicle_km_after"),
                       number(x, "vehicle_hours_before"), number(x, "vehicle_hours_after")};
  }
  for (const auto& x : array(qj, "costs")) {
    Cost c;
    c.investment_eur = number(x, "investment_eur");
    c.operating_eur_per_year = number(x, "operating_eur_per_year");
    c.lifetime_years = number(x, "lifetime_years");
    c.discount_rate = number(x, "discount_rate");
    c.given = true;
    q.costs.push_back(c);
  }
  const auto& v = at(j, "valued");
  auto& c = h.cba;
  c.time_eur_per_year = number(v, "time_eur_per_year");
  c.user_cost_eur_per_year = number(v, "user_cost_eur_per_year");
  c.operator_revenue_eur_per_year = number(v, "operator_revenue_eur_per_year");
  c.operator_cost_eur_per_year = number(v, "operator_cost_eur_per_year");
  c.co2_eur_per_year = number(v, "co2_eur_per_year");
  c.accidents_eur_per_year = number(v, "accidents_eur_per_year");
  c.externalities_eur_per_year = number(v, "externalities_eur_per_year");
  c.benefits_eur_per_year = number(v, "benefits_eur_per_year");
  c.time_eur_per_year_by_country = number_map(v, "time_eur_per_year_by_country");
  c.pv_benefits_eur = number(v, "pv_benefits_eur");
  c.pv_costs_eur = number(v, "pv_costs_eur");
  c.pv_investment_eur = number(v, "pv_investment_eur");
  c.pv_operator_cost_eur = number(v, "pv_operator_cost_eur");
  c.npv_eur = number(v, "npv_eur");
  c.benefit_cost_ratio = number(v, "benefit_cost_ratio");
  c.discount_rate = number(v, "discount_rate");
  c.period_years = number(v, "period_years");
  c.demand_growth = number(v, "demand_growth_per_year");
}

json indicators_json(const Indicators& x) {
  return {{"trips_before", per_mode_json(x.trips_before)},
          {"trips_after", per_mode_json(x.trips_after)},
          {"cross_border_trips_before", per_mode_json(x.cross_border_trips_before)},
          {"cross_border_trips_after", per_mode_json(x.cross_border_trips_after)},
          {"border_vehicles_before", x.border_vehicles_before},
          {"border_vehicles_after", x.border_vehicles_after},
          {"border_links", x.border_links},
          {"jobs_car_before", minutes_json(x.jobs_car_before)},
          {"jobs_car_after", minutes_json(x.jobs_car_after)},
          {"jobs_pt_before", minutes_json(x.jobs_pt_before)},
          {"jobs_pt_after", minutes_json(x.jobs_pt_after)}};
}

Indicators indicators_from(const json& j) {
  Indicators x;
  x.trips_before = per_mode_from(j, "trips_before");
  x.trips_after = per_mode_from(j, "trips_after");
  x.cross_border_trips_before = per_mode_from(j, "cross_border_trips_before");
  x.cross_border_trips_after = per_mode_from(j, "cross_border_trips_after");
  x.border_vehicles_before = number(j, "border_vehicles_before");
  x.border_vehicles_after = number(j, "border_vehicles_after");
  x.border_links = integer<std::size_t>(j, "border_links");
  x.jobs_car_before = minutes_from(j, "jobs_car_before");
  x.jobs_car_after = minutes_from(j, "jobs_car_after");
  x.jobs_pt_before = minutes_from(j, "jobs_pt_before");
  x.jobs_pt_after = minutes_from(j, "jobs_pt_after");
  return x;
}

}  // namespace

json headline_json(const Headline& h) {
  json j;
  j["scenario"] = h.scenario;
  j["description"] = h.description;
  j["assumptions"] = h.assumptions;
  j["parts"] = h.parts;
  j["person_hours_saved_per_day"] = h.person_hours_saved_per_day;
  j["person_hours_saved_per_year"] = h.person_hours_saved_per_year;
  j["logsum_hours_per_day"] = h.logsum_hours_per_day;
  j["truck_hours_saved_per_day"] = h.truck_hours_saved_per_day;
  j["benefit_eur_per_day"] = h.benefit_eur_per_day;
  j["benefit_eur_per_year"] = h.benefit_eur_per_year;
  j["logsum_benefit_eur_per_year"] = h.logsum_benefit_eur_per_year;
  j["annualisation_days"] = h.annualisation_days;
  j["cost_eur"] = h.cost_eur;
  j["equivalent_annual_cost_eur"] = h.equivalent_annual_cost_eur;
  j["investment_eur"] = h.investment_eur;
  json items = json::array();
  for (const auto& x : h.cost_items) {
    items.push_back({{"id", x.id},
                     {"investment_eur", x.investment_eur},
                     {"operating_eur_per_year", x.operating_eur_per_year},
                     {"lifetime_years", x.lifetime_years},
                     {"present_value_eur", x.present_value_eur},
                     {"equivalent_annual_cost_eur", x.equivalent_annual_cost_eur}});
  }
  j["cost_items"] = items;
  j["benefit_cost_ratio"] = h.benefit_cost_ratio;
  j["noise_floor_hours_per_day"] = h.noise_floor.hours_per_day;
  json floors, res, by_mode, trips;
  for (std::size_t m = 0; m < kModes; ++m) {
    floors[mode_key(m)] = h.noise_floor.by_mode[m];
    res[mode_key(m)] = h.noise_floor.resolved[m];
    by_mode[mode_key(m)] = h.hours_by_mode[m];
    trips[mode_key(m)] = {{"before", h.weekday_trips_by_mode.before[m]},
                          {"after", h.weekday_trips_by_mode.after[m]},
                          {"delta", h.weekday_trips_by_mode.delta[m]}};
  }
  j["noise_floor"] = {{"road_hours", h.noise_floor.road_hours},
                      {"demand_hours", h.noise_floor.demand_hours},
                      {"by_mode", floors},
                      {"resolved", res}};
  j["all_modes_hours_per_day"] = h.all_modes_hours_per_day;
  j["below_noise_floor"] = h.below_noise_floor;
  json by_purpose, by_purpose_logsum;
  for (std::size_t q = 0; q < kPurposes; ++q) {
    by_purpose[purpose_key(q)] = h.hours_by_purpose[q];
    by_purpose_logsum[purpose_key(q)] = h.logsum_hours_by_purpose[q];
  }
  j["hours_by_purpose"] = by_purpose;
  j["logsum_hours_by_purpose"] = by_purpose_logsum;
  j["hours_by_mode"] = by_mode;
  j["benefit_decomposition"] = decomposition_json(h.decomposition);
  j["weekday_trips_by_mode"] = trips;
  j["new_mode_trips"] = h.new_mode_trips;
  j["hours_by_country_of_residence"] = h.hours_by_country_of_residence;
  j["hours_by_corridor"] = h.hours_by_corridor;
  j["benefit_eur_per_year_by_country"] = h.benefit_eur_per_year_by_country;
  for (const auto* zs : {&h.winners, &h.losers}) {
    json a = json::array();
    for (const auto& z : *zs)
      a.push_back({{"zone", z.zone}, {"hours_saved_per_day", z.hours_saved_per_day}});
    j[zs == &h.winners ? "winners" : "losers"] = a;
  }
  j["cost_benefit"] = cost_benefit_json(h);
  j["indicators"] = indicators_json(h.indicators);
  add_network_and_solver(h, j);
  if (!h.input_hash.empty()) j["input_hash"] = h.input_hash;
  if (!h.base_hash.empty()) j["base_hash"] = h.base_hash;
  return j;
}

Headline headline_from_json(const json& j) {
  Headline h;
  h.scenario = text(j, "scenario");
  h.description = text(j, "description");
  h.assumptions = text(j, "assumptions");
  for (const auto& p : array(j, "parts")) {
    if (!p.is_string()) throw Error("result.json: 'parts' holds a non-string");
    h.parts.push_back(p.get<std::string>());
  }
  h.person_hours_saved_per_day = number(j, "person_hours_saved_per_day");
  h.person_hours_saved_per_year = number(j, "person_hours_saved_per_year");
  h.logsum_hours_per_day = number(j, "logsum_hours_per_day");
  h.truck_hours_saved_per_day = number(j, "truck_hours_saved_per_day");
  h.benefit_eur_per_day = number(j, "benefit_eur_per_day");
  h.benefit_eur_per_year = number(j, "benefit_eur_per_year");
  h.logsum_benefit_eur_per_year = number(j, "logsum_benefit_eur_per_year");
  h.annualisation_days = number(j, "annualisation_days");
  h.cost_eur = number(j, "cost_eur");
  h.equivalent_annual_cost_eur = number(j, "equivalent_annual_cost_eur");
  h.investment_eur = number(j, "investment_eur");
  for (const auto& x : array(j, "cost_items")) {
    h.cost_items.push_back({text(x, "id"), number(x, "investment_eur"),
                            number(x, "operating_eur_per_year"), number(x, "lifetime_years"),
                            number(x, "present_value_eur"),
                            number(x, "equivalent_annual_cost_eur")});
  }
  h.benefit_cost_ratio = number(j, "benefit_cost_ratio");
  h.noise_floor.hours_per_day = number(j, "noise_floor_hours_per_day");
  const auto& nf = at(j, "noise_floor");
  h.noise_floor.road_hours = number(nf, "road_hours");
  h.noise_floor.demand_hours = number(nf, "demand_hours");
  const auto& trips = at(j, "weekday_trips_by_mode");
  for (std::size_t m = 0; m < kModes; ++m) {
    h.noise_floor.by_mode[m] = number(at(nf, "by_mode"), mode_key(m));
    h.noise_floor.resolved[m] = boolean(at(nf, "resolved"), mode_key(m));
    h.hours_by_mode[m] = number(at(j, "hours_by_mode"), mode_key(m));
    h.weekday_trips_by_mode.before[m] = number(at(trips, mode_key(m)), "before");
    h.weekday_trips_by_mode.after[m] = number(at(trips, mode_key(m)), "after");
    h.weekday_trips_by_mode.delta[m] = number(at(trips, mode_key(m)), "delta");
  }
  const auto& dj = at(j, "benefit_decomposition");
  const auto parts = parts_of(h.decomposition);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const auto& pj = at(dj, kPartKeys[k]);
    parts[k]->hours_per_day = number(pj, "hours_per_day");
    for (std::size_t m = 0; m < kModes; ++m)
      parts[k]->by_mode[m] = number(at(pj, "by_mode"), mode_key(m));
    for (std::size_t q = 0; q < kPurposes; ++q)
      parts[k]->by_purpose[q] = number(at(pj, "by_purpose"), purpose_key(q));
  }
  h.decomposition.mostly_intrazonal = boolean(dj, "mostly_intrazonal");
  h.all_modes_hours_per_day = number(j, "all_modes_hours_per_day");
  h.below_noise_floor = boolean(j, "below_noise_floor");
  for (std::size_t q = 0; q < kPurposes; ++q) {
    h.hours_by_purpose[q] = number(at(j, "hours_by_purpose"), purpose_key(q));
    h.logsum_hours_by_purpose[q] = number(at(j, "logsum_hours_by_purpose"), purpose_key(q));
  }
  h.new_mode_trips = number(j, "new_mode_trips");
  h.hours_by_country_of_residence = number_map(j, "hours_by_country_of_residence");
  h.hours_by_corridor = number_map(j, "hours_by_corridor");
  h.benefit_eur_per_year_by_country = number_map(j, "benefit_eur_per_year_by_country");
  for (const auto& z : array(j, "winners"))
    h.winners.push_back({text(z, "zone"), number(z, "hours_saved_per_day")});
  for (const auto& z : array(j, "losers"))
    h.losers.push_back({text(z, "zone"), number(z, "hours_saved_per_day")});
  read_cost_benefit(at(j, "cost_benefit"), h);
  h.indicators = indicators_from(at(j, "indicators"));
  read_network_and_solver(j, h);
  h.base_model_hash = text(at(j, "input_hashes"), "base_model");
  h.scenario_model_hash = text(at(j, "input_hashes"), "scenario_model");
  if (j.contains("input_hash")) h.input_hash = text(j, "input_hash");
  if (j.contains("base_hash")) h.base_hash = text(j, "base_hash");
  return h;
}

}  // namespace corridor::scenario
