// `corridor bench-solvers`: the solver benchmark suite. Runs every listed algorithm on every listed
// TNTP instance, records the convergence history (one row per iteration) and draws relative gap
// against time on a log scale, one line per algorithm, one panel per instance.
//
//   corridor bench-solvers --instances SiouxFalls,Anaheim,Chicago-Sketch
//                          [--algorithms aon,msa,fw,cfw,bfw,b] [--gap 1e-8] [--max-seconds 60]
//                          [--max-iterations N] [--threads 1,2] [--data-dir DIR] --out DIR
//
// Writes DIR/convergence.csv (instance, algorithm, threads, iteration, seconds, relative_gap,
// objective), DIR/summary.csv (one row per run: read and solve seconds, final gap, objective)
// and DIR/convergence.svg. An instance is a folder of DIR/tntp (default: $CORRIDOR_DATA_DIR or
// ../shared/data): its `*_net.tntp` and each `*_trips.tntp` as one demand class, with the
// generalized-cost weights its README states (Chicago-Sketch: 0.02 min/cent, 0.04 min/mile).
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "assignment/solve.hpp"
#include "commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "io/tntp.hpp"

namespace corridor::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchConfig {
  std::string instances;
  std::string algorithms = "aon,msa,fw,cfw,bfw,b";
  std::string threads = "1";
  double gap = 1e-8;
  double max_seconds = 60.0;
  int max_iterations = 100000;
  std::string data_dir;
  std::string out;
};

struct Run {
  std::string instance;
  std::string algorithm;
  int threads = 1;
  double read_seconds = 0.0;
  assignment::AssignmentResult result;
};

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

fs::path default_data_dir() {
  if (const char* env = std::getenv("CORRIDOR_DATA_DIR"); env && *env) return env;
  return fs::path("..") / "shared" / "data";
}

struct Instance {
  network::RoadNetwork net;
  std::vector<assignment::DemandClass> classes;
};

// The folder's _net.tntp (SiouxFalls-2class borrows SiouxFalls's) and each _trips.tntp a class.
Instance load_instance(const fs::path& tntp, const std::string& name) {
  const fs::path dir = tntp / name;
  if (!fs::is_directory(dir)) {
    throw InputError({dir.string(), 0, "--instances"}, "expected a TNTP instance folder");
  }
  std::vector<fs::path> nets, trips;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string f = e.path().filename().string();
    if (f.ends_with("_net.tntp")) nets.push_back(e.path());
    if (f.ends_with("_trips.tntp")) trips.push_back(e.path());
  }
  std::sort(nets.begin(), nets.end());
  std::sort(trips.begin(), trips.end());
  if (nets.empty() && name == "SiouxFalls-2class") {
    nets.push_back(tntp / "SiouxFalls" / "SiouxFalls_net.tntp");
  }
  if (nets.size() != 1 || trips.empty()) {
    throw InputError({dir.string(), 0, "--instances"},
                     "expected one *_net.tntp and at least one *_trips.tntp file");
  }
  Instance in;
  in.net = io::read_tntp_network(nets.front());
  network::CostWeights weights;
  if (name == "Chicago-Sketch") weights = {0.02, 0.04};  // its README's generalized cost
  for (const auto& t : trips) {
    auto read = io::read_tntp_trips(t, in.net);
    assignment::DemandClass c;
    c.name = t.stem().string();
    c.trips = std::move(read.trips);
    c.weights = weights;
    if (read.toll_factor) c.weights.toll_factor = *read.toll_factor;
    if (read.distance_factor) c.weights.distance_factor = *read.distance_factor;
    in.classes.push_back(std::move(c));
  }
  return in;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Relative gap (log10) against seconds, one panel per instance, one polyline per algorithm.
