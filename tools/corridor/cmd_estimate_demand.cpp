// `corridor estimate-demand`: adjusts a prior OD matrix to link counts (Spiess 1990 gradient
// method on top of Algorithm B; calibration/matrix_estimation.hpp, docs/matrix-estimation.md).
//
//   corridor estimate-demand --network NET --trips PRIOR.tntp --counts COUNTS.csv
//                            --trips-out OUT.tntp --summary-json S.json
//                            [--max-iterations N] [--threads T] [--prior-weight RHO] [--gap G]
//                            [--min-improvement F] [--period-hours H] [--counts-out FILE.csv]
//                            [--scatter-svg FILE.svg] [--log-axes]
//
// NET and the trips files are read as `corridor assign` reads them (road_input.hpp); --trips and
// --trips-out may be repeated, one per demand class, in the same order. GMNS input writes GMNS
// demand csv files; a --trips-out FILE.omx[:MATRIX] writes an OMX matrix (classes sharing a file
// go into it together; MATRIX defaults to the class name). A region model folder is a GMNS
// network: its `corridor demand` OMX matrices are a prior (FILE.omx:MATRIX) and its
// observed/links.csv (columns value, period, ...: calibration/observed.hpp) the counts, the
// sets of --count-sets, day counts scaled by --day-factor. The scatter plot goes to
// --scatter-svg, by default beside the summary (S.json -> S-scatter.svg).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "calibration/matrix_estimation.hpp"
#include "calibration/observed.hpp"
#include "commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/omx.hpp"
#include "io/text.hpp"
#include "io/tntp.hpp"
#include "model/region_model.hpp"
#include "report/scatter_plot.hpp"
#include "road_input.hpp"
#include "thread_limit.hpp"

