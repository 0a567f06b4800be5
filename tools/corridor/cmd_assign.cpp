// `corridor assign`: static road user equilibrium on a TNTP or GMNS network (issue 2's contract).
//
//   corridor assign --network PATH [--trips PATH]... [--algorithm aon|msa|fw|cfw|bfw|b]
//                   [--gap G] [--max-iterations N] [--threads N] [--sweep-groups 1|2]
//                   [--toll-factor X] [--distance-factor X]
//                   [--flows-out FILE.csv] [--summary-json FILE.json]
//                   [--select-link FROM-TO]... [--select-link-out FILE.csv] [--skims-out FILE.csv]
//
// --sweep-groups 2 (Algorithm B only) sweeps the bushes as block Gauss–Seidel in two groups at the
// same time (assignment/algorithm_b.hpp, AlgorithmBTuning::groups): results are still identical for
// any thread count, but differ from the default Gauss–Seidel sweeps within the gap asked for.
// --select-link / --skims-out need --algorithm b: they are computed from its origin-based flows
// (assignment/select_link.hpp, assignment/od_skims.hpp).
//
// PATH is a TNTP `_net.tntp` file (then each --trips is a `_trips.tntp`, one demand class per file,
// default: the `_trips.tntp` beside the net file) or a GMNS folder (default demand: demand.csv in
// it; each --trips is then a GMNS demand csv, FILE.csv:MODE[:TIME_PERIOD] for the rows of one
// mode and period of a demand csv with those columns (a batch's network/demand.csv:auto:am), or
// FILE.omx:MATRIX, a matrix of an OMX file such as `corridor demand`'s
// od_am_peak.omx:car_vehicles_peak_hour, zones matched by its "zone" lookup). A trips header's
// <TOLL FACTOR> / <DISTANCE FACTOR> is used for its class; --toll-factor / --distance-factor apply
// where the header gives none.

#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "assignment/algorithm_b.hpp"
#include "assignment/od_skims.hpp"
#include "assignment/select_link.hpp"
#include "assignment/solve.hpp"
#include "commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "network/vdf.hpp"
#include "road_input.hpp"
#include "thread_limit.hpp"

