// Links keyed by link id, on tiny networks written here (node labels in brackets):
//
//   parallel:  [1]A ─ [10] ═══ A2 (id 201) ═══ [11] ─ B[2]       two links 10→11 with the same end
//                          ─── N2 (id 202) ───                   nodes, and their reverse 203/204
//
//   split:     [1]A ─ [10] ══ A67 (201 →, 202 ←) ══ [11] ─ B[2] ─ [12]
//              scenario: junction [20] on 10→11 at 25 %, ramp 20 ↔ 12
//
// Known answers by hand: each parallel link has its own row and its own flow (today's pair key
// summed them into one row and left the other without flows); a split link is reported as its
// halves, each compared with the base link it was cut from (base flow 1000, half carrying 900:
// delta −100), with no "0 veh/day" row for the original; links.geojson carries the halves and the
// ramps and leaves the original out.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "demand/periods.hpp"
#include "scenario/batch.hpp"
#include "scenario/report_writer.hpp"
#include "scenario/result.hpp"
#include "scenario/result_io.hpp"

namespace corridor::scenario {
namespace {

namespace fs = std::filesystem;

struct L {
  std::uint32_t from, to;  // internal node ids
  std::int64_t id;
  const char* name;
};

model::RegionModel region(std::vector<network::NodeSpec> nodes, const std::vector<L>& links) {
  model::RegionModel m;
  m.zones = {{"Zone A", "Aa", "NL", "west", 51.00, 5.00, 1000, 500, false, 1},
             {"Zone B", "Bb", "NL", "east", 51.00, 5.20, 2000, 800, false, 2}};
  std::vector<network::LinkSpec> specs;
  for (const auto& l : links) {
    network::LinkSpec s;
    s.from = NodeId(l.from);
    s.to = NodeId(l.to);
    s.length = 7.0;
    s.free_flow_minutes = 6.0;
    s.speed = 70.0;
    s.capacity = 2000;
    s.name = l.name;
    s.id = l.id;
    specs.push_back(s);
  }
  m.road = network::RoadNetwork::build(std::move(nodes), std::move(specs), 2, 2);
  m.lanes.assign(m.road.link_count(), 1.0);
  m.facility_types.assign(m.road.link_count(), "primary");
  m.content_hash = "h";
  return m;
}

OdMatrix mat(double a01, double a10 = 0.0) {
  OdMatrix x = OdMatrix::Zero(2, 2);
  x(0, 1) = a01;
  x(1, 0) = a10;
  return x;
}

// One period covering the day (assigned hour = the day, every leg in it): the run's road and
// skims become its only period, and every purpose's choice skims ½ (X(i, j) + X(j, i)).
void seal(demand::ModelRun& r) {
  demand::TimePeriod day;
  day.name = "day";
  day.hours = 24.0;
  day.outbound_share = {1.0, 1.0, 1.0, 1.0};
  day.return_share = {1.0, 1.0, 1.0, 1.0};
  day.truck_share = 1.0;
  day.through_car_share = 1.0;
  day.peak_hour_factor = 1.0;
  day.pt_service_hours = 18.0;
  const std::vector<demand::TimePeriod> periods{day};
  for (std::size_t q = 0; q < r.purposes.size(); ++q) {
    r.purposes[q].skims = demand::tour_skims(std::span(&r.skims, 1), periods, q);
  }
  r.periods = {{"day", 24.0, 1.0, r.car_peak_hour, r.truck_peak_hour, r.road, r.skims}};
  r.average_excess_cost_min = r.road.average_excess_cost;
  r.final_road_gap = r.road.relative_gap;
}

// A run on model `m` whose peak-hour car flows are `flow_of_id` (by link id; others 0) and whose
// day factor F is exactly 1 (peak-hour vehicles = weekday vehicles), so daily flow = flow.
demand::ModelRun run_with_flows(const model::RegionModel& m,
                                const std::map<std::int64_t, double>& flow_of_id,
                                const demand::DemandParameters& params) {
  demand::ModelRun r;
  for (auto& p : r.purposes) {
    for (auto& w : p.weekday) w = mat(0.0);
    p.logsum = mat(-1.0, -1.0);
  }
  r.purposes[0].weekday[0] = mat(100.0);
  r.truck_weekday = mat(0.0);
  r.car_peak_hour = mat(2.0 * 100.0 / params.purposes[0].car_occupancy);
  r.truck_peak_hour = mat(0.0);
  auto& s = r.skims;
  s.car_minutes = mat(20.0, 20.0);
  s.car_km = mat(15.0, 15.0);
  s.bike_minutes = mat(60.0, 60.0);
  s.bike_km = mat(15.0, 15.0);
  s.walk_minutes = mat(187.5, 187.5);
  s.walk_km = mat(15.0, 15.0);
  s.pt_in_vehicle_minutes = mat(30.0, 30.0);
  s.pt_wait_minutes = mat(10.0, 10.0);
  s.pt_walk_minutes = mat(5.0, 5.0);
  s.pt_boardings = mat(1.0, 1.0);
  s.pt_generalized_minutes = mat(60.0, 60.0);
  const auto n = m.road.link_count();
  r.road.link_flow.assign(n, 0.0);
  r.road.link_time.assign(n, 6.0);
  r.road.class_flow.assign(2, std::vector<double>(n, 0.0));
  for (std::uint32_t a = 0; a < n; ++a) {
    const auto it = flow_of_id.find(m.road.link_id(LinkId(a)));
    if (it != flow_of_id.end()) r.road.class_flow[0][a] = r.road.link_flow[a] = it->second;
  }
  r.history.push_back({});
  seal(r);
  return r;
}

Scenario scenario(const std::string& edits) {
  return parse_scenario(
      "name = \"s\"\ndescription = \"d\"\nbase = \".\"\nassumptions = \"a\"\n" + edits, "s.toml",
      "/data");
}

std::vector<const LinkRow*> rows_with_id(const ScenarioResult& r, std::int64_t id) {
  std::vector<const LinkRow*> out;
  for (const auto& l : r.links)
    if (l.link_id == id) out.push_back(&l);
  return out;
}

// The engine the report reads models from: the base region and one edited model.
class ModelsOnly final : public ScenarioEngine {
 public:
  ModelsOnly(const model::RegionModel& base, EditedModel edited)
      : base_(base), edited_(std::move(edited)) {}
  std::string base_key(const Scenario&) override { return "b"; }
  void prepare_base(const std::string&, const Scenario&) override {}
  ScenarioResult evaluate(const std::string&, const Scenario&) override { return {}; }
  const model::RegionModel* region_model(const Scenario&) const override { return &base_; }
  const EditedModel* edited(const Scenario&) const override { return &edited_; }