namespace corridor::cli {
namespace {

struct EstimateConfig {
  std::string network;
  std::vector<std::string> trips;
  std::string counts;
  std::vector<std::string> trips_out;
  std::string summary_json;
  int max_iterations = 20;
  int threads = 0;
  double prior_weight = 0.1;
  double gap = 1e-8;
  double min_improvement = 1e-4;
  double period_hours = 1.0;
  std::optional<double> toll_factor;
  std::optional<double> distance_factor;
  std::string counts_out;
  std::string scatter_svg;
  bool log_axes = false;
  std::string count_sets = "calibration";
  double day_factor = 0.0;
};

// True when the counts file is in a region's observed/links.csv format (a `value` column).
bool observed_format(const std::string& path) {
  io::CsvReader csv(path);
  return csv.optional_column("value").has_value() && !csv.optional_column("count").has_value();
}

std::vector<calibration::LinkCount> read_counts(const EstimateConfig& cfg, const RoadInput& in,
                                                const std::vector<std::string>& names) {
  if (!observed_format(cfg.counts)) return calibration::read_link_counts(cfg.counts, in.net, names);
  if (!in.gmns) {
    throw InputError({cfg.counts, 0, "--network"},
                     "expected a region model folder as --network for counts in the observed/ "
                     "links.csv format (link_id or screenline, period, value)");
  }
  calibration::ObservedCountOptions opt;
  opt.calibration = cfg.count_sets == "calibration" || cfg.count_sets == "all";
  opt.validation = cfg.count_sets == "validation" || cfg.count_sets == "all";
  opt.day_factor = cfg.day_factor;
  const auto region = model::load_region_model(cfg.network);
  const auto observed = calibration::read_observed_links(region, cfg.counts);
  return calibration::link_counts_from_observed(observed, region.road, in.net, names, opt);
}

// Writes the estimated matrices: one file per --trips-out, or OMX files holding several classes.
void write_trips(const EstimateConfig& cfg, const RoadInput& in,
                 const std::vector<OdMatrix>& trips) {
  std::vector<std::pair<std::string, io::OmxWriteSet>> omx;  // file -> matrices, in order
  for (std::size_t k = 0; k < in.classes.size(); ++k) {
    const std::string& out = cfg.trips_out[k];
    const auto at = out.rfind(".omx");
    const bool is_omx = at != std::string::npos &&
                        (at + 4 == out.size() || (out.size() > at + 5 && out[at + 4] == ':'));
    if (!is_omx) {
      const std::string text = in.gmns ? io::format_gmns_demand(trips[k], *in.gmns)
                                       : io::format_tntp_trips(trips[k], in.net);
      write_file_atomically(out, text);
      continue;
    }
    const std::string file = out.substr(0, at + 4);
    const std::string name = at + 4 == out.size() ? in.classes[k].name : out.substr(at + 5);
    auto it = std::find_if(omx.begin(), omx.end(), [&](const auto& f) { return f.first == file; });
    if (it == omx.end()) {
      io::OmxWriteSet set;
      const auto zones = static_cast<std::int64_t>(trips[k].rows());
      for (std::int64_t z = 0; z < zones; ++z) {
        set.zone_numbers.push_back(in.gmns ? in.gmns->zone_ids[static_cast<std::size_t>(z)]
                                           : z + 1);
      }
      omx.emplace_back(file, std::move(set));
      it = omx.end() - 1;
    }
    for (const auto& [n, m] : it->second.matrices) {
      if (n == name) {
        throw InputError({"", 0, "--trips-out"}, "expected one matrix name per OMX file, got " +
                                                     name + " twice in " + file);
      }
    }
    it->second.matrices.emplace_back(name, trips[k]);
  }
  for (const auto& [file, set] : omx) io::write_omx(file, set);
}

nlohmann::json fit_json(const calibration::FitStatistics& f) {
  return {{"rmse", f.rmse},
          {"percent_rmse", f.percent_rmse},
          {"r_squared", f.r_squared},
          {"slope", f.slope},
          {"geh_below_5_share", f.geh_below_5_share},
          {"tag_flow_share", f.tag_flow_share},
          {"tag_acceptable", f.tag_acceptable()},
          {"observed_total", f.observed_total},
          {"modelled_total", f.modelled_total}};
}

nlohmann::json summary_json(const EstimateConfig& cfg, const RoadInput& in,
                            std::span<const calibration::LinkCount> counts,
                            const calibration::EstimationResult& r, int threads) {
  const auto& mv = r.movement;
  nlohmann::json j;
  j["counts"] = counts.size();
  j["iterations"] = r.iterations;
  j["stop_reason"] = r.stop_reason;
  j["rmse_before"] = r.fit_before.rmse;
  j["rmse_after"] = r.fit_after.rmse;
  j["geh_below_5_share_before"] = r.fit_before.geh_below_5_share;
  j["geh_below_5_share_after"] = r.fit_after.geh_below_5_share;
  j["within_tolerance_share_before"] = r.within_tolerance_before;
  j["within_tolerance_share_after"] = r.within_tolerance_after;
  j["matrix_total_before"] = mv.total_before;
  j["matrix_total_after"] = mv.total_after;
  j["fit_before"] = fit_json(r.fit_before);
  j["fit_after"] = fit_json(r.fit_after);
  nlohmann::json m;
  m["absolute_change"] = mv.absolute_change;
  m["relative_absolute_change"] = mv.total_before > 0 ? mv.absolute_change / mv.total_before : 0.0;
  m["cells"] = mv.cells;
  m["cell_factor"] = {{"min", mv.factor_min},
                      {"p5", mv.factor_p5},
                      {"p50", mv.factor_p50},
                      {"p95", mv.factor_p95},
                      {"max", mv.factor_max}};
  m["origins"] = nlohmann::json::array();
  for (std::size_t z = 0; z < mv.origin_before.size(); ++z) {
    const double b = mv.origin_before[z], a = mv.origin_after[z];
    const std::int64_t label =
        in.gmns ? in.gmns->zone_ids[z] : in.net.node_label(NodeId(static_cast<std::uint32_t>(z)));
    m["origins"].push_back(
        {{"zone", label}, {"before", b}, {"after", a}, {"factor", b > 0 ? a / b : 1.0}});
  }
  j["matrix_movement"] = m;
  j["classes"] = nlohmann::json::array();
  for (std::size_t k = 0; k < in.classes.size(); ++k) {
    j["classes"].push_back({{"name", in.classes[k].name},
                            {"total_before", mv.class_before[k]},
                            {"total_after", mv.class_after[k]}});
  }
  j["objective_history"] = nlohmann::json::array();
  for (const auto& h : r.history) {
    j["objective_history"].push_back({{"iteration", h.iteration},
                                      {"objective", h.objective},
                                      {"count_term", h.count_term},
                                      {"prior_term", h.prior_term},
                                      {"step", h.step},
                                      {"rmse", h.rmse},
                                      {"relative_gap", h.relative_gap},
                                      {"assignment_iterations", h.assignment_iterations},
                                      {"step_halvings", h.halvings},
                                      {"seconds", h.seconds}});
  }
  j["prior_weight"] = cfg.prior_weight;
  j["period_hours"] = cfg.period_hours;
  j["assignment_gap_target"] = cfg.gap;
  j["relative_gap_before"] = r.prior_assignment.relative_gap;
  j["relative_gap_after"] = r.assignment.relative_gap;
  j["unassigned_demand_after"] = r.assignment.unassigned_demand;
  j["seconds"] = r.seconds;
  j["threads"] = threads;
  return j;
}

void write_counts_csv(const std::string& path, std::span<const calibration::LinkCount> counts,
                      const calibration::EstimationResult& r, double hours) {
  AtomicFile out(path);
  auto& os = out.stream();
  os.precision(10);
  os << "link,count,tolerance,modelled_before,modelled_after,geh_before,geh_after\n";
  for (std::size_t c = 0; c < counts.size(); ++c) {
    const auto& k = counts[c];
    os << k.label << ',' << k.count << ',' << k.tolerance << ',' << r.modelled_before[c] << ','
       << r.modelled_after[c] << ','
       << calibration::geh_for_period(r.modelled_before[c], k.count, hours) << ','
       << calibration::geh_for_period(r.modelled_after[c], k.count, hours) << '\n';
  }
  out.commit();
}

std::string scatter_svg(std::span<const calibration::LinkCount> counts,
                        const calibration::EstimationResult& r, const EstimateConfig& cfg) {
  report::ScatterSeries before{"prior", "#bbbbbb", {}}, after{"estimate", "#1f77b4", {}};
  for (std::size_t c = 0; c < counts.size(); ++c) {
    before.points.push_back({counts[c].count, r.modelled_before[c], counts[c].label});
    after.points.push_back({counts[c].count, r.modelled_after[c], counts[c].label});
  }
  report::ScatterOptions opt;
  opt.log_axes = cfg.log_axes;
  opt.period_hours = cfg.period_hours;
  char title[160];
  std::snprintf(title, sizeof title, "Counts: RMSE %.0f -> %.0f, GEH<5 %.0f%% -> %.0f%%",
                r.fit_before.rmse, r.fit_after.rmse, 100 * r.fit_before.geh_below_5_share,
                100 * r.fit_after.geh_below_5_share);
  return report::scatter_plot_svg("estimate-demand-fit", title, {before, after}, opt) + "\n";
}

void run_estimate_demand(const EstimateConfig& cfg) {
  if (!(cfg.gap >= 0.0)) throw InputError({"", 0, "--gap"}, "expected a non-negative gap");
  const auto limit = limit_threads(cfg.threads);
  auto in = read_road_input(cfg.network, cfg.trips, cfg.toll_factor, cfg.distance_factor);
  if (cfg.trips_out.size() != in.classes.size()) {
    throw InputError({"", 0, "--trips-out"}, "expected one --trips-out per demand class (" +
                                                 std::to_string(in.classes.size()) + "), got " +
                                                 std::to_string(cfg.trips_out.size()));
  }
  std::vector<std::string> names;
  for (const auto& c : in.classes) names.push_back(c.name);
  const auto counts = read_counts(cfg, in, names);

  Progress progress("estimate-demand");
  calibration::EstimationOptions opt;
  opt.max_iterations = cfg.max_iterations;
  opt.prior_weight = cfg.prior_weight;
  opt.min_improvement = cfg.min_improvement;
  opt.period_hours = cfg.period_hours;
  opt.assignment.relative_gap = cfg.gap;
  opt.on_iteration = [&](const calibration::EstimationIteration& r) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "iteration %d/%d  rmse %.2f  objective %.6g  step %.3g  gap %.1e  %.1f s",
                  r.iteration, cfg.max_iterations, r.rmse, r.objective, r.step, r.relative_gap,
                  r.seconds);
    progress.update(line);
    return true;
  };
  const auto r = calibration::estimate_demand(in.net, in.classes, counts, opt);
  progress.finish();

