// The CSV tables of a ScenarioResult, the scenario folder and its strict read-back (result_io.hpp).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "core/hash.hpp"
#include "io/text.hpp"
#include "scenario/result_io.hpp"

namespace corridor::scenario {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string csv_text(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A number written by num(): empty = +inf.
double number_or_inf(const io::CsvReader& csv, std::size_t col) {
  return csv.has_value(col) ? csv.number(col) : kInf;
}

demand::Mode mode_of(const io::CsvReader& csv, std::size_t col) {
  const auto t = csv.text(col);
  for (std::size_t m = 0; m < kModes; ++m) {
    if (t == demand::mode_name(static_cast<demand::Mode>(m))) return static_cast<demand::Mode>(m);
  }
  csv.fail(col, "a mode (car, pt, bike, walk)");
}

LinkStatus link_status_of(const io::CsvReader& csv, std::size_t col) {
  const auto t = csv.text(col);
  for (auto s : {LinkStatus::unchanged, LinkStatus::changed, LinkStatus::added, LinkStatus::split,
                 LinkStatus::closed}) {
    if (t == link_status_name(s)) return s;
  }
  csv.fail(col, "a link status (empty, changed, new, split, closed)");
}

constexpr std::size_t kFileCount = 7;
constexpr std::array<const char*, kFileCount> kFiles = {
    "result.json", "lines.csv", "segments.csv",      "links.csv",
    "zones.csv",   "od.csv",    "network/demand.csv"};

std::array<std::string, kFileCount> render(const ScenarioResult& r) {
  return {headline_json(r.headline).dump(2) + "\n",
          lines_csv(r),
          segments_csv(r),
          links_csv(r),
          zones_csv(r),
          od_csv(r),
          demand_csv(r)};
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error("cannot read " + p.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string base_links_csv(const std::vector<BaseLinkRow>& links,
                           const std::vector<std::string>& periods) {
  std::ostringstream o;
  o << "link_id,name,from_node,to_node,daily_flow,daily_trucks,peak_hour_flow,peak_vc";
  for (const auto& p : periods) o << ",flow_" << p;
  for (const auto& p : periods) o << ",vc_" << p;
  o << ",facility_type,lanes,plausible_daily_max\n";
  for (const auto& l : links) {
    o << l.link_id << ',' << csv_text(l.name) << ',' << l.from_node << ',' << l.to_node << ','
      << num(l.daily_flow) << ',' << num(l.daily_trucks) << ',' << num(l.peak_hour_flow) << ','
      << num(l.peak_vc);
    for (std::size_t p = 0; p < periods.size(); ++p)
      o << ',' << num(p < l.period_flow.size() ? l.period_flow[p] : 0.0);
    for (std::size_t p = 0; p < periods.size(); ++p)
      o << ',' << num(p < l.period_vc.size() ? l.period_vc[p] : 0.0);
    o << ',' << csv_text(l.facility_type) << ',' << num(l.lanes) << ','
      << num(l.plausible_daily_max) << '\n';
  }
  return o.str();
}

std::string stops_csv(const std::vector<StopRow>& stops) {
  std::ostringstream o;
  o << "stop_id,name,daily_boardings,daily_alightings\n";
  for (const auto& s : stops) {
    o << csv_text(s.stop_id) << ',' << csv_text(s.name) << ',' << num(s.daily_boardings) << ','
      << num(s.daily_alightings) << '\n';
  }
  return o.str();
}

void write_base_outputs(const std::filesystem::path& dir, const BaseOutputs& base,
                        const std::string& base_hash) {
  corridor::make_directories(dir);
  std::error_code ec;
  std::filesystem::remove(dir / "done.json", ec);  // a half-rewritten folder is never current
  write_file_atomically(dir / "links.csv", base_links_csv(base.links, base.periods));
  write_file_atomically(dir / "stops.csv", stops_csv(base.stops));
  if (!base.validation_csv.empty())
    write_file_atomically(dir / "validation.csv", base.validation_csv);
  write_file_atomically(dir / "done.json", nlohmann::json{{"base_hash", base_hash}}.dump(2) + "\n");
}

bool base_outputs_current(const std::filesystem::path& dir, const std::string& base_hash) {
  if (!corridor::is_regular_file(dir / "links.csv") ||
      !corridor::is_regular_file(dir / "stops.csv") ||
      !corridor::is_regular_file(dir / "done.json"))
    return false;
  try {
    const auto j = nlohmann::json::parse(slurp(dir / "done.json"));
    return j.is_object() && j.contains("base_hash") && j["base_hash"].is_string() &&
           j["base_hash"].get<std::string>() == base_hash;
  } catch (const std::exception&) {
    return false;
  }
}

std::string lines_csv(const ScenarioResult& r) {
  std::ostringstream o;
  o << "line,mode,daily_boardings,base_daily_boardings,status,cross_border_boardings\n";
  for (const auto& l : r.lines) {
    o << csv_text(l.line) << ',' << l.mode << ',' << num(l.daily_boardings) << ','
      << num(l.base_daily_boardings) << ',' << l.status << ',' << num(l.cross_border_boardings)
      << '\n';
  }
  return o.str();
}

std::string segments_csv(const ScenarioResult& r) {
  std::ostringstream o;
  o << "line,from_stop,to_stop,daily_passengers,cross_border_passengers\n";
  for (const auto& s : r.segments) {
    o << csv_text(s.line) << ',' << csv_text(s.from_stop) << ',' << csv_text(s.to_stop) << ','
      << num(s.daily_passengers) << ',' << num(s.cross_border_passengers) << '\n';
  }
  return o.str();
}

std::string links_csv(const ScenarioResult& r) {
  std::ostringstream o;
  o << "from_node,to_node,daily_flow,delta_daily_flow,base_daily_flow,peak_speed_kmh,"
       "base_peak_speed_kmh,link_id,name,base_link_id,status\n";
  for (const auto& l : r.links) {
    o << l.from_node << ',' << l.to_node << ',' << num(l.daily_flow) << ','
      << num(l.delta_daily_flow) << ',' << num(l.base_daily_flow) << ',' << num(l.peak_speed_kmh)
      << ',' << num(l.base_peak_speed_kmh) << ',' << l.link_id << ',' << csv_text(l.name) << ','
      << (l.base_link_id ? std::to_string(*l.base_link_id) : std::string()) << ','
      << link_status_name(l.status) << '\n';
  }
  return o.str();
}

std::string zones_csv(const ScenarioResult& r) {
  std::ostringstream o;
  o << "zone,country,corridor,population,hours_saved_per_day,logsum_hours_per_day";
  for (const char* mode : {"car", "pt"}) {
    for (double t : kAccessMinutes) {
      o << ",jobs_" << mode << "_" << t << "min_before,jobs_" << mode << "_" << t << "min_after";
    }
  }
  o << '\n';
  for (const auto& z : r.zones) {
    o << csv_text(z.zone) << ',' << z.country << ',' << csv_text(z.corridor) << ','
      << num(z.population) << ',' << num(z.hours_saved_per_day) << ','
      << num(z.logsum_hours_per_day);
    for (std::size_t k = 0; k < 3; ++k)
      o << ',' << num(z.jobs_car_before[k]) << ',' << num(z.jobs_car_after[k]);
    for (std::size_t k = 0; k < 3; ++k)
      o << ',' << num(z.jobs_pt_before[k]) << ',' << num(z.jobs_pt_after[k]);
    o << '\n';
  }
  return o.str();
}

std::string od_csv(const ScenarioResult& r) {
  std::ostringstream o;
  o << "from_zone,to_zone,mode,trips_before,trips_after,delta_trips,gen_minutes_before,"
       "gen_minutes_after,delta_gen_minutes,hours_saved_per_day\n";
  for (const auto& x : r.od) {
    o << csv_text(x.from_zone) << ',' << csv_text(x.to_zone) << ',' << demand::mode_name(x.mode)
      << ',' << num(x.trips_before) << ',' << num(x.trips_after) << ',' << num(x.delta_trips) << ','
      << num(x.gen_minutes_before) << ',' << num(x.gen_minutes_after) << ','
      << num(x.delta_gen_minutes) << ',' << num(x.hours_saved_per_day) << '\n';
  }
  return o.str();
}

std::string demand_csv(const ScenarioResult& r) {
  std::ostringstream o;
  o << "o_zone_id,d_zone_id,volume,mode,time_period\n";
  for (const auto& x : r.demand) {
    o << x.o_zone_id << ',' << x.d_zone_id << ',' << num(x.volume) << ',' << csv_text(x.mode) << ','
      << csv_text(x.time_period) << '\n';
  }
  return o.str();
}

void read_tables(const std::string& lines, const std::string& segments, const std::string& links,
                 const std::string& zones, const std::string& od, const std::string& demand,
                 ScenarioResult& r) {
  {
    io::CsvReader c(lines, "lines.csv");
    const auto cl = c.require_column("line"), cm = c.require_column("mode"),
               cb = c.require_column("daily_boardings"),
               cb0 = c.require_column("base_daily_boardings"), cs = c.require_column("status"),
               cx = c.require_column("cross_border_boardings");
    while (c.next_row()) {
      r.lines.push_back({std::string(c.text(cl)), std::string(c.text(cm)), std::string(c.text(cs)),
                         c.number(cb), c.number(cb0), c.number(cx)});
    }
  }
  {
    io::CsvReader c(segments, "segments.csv");
    const auto cl = c.require_column("line"), cf = c.require_column("from_stop"),
               ct = c.require_column("to_stop"), cp = c.require_column("daily_passengers"),
               cx = c.require_column("cross_border_passengers");
    while (c.next_row()) {
      r.segments.push_back({std::string(c.text(cl)), std::string(c.text(cf)),
                            std::string(c.text(ct)), c.number(cp), c.number(cx)});
    }
  }
  {
    io::CsvReader c(links, "links.csv");
    const auto cf = c.require_column("from_node"), ct = c.require_column("to_node"),
               cv = c.require_column("daily_flow"), cd = c.require_column("delta_daily_flow"),
               cv0 = c.require_column("base_daily_flow"), cs = c.require_column("peak_speed_kmh"),
               cs0 = c.require_column("base_peak_speed_kmh"), cid = c.require_column("link_id"),
               cn = c.require_column("name"), cb = c.require_column("base_link_id"),
               cst = c.require_column("status");
    while (c.next_row()) {
      LinkRow l;
      l.from_node = c.integer(cf);
      l.to_node = c.integer(ct);
      l.daily_flow = c.number(cv);
      l.delta_daily_flow = c.number(cd);
      l.base_daily_flow = c.number(cv0);
      l.peak_speed_kmh = c.number(cs);
      l.base_peak_speed_kmh = c.number(cs0);
      l.link_id = c.integer(cid);
      l.name = std::string(c.text(cn));
      if (c.has_value(cb)) l.base_link_id = c.integer(cb);
      l.status = link_status_of(c, cst);
      r.links.push_back(std::move(l));
    }
  }
  {
    io::CsvReader c(zones, "zones.csv");
    const auto cz = c.require_column("zone"), cc = c.require_column("country"),
               cr = c.require_column("corridor"), cp = c.require_column("population"),
               ch = c.require_column("hours_saved_per_day"),
               cl = c.require_column("logsum_hours_per_day");
    std::array<std::array<std::size_t, 6>, 2> cols{};
    for (std::size_t m = 0; m < 2; ++m) {
      for (std::size_t k = 0; k < 3; ++k) {
        std::ostringstream name;
        name << "jobs_" << (m == 0 ? "car" : "pt") << "_" << kAccessMinutes[k] << "min_";
        cols[m][2 * k] = c.require_column(name.str() + "before");
        cols[m][2 * k + 1] = c.require_column(name.str() + "after");
      }
    }
    while (c.next_row()) {
      ZoneRow z;
      z.zone = std::string(c.text(cz));
      z.country = std::string(c.text(cc));
      z.corridor = std::string(c.text(cr));
      z.population = c.number(cp);
      z.hours_saved_per_day = c.number(ch);
      z.logsum_hours_per_day = c.number(cl);
      for (std::size_t k = 0; k < 3; ++k) {
        z.jobs_car_before[k] = c.number(cols[0][2 * k]);
        z.jobs_car_after[k] = c.number(cols[0][2 * k + 1]);
        z.jobs_pt_before[k] = c.number(cols[1][2 * k]);
        z.jobs_pt_after[k] = c.number(cols[1][2 * k + 1]);
      }
      r.zones.push_back(std::move(z));
    }
  }
  {
    io::CsvReader c(od, "od.csv");
    const auto cf = c.require_column("from_zone"), ct = c.require_column("to_zone"),
               cm = c.require_column("mode"), c0 = c.require_column("trips_before"),
               c1 = c.require_column("trips_after"), cd = c.require_column("delta_trips"),
               g0 = c.require_column("gen_minutes_before"),
               g1 = c.require_column("gen_minutes_after"),
               gd = c.require_column("delta_gen_minutes"),
               ch = c.require_column("hours_saved_per_day");
    while (c.next_row()) {
      r.od.push_back({std::string(c.text(cf)), std::string(c.text(ct)), mode_of(c, cm),
                      c.number(c0), c.number(c1), number_or_inf(c, g0), number_or_inf(c, g1),
                      c.number(ch), c.number(cd), number_or_inf(c, gd)});
    }
  }
  {
    io::CsvReader c(demand, "network/demand.csv");
    const auto co = c.require_column("o_zone_id"), cd = c.require_column("d_zone_id"),
               cv = c.require_column("volume"), cm = c.require_column("mode"),
               cp = c.require_column("time_period");
    while (c.next_row()) {
      r.demand.push_back({c.integer(co), c.integer(cd), std::string(c.text(cm)),
                          std::string(c.text(cp)), c.number(cv)});
    }
  }
}

void write_scenario_outputs(const std::filesystem::path& dir, const ScenarioResult& result,
                            const std::string& input_hash) {
  corridor::make_directories(dir / "network");
  // A stale marker goes first: from here until the new one is written the folder is unfinished.
  std::error_code ec;
  std::filesystem::remove(dir / "done.json", ec);
  const auto contents = render(result);
  nlohmann::json files = nlohmann::json::object();
  for (std::size_t k = 0; k < kFiles.size(); ++k) {
    write_file_atomically(dir / kFiles[k], contents[k]);
    files[kFiles[k]] = ContentHash().add(contents[k]).hex();
  }
  // The marker lists every file's content hash: a rerun trusts the folder only when all match.
  const nlohmann::json done = {{"input_hash", input_hash}, {"files", files}};
  write_file_atomically(dir / "done.json", done.dump() + "\n");
}

std::string scenario_result_bytes(const ScenarioResult& r) {
  const auto contents = render(r);
  std::string out;
  for (std::size_t k = 0; k < kFiles.size(); ++k) {
    out += std::string(kFiles[k]) + " " + std::to_string(contents[k].size()) + "\n";
    out += contents[k];
  }
  return out;
}

ScenarioResult scenario_result_from_bytes(std::string_view bytes) {
  std::array<std::string, kFileCount> text;
  for (std::size_t k = 0; k < kFiles.size(); ++k) {
    const auto eol = bytes.find('\n');
    const std::string head(bytes.substr(0, eol));
    const std::string expect = std::string(kFiles[k]) + " ";
    if (eol == std::string_view::npos || head.rfind(expect, 0) != 0)
      throw Error("scenario result bytes: expected the header of " + std::string(kFiles[k]));
    std::size_t n = 0;
    try {
      std::size_t used = 0;
      n = std::stoull(head.substr(expect.size()), &used);
      if (used != head.size() - expect.size()) throw Error("");
    } catch (const std::exception&) {
      throw Error("scenario result bytes: bad length of " + std::string(kFiles[k]));
    }
    bytes.remove_prefix(eol + 1);
    if (bytes.size() < n)
      throw Error("scenario result bytes: " + std::string(kFiles[k]) + " is cut short");
    text[k] = std::string(bytes.substr(0, n));
    bytes.remove_prefix(n);
  }
  if (!bytes.empty()) throw Error("scenario result bytes: trailing bytes");
  ScenarioResult r;
  try {
    r.headline = headline_from_json(nlohmann::json::parse(text[0]));
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("scenario result bytes: result.json: ") + e.what());
  }
  read_tables(text[1], text[2], text[3], text[4], text[5], text[6], r);
  if (render(r) != text) throw Error("scenario result bytes: the tables do not render back");
  return r;
}

std::optional<ScenarioResult> read_finished_scenario(const std::filesystem::path& dir,
                                                     const std::string& input_hash) {
  try {
    if (!corridor::path_exists(dir / "done.json")) return std::nullopt;
    const auto done = nlohmann::json::parse(slurp(dir / "done.json"));
    if (!done.contains("input_hash") || done["input_hash"] != input_hash) return std::nullopt;
    if (!done.contains("files")) return std::nullopt;
    std::array<std::string, kFileCount> text;
    for (std::size_t k = 0; k < kFiles.size(); ++k) {
      const auto path = dir / kFiles[k];
      if (!corridor::path_exists(path)) return std::nullopt;
      text[k] = slurp(path);
      if (!done["files"].contains(kFiles[k]) ||
          done["files"][kFiles[k]] != ContentHash().add(text[k]).hex())
        return std::nullopt;
    }
    ScenarioResult r;
    r.headline = headline_from_json(nlohmann::json::parse(text[0]));
    read_tables(text[1], text[2], text[3], text[4], text[5], text[6], r);
    // Only what renders back to the same bytes is trusted (no lossy parse, no missing field).
    if (render(r) != text) return std::nullopt;
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace corridor::scenario