 private:
  const model::RegionModel& base_;
  EditedModel edited_;
};

// links.geojson features of run "s" after write_batch_report, by link id.
std::map<std::int64_t, nlohmann::json> geojson_links(const model::RegionModel& base,
                                                     EditedModel edited, const Scenario& s,
                                                     ScenarioResult r) {
  const auto out = fs::temp_directory_path() / ("corridor-links-" + std::to_string(::getpid()));
  fs::remove_all(out);
  Batch b = single_scenario_batch(s);
  r.headline.scenario = s.name;
  const auto summary = summarize(b, {std::move(r)});
  ModelsOnly engine(base, std::move(edited));
  write_batch_report(b, summary, engine, out);
  std::ifstream in(out / "scenarios" / "s" / "links.geojson");
  const auto j = nlohmann::json::parse(in);
  std::map<std::int64_t, nlohmann::json> by_id;
  for (const auto& f : j["features"]) {
    const auto id = f["properties"]["link_id"].get<std::int64_t>();
    EXPECT_TRUE(by_id.emplace(id, f["properties"]).second) << "link id " << id << " twice";
  }
  fs::remove_all(out);
  return by_id;
}

TEST(ResultLinks, ParallelLinksEachHaveTheirRowAndFlows) {
  const auto m = region({{1, 5.0, 51.0}, {2, 5.2, 51.0}, {10, 5.05, 51.0}, {11, 5.15, 51.0}},
                        {{0, 2, 101, "c"},
                         {2, 3, 201, "A2"},
                         {2, 3, 202, "N2"},
                         {3, 1, 103, "c"},
                         {1, 3, 104, "c"},
                         {3, 2, 203, "A2"},
                         {3, 2, 204, "N2"},
                         {2, 0, 102, "c"}});
  const demand::DemandParameters params;
  const auto base = run_with_flows(m, {{201, 600}, {202, 400}, {203, 500}, {204, 0}}, params);
  const auto scen = run_with_flows(m, {{201, 550}, {202, 450}, {203, 500}, {204, 10}}, params);
  const auto s = scenario("");
  const auto r = compute_result({m, base}, {m, scen}, params, s, {});
  ASSERT_EQ(r.links.size(), 8u);
  const auto a2 = rows_with_id(r, 201);
  const auto n2 = rows_with_id(r, 202);
  ASSERT_EQ(a2.size(), 1u);
  ASSERT_EQ(n2.size(), 1u);
  EXPECT_EQ(a2[0]->name, "A2");
  EXPECT_EQ(n2[0]->name, "N2");
  EXPECT_EQ(a2[0]->from_node, n2[0]->from_node);
  EXPECT_EQ(a2[0]->to_node, n2[0]->to_node);
  EXPECT_DOUBLE_EQ(a2[0]->daily_flow, 550.0);
  EXPECT_DOUBLE_EQ(a2[0]->delta_daily_flow, -50.0);
  EXPECT_DOUBLE_EQ(n2[0]->daily_flow, 450.0);
  EXPECT_DOUBLE_EQ(n2[0]->base_daily_flow, 400.0);
  EXPECT_DOUBLE_EQ(rows_with_id(r, 204)[0]->daily_flow, 10.0);
  EXPECT_DOUBLE_EQ(a2[0]->peak_speed_kmh, 70.0);  // 7 km in 6 min
  // The base's own figures, per link id, without a comparison (for calibration).
  const auto own = run_links({m, base}, params);
  ASSERT_EQ(own.size(), 8u);
  EXPECT_EQ(own[1].link_id, 201);
  EXPECT_EQ(own[2].link_id, 202);
  EXPECT_DOUBLE_EQ(own[1].daily_flow, 600.0);
  EXPECT_DOUBLE_EQ(own[2].daily_flow, 400.0);
  // links.csv: one row per link id with its name.
  const auto csv = links_csv(r);
  EXPECT_NE(csv.find("10,11,550,-50,600,70,70,201,A2,201,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("10,11,450,50,400,70,70,202,N2,202,\n"), std::string::npos) << csv;
  // GeoJSON: both parallel links with their own flows.
  const auto g = geojson_links(m, {m, {}}, s, r);
  ASSERT_EQ(g.count(201), 1u);
  ASSERT_EQ(g.count(202), 1u);
  EXPECT_EQ(g.at(201)["daily_flow"], 550.0);
  EXPECT_EQ(g.at(202)["daily_flow"], 450.0);
  EXPECT_EQ(g.at(202)["delta_daily_flow"], 50.0);
}

TEST(ResultLinks, SplitLinkIsReportedAsItsHalves) {
  const auto m =
      region({{1, 5.0, 51.0}, {2, 5.2, 51.0}, {10, 5.05, 51.0}, {11, 5.15, 51.0}, {12, 5.2, 51.05}},
             {{0, 2, 101, "c"},
              {2, 3, 201, "A67"},
              {3, 2, 202, "A67"},
              {3, 1, 103, "c"},
              {1, 3, 104, "c"},
              {2, 0, 102, "c"},
              {4, 1, 105, "c"},
              {1, 4, 106, "c"}});
  // The ramp from the junction (5.075, 51.0) to node 12 is 10.4 km as the crow flies; its length
  // must be plausible (0.9-3x, model/plausibility.hpp).
  const auto s = scenario(
      "[[road.add_junction]]\nid = 20\non = [10, 11]\nfraction = 0.25\nconnect_to = 12\n"
      "length_km = 12\nlanes = 1\nspeed_kmh = 80\ncapacity_per_lane = 1500\nname = \"ramp\"\n");
  EditedModel e;
  e.model = apply_edits(m, s, &e.changes);
  // Fresh ids above the base's largest (202): halves of 201, halves of 202, then the two ramps.
  ASSERT_EQ(e.changes.split_links.size(), 2u);
  EXPECT_EQ(e.changes.split_links[0].original, 201);
  EXPECT_EQ(e.changes.split_links[0].first, 203);
  EXPECT_EQ(e.changes.split_links[0].second, 204);
  EXPECT_EQ(e.changes.split_links[1].original, 202);
  EXPECT_EQ(e.changes.added_link_ids, (std::vector<std::int64_t>{207, 208}));
  const demand::DemandParameters params;
  const auto base = run_with_flows(m, {{201, 1000}, {202, 800}}, params);
  const auto scen = run_with_flows(
      e.model, {{203, 900}, {204, 1100}, {205, 700}, {206, 750}, {207, 200}, {208, 50}}, params);
  const auto r = compute_result({m, base}, {e.model, scen}, params, s, e.changes);
  EXPECT_TRUE(rows_with_id(r, 201).empty());
  EXPECT_TRUE(rows_with_id(r, 202).empty());
  for (const auto& l : r.links) {
    EXPECT_FALSE(l.daily_flow == 0.0 && l.base_daily_flow > 0.0) << "ghost row, link " << l.link_id;
  }
  const auto h1 = rows_with_id(r, 203), h2 = rows_with_id(r, 204), b1 = rows_with_id(r, 205);
  ASSERT_EQ(h1.size(), 1u);
  ASSERT_EQ(h2.size(), 1u);
  ASSERT_EQ(b1.size(), 1u);
  EXPECT_EQ(h1[0]->status, LinkStatus::split);
  EXPECT_EQ(h1[0]->base_link_id, 201);
  EXPECT_EQ(h1[0]->from_node, 10);
  EXPECT_EQ(h1[0]->to_node, 20);
  EXPECT_DOUBLE_EQ(h1[0]->base_daily_flow, 1000.0);
  EXPECT_DOUBLE_EQ(h1[0]->delta_daily_flow, -100.0);
  EXPECT_DOUBLE_EQ(h2[0]->delta_daily_flow, 100.0);
  EXPECT_EQ(b1[0]->base_link_id, 202);
  EXPECT_DOUBLE_EQ(b1[0]->delta_daily_flow, -100.0);
  const auto ramp = rows_with_id(r, 207);
  ASSERT_EQ(ramp.size(), 1u);
  EXPECT_EQ(ramp[0]->status, LinkStatus::added);
  EXPECT_FALSE(ramp[0]->base_link_id.has_value());
  EXPECT_DOUBLE_EQ(ramp[0]->daily_flow, 200.0);
  ASSERT_EQ(r.headline.road.new_links.size(), 2u);
  EXPECT_EQ(r.headline.road.new_links[0].daily_flow, 200.0);
  // The map and the GeoJSON: halves and ramps in, the original out.
  const auto g = geojson_links(m, std::move(e), s, r);
  EXPECT_EQ(g.count(201), 0u);
  EXPECT_EQ(g.count(202), 0u);
  for (const std::int64_t id : {203, 204, 205, 206, 207, 208}) ASSERT_EQ(g.count(id), 1u) << id;
  EXPECT_EQ(g.at(203)["daily_flow"], 900.0);
  EXPECT_EQ(g.at(203)["delta_daily_flow"], -100.0);
  EXPECT_EQ(g.at(203)["change"], "changed");
  EXPECT_EQ(g.at(207)["change"], "added");
}

// The day is the sum of the periods, by hand. Two periods: "am" (assigned hour = half of the
// period) with 15 cars and 2 trucks (2 PCE each) on link 201 in its hour, "rest" (assigned hour
// = a tenth) with 3 cars and 1 truck. Period vehicles: am (15 + 2) / 0.5 = 34, rest (3 + 1) / 0.1
// = 40; daily 74 vehicles, of which trucks 2 / 0.5 + 1 / 0.1 = 14. V/C: am (15 + 4) / 2000,
// rest (3 + 2) / 2000. A factor on the am hour alone (e.g. weekday / am vehicles) could not give
// this: the rest has its own flows.
TEST(ResultLinks, BaseLinksAreTheSumOfThePeriods) {
  const auto m = region({{1, 5.0, 51.0}, {2, 5.2, 51.0}, {10, 5.05, 51.0}, {11, 5.15, 51.0}},
                        {{0, 2, 101, "c"}, {2, 3, 201, "A2"}, {3, 1, 103, "c"}});
  demand::DemandParameters params;
  auto run = run_with_flows(m, {}, params);
  const auto a = m.road.link_at_input(1).value();
  run.periods.resize(2);
  auto& am = run.periods[0];
  am.name = "am";
  am.peak_hour_factor = 0.5;
  am.road.class_flow[0][a] = 15.0;
  am.road.class_flow[1][a] = 2.0;
  am.road.link_flow[a] = 19.0;
  auto& rest = run.periods[1];
  rest = am;
  rest.name = "rest";
  rest.peak_hour_factor = 0.1;
  rest.road.class_flow[0][a] = 3.0;
  rest.road.class_flow[1][a] = 1.0;
  rest.road.link_flow[a] = 5.0;
  run.road = am.road;
  const auto links = base_links({m, run}, params);
  ASSERT_EQ(links.size(), 3u);
  const auto& l = links[1];
  EXPECT_EQ(l.link_id, 201);
  EXPECT_EQ(l.name, "A2");
  EXPECT_EQ(l.from_node, 10);
  EXPECT_EQ(l.to_node, 11);
  EXPECT_NEAR(l.daily_flow, 74.0, 1e-9);
  EXPECT_NEAR(l.daily_trucks, 14.0, 1e-9);
  EXPECT_NEAR(l.peak_hour_flow, 17.0, 1e-12);
  EXPECT_NEAR(l.peak_vc, 19.0 / 2000.0, 1e-12);
  ASSERT_EQ(l.period_flow.size(), 2u);
  EXPECT_NEAR(l.period_flow[0], 34.0, 1e-9);
  EXPECT_NEAR(l.period_flow[1], 40.0, 1e-9);
  EXPECT_NEAR(l.period_vc[1], 5.0 / 2000.0, 1e-12);
  EXPECT_EQ(l.facility_type, "primary");
  EXPECT_EQ(l.plausible_daily_max, 12500.0);
  EXPECT_EQ(links[0].daily_flow, 0.0);
  // The scenario comparison sums the periods the same way (link length 7 km).
  const auto r = compute_result({m, run}, {m, run}, params, scenario(""), {});
  EXPECT_NEAR(rows_with_id(r, 201)[0]->daily_flow, 74.0, 1e-9);
  EXPECT_NEAR(r.headline.road.weekday_vehicle_km_before, 74.0 * 7.0, 1e-6);
  const auto csv = base_links_csv(links, {"am", "rest"});
  EXPECT_EQ(csv.rfind("link_id,name,from_node,to_node,daily_flow,daily_trucks,peak_hour_flow,"
                      "peak_vc,flow_am,flow_rest,vc_am,vc_rest,facility_type,lanes,"
                      "plausible_daily_max\n"
                      "101,c,1,10,0,0,0,0,0,0,0,0,primary,1,12500\n",
                      0),
            0u);
  EXPECT_NE(csv.find("\n201,A2,10,11,74,14,17,0.0095,34,40,0.0095,0.0025,primary,1,12500\n"),
            std::string::npos);
}

}  // namespace
}  // namespace corridor::scenario