  write_trips(cfg, in, r.trips);
  const int threads = r.assignment.threads;
  write_file_atomically(cfg.summary_json, summary_json(cfg, in, counts, r, threads).dump(2) + "\n");
  std::string svg_path = cfg.scatter_svg;
  if (svg_path.empty()) {
    std::filesystem::path p(cfg.summary_json);
    svg_path = (p.parent_path() / (p.stem().string() + "-scatter.svg")).string();
  }
  write_file_atomically(svg_path, scatter_svg(counts, r, cfg));
  if (!cfg.counts_out.empty()) write_counts_csv(cfg.counts_out, counts, r, cfg.period_hours);
  std::printf(
      "estimate-demand: %zu counts, %d iterations (%s), RMSE %.2f -> %.2f, GEH<5 %.1f%% -> "
      "%.1f%%, matrix total %.1f -> %.1f, cell factors p5 %.3f p50 %.3f p95 %.3f, %.2f s, "
      "%d threads\n",
      counts.size(), r.iterations, r.stop_reason.c_str(), r.fit_before.rmse, r.fit_after.rmse,
      100 * r.fit_before.geh_below_5_share, 100 * r.fit_after.geh_below_5_share,
      r.movement.total_before, r.movement.total_after, r.movement.factor_p5, r.movement.factor_p50,
      r.movement.factor_p95, r.seconds, threads);
}

}  // namespace