namespace corridor::cli {
namespace {

struct AssignConfig {
  std::string network;
  std::vector<std::string> trips;
  std::string algorithm = "bfw";
  double gap = 1e-4;
  int max_iterations = 1000;
  int threads = 0;  // 0 = all cores
  int sweep_groups = 1;
  std::optional<double> toll_factor;
  std::optional<double> distance_factor;
  std::string flows_out;
  std::string summary_json;
  std::vector<std::string> select_links;  // "FROM-TO" node labels
  std::string select_link_out;
  std::string skims_out;
};

// "FROM-TO" (node labels of the input) -> LinkId.
std::vector<std::uint32_t> parse_select_links(const network::RoadNetwork& net,
                                              const std::vector<std::string>& specs) {
  std::vector<std::uint32_t> links;
  for (const auto& spec : specs) {
    const auto dash = spec.find('-', 1);
    long long from = 0, to = 0;
    std::size_t used_from = 0, used_to = 0;
    bool ok = dash != std::string::npos;
    try {
      if (ok) {
        from = std::stoll(spec.substr(0, dash), &used_from);
        to = std::stoll(spec.substr(dash + 1), &used_to);
        ok = used_from == dash && used_to == spec.size() - dash - 1;
      }
    } catch (const std::exception&) {
      ok = false;
    }
    if (!ok)
      throw InputError({"", 0, "--select-link"},
                       "expected FROM-TO node labels, got '" + spec + "'");
    const auto a = net.find_link(net.find_node(from), net.find_node(to));
    if (!net.find_node(from).valid() || !net.find_node(to).valid() || !a.valid()) {
      throw InputError({"", 0, "--select-link"}, "no link from node " + std::to_string(from) +
                                                     " to node " + std::to_string(to));
    }
    links.push_back(a.value());
  }
  return links;
}

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void run_assign(const AssignConfig& cfg) {
  const auto algorithm = assignment::parse_algorithm(cfg.algorithm);
  if (!(cfg.gap >= 0.0)) throw InputError({"", 0, "--gap"}, "expected a non-negative gap");
  if (cfg.max_iterations < 1) {
    throw InputError({"", 0, "--max-iterations"}, "expected at least 1 iteration");
  }
  if (cfg.sweep_groups != 1 && cfg.sweep_groups != 2) {
    throw InputError({"", 0, "--sweep-groups"}, "expected 1 or 2");
  }
  if (cfg.sweep_groups != 1 && algorithm != assignment::Algorithm::algorithm_b) {
    throw InputError({"", 0, "--sweep-groups"},
                     "expected --algorithm b (the groups are Algorithm B's sweeps)");
  }
  const auto threads = limit_threads(cfg.threads);

  // Input.
  const auto read_start = Clock::now();
  auto input = read_road_input(cfg.network, cfg.trips, cfg.toll_factor, cfg.distance_factor);
  const network::RoadNetwork& net = input.net;
  const std::vector<assignment::DemandClass>& classes = input.classes;
  const double read_seconds = seconds_since(read_start);

  // Solve.
  Progress progress("assign");
  assignment::SolveOptions options;
  options.algorithm = algorithm;
  options.stop.relative_gap = cfg.gap;
  options.stop.max_iterations = cfg.max_iterations;
  options.on_iteration = [&progress](const assignment::IterationRecord& r) {
    char line[160];
    std::snprintf(line, sizeof line, "iteration %d  gap %.3e  objective %.10g  %.1f s", r.iteration,
                  r.relative_gap, r.objective, r.seconds);
    progress.update(line);
    return true;
  };
  const bool wants_bushes =
      !cfg.select_links.empty() || !cfg.select_link_out.empty() || !cfg.skims_out.empty();
  if (wants_bushes && algorithm != assignment::Algorithm::algorithm_b) {
    throw InputError({"", 0, "--select-link/--skims-out"},
                     "expected --algorithm b (select-link and skims come from its bushes)");
  }
  if (cfg.select_links.empty() != cfg.select_link_out.empty()) {
    throw InputError({"", 0, "--select-link-out"},
                     "expected both --select-link FROM-TO and --select-link-out FILE.csv");
  }
  const auto selected = parse_select_links(net, cfg.select_links);
  std::optional<assignment::BushSolution> bushes;
  if (wants_bushes || cfg.sweep_groups != 1) {
    assignment::AlgorithmBTuning tuning;
    tuning.groups = cfg.sweep_groups;
    bushes = assignment::solve_algorithm_b_bushes(net, classes, options, tuning);
  }
  const auto result = bushes ? bushes->result : assignment::solve(net, classes, options);
  progress.finish();

  // Outputs.
  if (!cfg.flows_out.empty()) {
    std::vector<double> fixed(net.link_count());
    network::compute_fixed_costs(net, classes.front().weights, fixed);
    AtomicFile out(cfg.flows_out);
    auto& os = out.stream();
    os.precision(17);
    os << "from_node,to_node,flow,cost,time";
    if (classes.size() > 1) {
      for (const auto& c : classes) os << ',' << csv_field("flow_" + c.name);
    }
    os << '\n';
    const auto heads = net.heads();
    for (std::uint32_t row = 0; row < net.link_count(); ++row) {
      const auto a = net.link_at_input(row).value();
      os << net.node_label(NodeId(net.tails()[a])) << ',' << net.node_label(NodeId(heads[a])) << ','
         << result.link_flow[a] << ',' << result.link_time[a] + fixed[a] << ','
         << result.link_time[a];
      if (classes.size() > 1) {
        for (const auto& f : result.class_flow) os << ',' << f[a];
      }
      os << '\n';
    }
    out.commit();
  }
  if (!selected.empty()) {
    const auto od = assignment::select_link_od(net, classes, *bushes, selected);
    assignment::write_select_link_csv(cfg.select_link_out, net, classes, od);
  }
  if (!cfg.skims_out.empty()) {
    assignment::write_skims_csv(cfg.skims_out, net, classes,
                                assignment::od_skims(net, classes, *bushes));
  }
  if (!cfg.summary_json.empty()) {
    nlohmann::json j;
    j["algorithm"] = assignment::algorithm_name(result.algorithm);
    j["iterations"] = result.iterations;
    j["relative_gap"] = result.relative_gap;
    j["average_excess_cost"] = result.average_excess_cost;
    j["objective"] = result.objective;
    j["total_travel_time"] = result.total_travel_time;
    j["seconds"] = result.seconds;
    j["read_seconds"] = read_seconds;
    j["threads"] = result.threads;
    if (result.algorithm == assignment::Algorithm::algorithm_b)
      j["sweep_groups"] = cfg.sweep_groups;
    j["converged"] = result.converged;
    j["unassigned_demand"] = result.unassigned_demand;
    j["nodes"] = net.node_count();
    j["links"] = net.link_count();
    j["zones"] = net.zone_count();
    if (result.algorithm == assignment::Algorithm::algorithm_b) {
      const auto& ph = result.phase_seconds;
      j["phase_seconds"] = {{"initial_bushes", ph.initial_bushes},
                            {"scan", ph.scan},
                            {"sweeps", ph.sweeps},
                            {"other", ph.other}};
    }
    if (result.bush_stats.bushes > 0) {
      const auto& b = result.bush_stats;
      j["bushes"] = {{"bushes", b.bushes},
                     {"nodes", b.nodes},
                     {"merge_part_nodes", b.merge_part},
                     {"links", b.links},
                     {"bytes", b.bytes}};
    }
    j["classes"] = nlohmann::json::array();
    for (const auto& c : classes) {
      j["classes"].push_back({{"name", c.name},
                              {"pce", c.pce},
                              {"toll_factor", c.weights.toll_factor},
                              {"distance_factor", c.weights.distance_factor},
                              {"demand", c.trips.sum()}});
    }
    j["history"] = nlohmann::json::array();
    for (const auto& h : result.history) {
      j["history"].push_back({{"iteration", h.iteration},
                              {"seconds", h.seconds},
                              {"relative_gap", h.relative_gap},
                              {"average_excess_cost", h.average_excess_cost},
                              {"objective", h.objective},
                              {"total_travel_time", h.total_travel_time}});
    }
    write_file_atomically(cfg.summary_json, j.dump(2) + "\n");
  }
  std::printf(
      "%s: %s after %d iterations, relative gap %.3e, objective %.10g, total travel time %.10g, "
      "%.2f s (reading %.2f s), %d threads%s\n",
      assignment::algorithm_name(result.algorithm), result.converged ? "converged" : "stopped",
      result.iterations, result.relative_gap, result.objective, result.total_travel_time,
      result.seconds, read_seconds, result.threads,
      result.unassigned_demand > 0.0
          ? (", unassigned demand " + std::to_string(result.unassigned_demand)).c_str()
          : "");
}

}  // namespace

void add_assign_command(CLI::App& app) {
  auto cfg = std::make_shared<AssignConfig>();
  auto* cmd = app.add_subcommand("assign", "Static road user equilibrium (TNTP or GMNS input)");
  cmd->add_option("--network", cfg->network, "TNTP _net.tntp file or GMNS folder")->required();
  cmd->add_option(
      "--trips", cfg->trips,
      "Demand: TNTP _trips.tntp, GMNS demand csv (FILE.csv:MODE:PERIOD selects rows) or "
      "FILE.omx:MATRIX; repeat for "
      "several classes");
  cmd->add_option("--algorithm", cfg->algorithm, "aon | msa | fw | cfw | bfw | b")
      ->capture_default_str();
  cmd->add_option("--gap", cfg->gap, "Relative gap to stop at")->capture_default_str();
  cmd->add_option("--max-iterations", cfg->max_iterations, "Iteration limit")
      ->capture_default_str();
  cmd->add_option("--threads", cfg->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  cmd->add_option("--sweep-groups", cfg->sweep_groups,
                  "Algorithm B sweeps: 1 = Gauss-Seidel, 2 = two groups of bushes in parallel "
                  "(block Gauss-Seidel)")
      ->capture_default_str();
  cmd->add_option("--toll-factor", cfg->toll_factor,
                  "Minutes per toll unit (used where the trips header gives none)");
  cmd->add_option("--distance-factor", cfg->distance_factor,
                  "Minutes per length unit (used where the trips header gives none)");
  cmd->add_option("--flows-out", cfg->flows_out, "Link flows CSV (input link order)");
  cmd->add_option("--summary-json", cfg->summary_json, "Run summary and per-iteration history");
  cmd->add_option("--select-link", cfg->select_links,
                  "Link FROM-TO (node labels) for a select-link OD matrix; repeatable; needs -a b");
  cmd->add_option("--select-link-out", cfg->select_link_out,
                  "Select-link CSV: from_node,to_node,class,origin,destination,trips");
  cmd->add_option("--skims-out", cfg->skims_out,
                  "Equilibrium OD skims CSV (time, distance, toll, generalized cost); needs -a b");
  cmd->callback([cfg] { run_assign(*cfg); });
}

}  // namespace corridor::cli