std::string convergence_svg(const std::vector<Run>& runs, const std::vector<std::string>& instances,
                            double target_gap) {
  static const char* kColors[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a",
                                  "#66a61e", "#e6ab02", "#a6761d", "#666666"};
  const int cols = static_cast<int>(std::min<std::size_t>(3, instances.size()));
  const int rows = static_cast<int>((instances.size() + 2) / 3);
  const double pw = 380, ph = 280, ml = 60, mr = 12, mt = 30, mb = 40;
  const double width = cols * pw, height = rows * ph + 40;
  std::vector<std::string> algos;
  for (const auto& r : runs) {
    const std::string key =
        r.algorithm + (r.threads > 1 ? " (" + std::to_string(r.threads) + "t)" : "");
    if (std::find(algos.begin(), algos.end(), key) == algos.end()) algos.push_back(key);
  }
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" "
       "fill=\"white\"/>\n";
  for (std::size_t p = 0; p < instances.size(); ++p) {
    const double ox = static_cast<double>(p % 3) * pw, oy = static_cast<double>(p / 3) * ph;
    const double x0 = ox + ml, x1 = ox + pw - mr, y0 = oy + mt, y1 = oy + ph - mb;
    double tmax = 1e-3, gmin = std::max(target_gap, 1e-15), gmax = 1.0;
    for (const auto& r : runs) {
      if (r.instance != instances[p]) continue;
      for (const auto& h : r.result.history) {
        tmax = std::max(tmax, h.seconds);
        if (h.relative_gap > 0) {
          gmin = std::min(gmin, h.relative_gap);
          gmax = std::max(gmax, h.relative_gap);
        }
      }
    }
    const double lmin = std::floor(std::log10(gmin)), lmax = std::ceil(std::log10(gmax));
    auto X = [&](double t) { return x0 + (x1 - x0) * t / tmax; };
    auto Y = [&](double g) {
      const double l = std::log10(std::max(g, std::pow(10.0, lmin)));
      return y1 - (y1 - y0) * (l - lmin) / (lmax - lmin);
    };
    s << "<text x=\"" << x0 << "\" y=\"" << oy + 18 << "\" font-weight=\"bold\">" << instances[p]
      << "</text>\n";
    s << "<rect x=\"" << x0 << "\" y=\"" << y0 << "\" width=\"" << x1 - x0 << "\" height=\""
      << y1 - y0 << "\" fill=\"none\" stroke=\"#444\"/>\n";
    const int step = lmax - lmin > 8 ? 2 : 1;
    for (int e = static_cast<int>(lmin); e <= static_cast<int>(lmax); e += step) {
      const double y = Y(std::pow(10.0, e));
      s << "<line x1=\"" << x0 << "\" x2=\"" << x1 << "\" y1=\"" << y << "\" y2=\"" << y
        << "\" stroke=\"#ddd\"/><text x=\"" << x0 - 4 << "\" y=\"" << y + 4
        << "\" text-anchor=\"end\">1e" << e << "</text>\n";
    }
    for (int k = 0; k <= 4; ++k) {
      const double t = tmax * k / 4.0;
      s << "<text x=\"" << X(t) << "\" y=\"" << y1 + 14 << "\" text-anchor=\"middle\">"
        << fmt("%.3g", t) << "</text>\n";
    }
    s << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << y1 + 30
      << "\" text-anchor=\"middle\">seconds</text>\n";
    for (const auto& r : runs) {
      if (r.instance != instances[p]) continue;
      const std::string key =
          r.algorithm + (r.threads > 1 ? " (" + std::to_string(r.threads) + "t)" : "");
      const auto c =
          static_cast<std::size_t>(std::find(algos.begin(), algos.end(), key) - algos.begin());
      s << "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" << kColors[c % 8]
        << "\" points=\"";
      std::string last;
      const auto& hist = r.result.history;
      for (std::size_t i = 0; i < hist.size(); ++i) {
        // Thin long histories: the first 200 points, then every (i/200)-th, always the last.
        if (i >= 200 && i + 1 != hist.size() && i % (i / 200) != 0) continue;
        const auto& h = hist[i];
        const std::string point = fmt("%.0f", X(h.seconds)) + ',' + fmt("%.0f", Y(h.relative_gap));
        if (point == last) continue;
        s << point << ' ';
        last = point;
      }
      s << "\"/>\n";
    }
  }
  for (std::size_t c = 0; c < algos.size(); ++c) {
    const double x = 20 + static_cast<double>(c) * 110, y = height - 16;
    s << "<line x1=\"" << x << "\" x2=\"" << x + 20 << "\" y1=\"" << y << "\" y2=\"" << y
      << "\" stroke-width=\"3\" stroke=\"" << kColors[c % 8] << "\"/><text x=\"" << x + 24
      << "\" y=\"" << y + 4 << "\">" << algos[c] << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

void run_bench(const BenchConfig& cfg) {
  const auto instances = split(cfg.instances);
  const auto algorithms = split(cfg.algorithms);
  std::vector<int> thread_counts;
  for (const auto& t : split(cfg.threads)) {
    const int n = std::atoi(t.c_str());
    if (n < 1) throw InputError({"", 0, "--threads"}, "expected a list of positive counts");
    thread_counts.push_back(n);
  }
  if (instances.empty()) throw InputError({"", 0, "--instances"}, "expected at least one name");
  for (const auto& a : algorithms) assignment::parse_algorithm(a);  // validate early
  const fs::path tntp =
      (cfg.data_dir.empty() ? default_data_dir() : fs::path(cfg.data_dir)) / "tntp";
  fs::create_directories(cfg.out);

  std::vector<Run> runs;
  for (const auto& name : instances) {
    for (const auto& algo : algorithms) {
      for (const int threads : thread_counts) {
        tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                               static_cast<std::size_t>(threads));
        const auto t0 = Clock::now();
        const auto in = load_instance(tntp, name);
        Run run;
        run.instance = name;
        run.algorithm = algo;
        run.threads = threads;
        run.read_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        assignment::SolveOptions opt;
        opt.algorithm = assignment::parse_algorithm(algo);
        opt.stop.relative_gap = cfg.gap;
        opt.stop.max_iterations = cfg.max_iterations;
        opt.stop.max_seconds = cfg.max_seconds;
        Progress progress(name + " " + algo);
        opt.on_iteration = [&progress](const assignment::IterationRecord& r) {
          char line[128];
          std::snprintf(line, sizeof line, "iteration %d  gap %.3e  %.1f s", r.iteration,
                        r.relative_gap, r.seconds);
          progress.update(line);
          return true;
        };
        run.result = assignment::solve(in.net, in.classes, opt);
        progress.finish();
        std::printf(
            "%-22s %-4s %dt  read %7.2f s  solve %8.2f s  iterations %6d  gap %.3e  "
            "objective %.12g\n",
            name.c_str(), algo.c_str(), threads, run.read_seconds, run.result.seconds,
            run.result.iterations, run.result.relative_gap, run.result.objective);
        std::fflush(stdout);
        runs.push_back(std::move(run));
      }
    }
  }

  AtomicFile conv((fs::path(cfg.out) / "convergence.csv").string());
  auto& c = conv.stream();
  c.precision(15);
  c << "instance,algorithm,threads,iteration,seconds,relative_gap,objective\n";
  for (const auto& r : runs) {
    for (const auto& h : r.result.history) {
      c << r.instance << ',' << r.algorithm << ',' << r.threads << ',' << h.iteration << ','
        << h.seconds << ',' << h.relative_gap << ',' << h.objective << '\n';
    }
  }
  conv.commit();
  AtomicFile sum((fs::path(cfg.out) / "summary.csv").string());
  auto& s = sum.stream();
  s.precision(15);
  s << "instance,algorithm,threads,read_seconds,solve_seconds,iterations,relative_gap,objective,"
       "converged\n";
  for (const auto& r : runs) {
    s << r.instance << ',' << r.algorithm << ',' << r.threads << ',' << r.read_seconds << ','
      << r.result.seconds << ',' << r.result.iterations << ',' << r.result.relative_gap << ','
      << r.result.objective << ',' << (r.result.converged ? 1 : 0) << '\n';
  }
  sum.commit();
  write_file_atomically((fs::path(cfg.out) / "convergence.svg").string(),
                        convergence_svg(runs, instances, cfg.gap));
}

}  // namespace

void add_bench_solvers_command(CLI::App& app) {
  auto cfg = std::make_shared<BenchConfig>();
  auto* cmd = app.add_subcommand(
      "bench-solvers", "Run assignment algorithms on TNTP instances; convergence CSV and SVG plot");
  cmd->add_option("--instances", cfg->instances, "Comma-separated TNTP folder names")->required();
  cmd->add_option("--algorithms", cfg->algorithms, "Comma-separated: aon,msa,fw,cfw,bfw,b")
      ->capture_default_str();
  cmd->add_option("--gap", cfg->gap, "Relative gap to stop at")->capture_default_str();
  cmd->add_option("--max-seconds", cfg->max_seconds, "Time limit per run")->capture_default_str();
  cmd->add_option("--max-iterations", cfg->max_iterations, "Iteration limit per run")
      ->capture_default_str();
  cmd->add_option("--threads", cfg->threads, "Comma-separated thread counts")
      ->capture_default_str();
  cmd->add_option("--data-dir", cfg->data_dir, "Shared data folder (holds tntp/)");
  cmd->add_option("--out", cfg->out, "Output folder")->required();
  cmd->callback([cfg] { run_bench(*cfg); });
}

}  // namespace corridor::cli