void add_estimate_demand_command(CLI::App& app) {
  auto cfg = std::make_shared<EstimateConfig>();
  auto* cmd = app.add_subcommand(
      "estimate-demand", "Adjust a prior OD matrix to link counts (Spiess 1990, Algorithm B)");
  cmd->add_option("--network", cfg->network, "TNTP _net.tntp file or GMNS folder")->required();
  cmd->add_option("--trips", cfg->trips,
                  "Prior demand: TNTP _trips.tntp or GMNS demand csv; repeat for several classes");
  cmd->add_option("--counts", cfg->counts,
                  "Counts CSV: from_node,to_node,count[,class][,tolerance], or a region's "
                  "observed/links.csv")
      ->required();
  cmd->add_option("--trips-out", cfg->trips_out,
                  "Estimated matrix (TNTP trips, GMNS demand csv or FILE.omx[:MATRIX]); one per "
                  "class")
      ->required();
  cmd->add_option("--summary-json", cfg->summary_json, "Fit before/after and matrix movement")
      ->required();
  cmd->add_option("--max-iterations", cfg->max_iterations, "Matrix updates at most")
      ->capture_default_str();
  cmd->add_option("--threads", cfg->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_option("--prior-weight", cfg->prior_weight,
                  "rho: weight of (g - prior)^2 per cell against (count error)^2")
      ->capture_default_str();
  cmd->add_option("--gap", cfg->gap, "Relative gap of every assignment")->capture_default_str();
  cmd->add_option("--min-improvement", cfg->min_improvement,
                  "Stop when the objective falls by less than this fraction")
      ->capture_default_str();
  cmd->add_option("--period-hours", cfg->period_hours,
                  "Length of the counted period in hours (GEH on hourly means)")
      ->capture_default_str();
  cmd->add_option("--toll-factor", cfg->toll_factor, "Minutes per toll unit (as in assign)");
  cmd->add_option("--distance-factor", cfg->distance_factor,
                  "Minutes per length unit (as in assign)");
  cmd->add_option("--counts-out", cfg->counts_out,
                  "Per-count table: modelled before/after and GEH");
  cmd->add_option("--scatter-svg", cfg->scatter_svg,
                  "45-degree scatter plot (default: beside the summary, NAME-scatter.svg)");
  cmd->add_flag("--log-axes", cfg->log_axes, "Log10 axes on the scatter plot");
  cmd->add_option("--count-sets", cfg->count_sets,
                  "Counts in the observed/ format: which rows (calibration, validation, all)")
      ->check(CLI::IsMember({"calibration", "validation", "all"}))
      ->capture_default_str();
  cmd->add_option("--day-factor", cfg->day_factor,
                  "Counts in the observed/ format: the matrices' period as a share of a day "
                  "(day counts x factor)")
      ->check(CLI::PositiveNumber);
  cmd->callback([cfg] { run_estimate_demand(*cfg); });
}

}  // namespace corridor::cli
