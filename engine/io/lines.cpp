#include "io/lines.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/text.hpp"

namespace corridor::io {

namespace {

using transit::Line;
using transit::LineStop;
using transit::Stop;
using transit::TransitData;

// An optional facility flag: empty (or no column) = the default of the stop's kind.
std::optional<bool> parse_facility(const CsvReader& csv, std::optional<std::size_t> col) {
  if (!col || !csv.has_value(*col)) return std::nullopt;
  const auto s = csv.text(*col);
  if (s == "1" || s == "true" || s == "yes") return true;
  if (s == "0" || s == "false" || s == "no") return false;
  csv.fail(*col, "expected 1/0 (or true/false; empty = the default of the stop's kind), got " +
                     quote_for_message(s));
}

bool parse_bool(const CsvReader& csv, std::size_t col) {
  const auto s = csv.text(col);
  if (s == "1" || s == "true" || s == "TRUE" || s == "yes") return true;
  if (s == "0" || s == "false" || s == "FALSE" || s == "no") return false;
  csv.fail(col, "expected 1/0 (or true/false), got " + quote_for_message(s));
}

double parse_headway(const CsvReader& csv, std::size_t col) {
  if (!csv.has_value(col)) return transit::kNoService;
  const double h = csv.number(col);
  if (!(h > 0.0)) {
    csv.fail(col, "expected a headway > 0 minutes (empty = no service), got " +
                      quote_for_message(csv.text(col)));
  }
  return h;
}

void read_stops(const std::filesystem::path& file, std::uint32_t zone_count, TransitData& data,
                std::unordered_map<std::string, std::uint32_t>& index) {
  CsvReader csv(file);
  const auto c_id = csv.require_column("stop_id");
  const auto c_name = csv.require_column("name");
  const auto c_lat = csv.require_column("lat");
  const auto c_lon = csv.require_column("lon");
  const auto c_zone = csv.require_column("zone_id");
  const auto c_kind = csv.require_column("kind");
  const auto c_factor = csv.optional_column("transfer_wait_factor");
  const auto c_bike = csv.optional_column("bike_parking");
  const auto c_pr = csv.optional_column("park_and_ride");
  while (csv.next_row()) {
    Stop s;
    s.id = std::string(csv.text(c_id));
    if (s.id.empty()) csv.fail(c_id, "expected a non-empty stop id");
    s.name = std::string(csv.text(c_name));
    s.lat = csv.number(c_lat);
    if (std::abs(s.lat) > 90.0) csv.fail(c_lat, "expected a latitude in [-90, 90] degrees");
    s.lon = csv.number(c_lon);
    if (std::abs(s.lon) > 180.0) csv.fail(c_lon, "expected a longitude in [-180, 180] degrees");
    if (csv.has_value(c_zone)) {
      const auto z = csv.integer(c_zone);
      if (z < 0 || (zone_count > 0 && z > static_cast<std::int64_t>(zone_count))) {
        csv.fail(c_zone, "expected a zone_id in 1.." + std::to_string(zone_count) +
                             " (0 or empty = no zone), got " + std::to_string(z));
      }
      if (z > 0) s.zone = ZoneId{static_cast<std::uint32_t>(z - 1)};
    }
    s.kind = std::string(csv.text(c_kind));
    s.transfer_wait_factor = csv.number_or(c_factor, 1.0);
    if (!(s.transfer_wait_factor > 0.0 && s.transfer_wait_factor <= 1.0)) {
      csv.fail(*c_factor, "expected a transfer_wait_factor in (0, 1]");
    }
    s.bike_parking = parse_facility(csv, c_bike);
    s.park_and_ride = parse_facility(csv, c_pr);
    const auto at = static_cast<std::uint32_t>(data.stops.size());
    if (!index.emplace(s.id, at).second) {
      csv.fail(c_id, "duplicate stop_id " + quote_for_message(s.id));
    }
    data.stops.push_back(std::move(s));
  }
}

void read_line_table(const std::filesystem::path& file, TransitData& data,
                     std::unordered_map<std::string, std::uint32_t>& index) {
  CsvReader csv(file);
  const auto c_id = csv.require_column("line_id");
  const auto c_name = csv.require_column("name");
  const auto c_mode = csv.require_column("mode");
  const auto c_op = csv.require_column("operator");
  const auto c_hp = csv.require_column("headway_peak_min");
  const auto c_ho = csv.require_column("headway_offpeak_min");
  const auto c_sh = csv.require_column("service_hours");
  const auto c_both = csv.require_column("both_directions");
  while (csv.next_row()) {
    Line l;
    l.id = std::string(csv.text(c_id));
    if (l.id.empty()) csv.fail(c_id, "expected a non-empty line id");
    l.name = std::string(csv.text(c_name));
    const auto mode = transit::parse_mode(csv.text(c_mode));
    if (!mode) {
      csv.fail(c_mode, "expected rail, bus, coach, tram, metro or ferry, got " +
                           quote_for_message(csv.text(c_mode)));
    }
    l.mode = *mode;
    l.operator_name = std::string(csv.text(c_op));
    l.headway_peak_min = parse_headway(csv, c_hp);
    l.headway_offpeak_min = parse_headway(csv, c_ho);
    l.service_hours = csv.number(c_sh);
    if (!(l.service_hours >= 0.0 && l.service_hours <= 24.0)) {
      csv.fail(c_sh, "expected service hours per day in [0, 24]");
    }
    l.both_directions = parse_bool(csv, c_both);
    const auto at = static_cast<std::uint32_t>(data.lines.size());
    if (!index.emplace(l.id, at).second) {
      csv.fail(c_id, "duplicate line_id " + quote_for_message(l.id));
    }
    data.lines.push_back(std::move(l));
  }
}

void read_line_stops(const std::filesystem::path& file, TransitData& data,
                     const std::unordered_map<std::string, std::uint32_t>& stops,
                     const std::unordered_map<std::string, std::uint32_t>& lines) {
  CsvReader csv(file);
  const auto c_line = csv.require_column("line_id");
  const auto c_seq = csv.require_column("seq");
  const auto c_stop = csv.require_column("stop_id");
  const auto c_min = csv.require_column("minutes");
  struct Row {
    std::int64_t seq;
    std::uint32_t stop;
    double minutes;
    std::size_t file_line;
  };
  std::vector<std::vector<Row>> rows(data.lines.size());
  while (csv.next_row()) {
    const auto l = lines.find(std::string(csv.text(c_line)));
    if (l == lines.end()) {
      csv.fail(c_line,
               "unknown line_id " + quote_for_message(csv.text(c_line)) + " (not in lines.csv)");
    }
    const auto s = stops.find(std::string(csv.text(c_stop)));
    if (s == stops.end()) {
      csv.fail(c_stop,
               "unknown stop_id " + quote_for_message(csv.text(c_stop)) + " (not in stops.csv)");
    }
    const double minutes = csv.number(c_min);
    if (minutes < 0.0) csv.fail(c_min, "expected minutes >= 0");
    const auto seq = csv.integer(c_seq);
    for (const Row& r : rows[l->second]) {
      if (r.seq == seq) {
        csv.fail(c_seq, "duplicate seq " + std::to_string(seq) + " for line '" +
                            data.lines[l->second].id + "'");
      }
    }
    rows[l->second].push_back({seq, s->second, minutes, csv.line_number()});
  }
  const std::string name = file.string();
  for (std::size_t l = 0; l < rows.size(); ++l) {
    auto& r = rows[l];
    std::stable_sort(r.begin(), r.end(), [](const Row& a, const Row& b) { return a.seq < b.seq; });
    if (r.size() < 2) {
      throw_input_error(name, 0, "line_id",
                        "at least 2 stops for line '" + data.lines[l].id + "', found " +
                            std::to_string(r.size()));
    }
    for (std::size_t k = 0; k < r.size(); ++k) {
      if (k > 0 && !(r[k].minutes > r[k - 1].minutes)) {
        throw_input_error(name, r[k].file_line, "minutes",
                          "minutes strictly increasing along line '" + data.lines[l].id +
                              "' (seq " + std::to_string(r[k].seq) + " has " +
                              std::to_string(r[k].minutes) + " after " +
                              std::to_string(r[k - 1].minutes) + ")");
      }
      data.lines[l].stops.push_back({r[k].stop, r[k].minutes - r[0].minutes});
    }
  }
}

// Shortest text that reads back to the same double.
std::string number_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = s;  // CsvReader does not unescape "": quotes inside become apostrophes
  std::replace(q.begin(), q.end(), '"', '\'');
  return "\"" + q + "\"";
}

}  // namespace

transit::TransitData read_lines(const std::filesystem::path& dir, std::uint32_t zone_count) {
  TransitData data;
  std::unordered_map<std::string, std::uint32_t> stop_index;
  std::unordered_map<std::string, std::uint32_t> line_index;
  read_stops(dir / "stops.csv", zone_count, data, stop_index);
  read_line_table(dir / "lines.csv", data, line_index);
  read_line_stops(dir / "line_stops.csv", data, stop_index, line_index);
  transit::validate(data, dir.string());
  return data;
}

void write_lines(const std::filesystem::path& dir, const transit::TransitData& data) {
  corridor::make_directories(dir);
  {
    AtomicFile f(dir / "stops.csv");
    auto& o = f.stream();
    o << "stop_id,name,lat,lon,zone_id,kind,transfer_wait_factor,bike_parking,park_and_ride\n";
    auto flag = [](const std::optional<bool>& x) { return x ? (*x ? "1" : "0") : ""; };
    for (const auto& s : data.stops) {
      o << csv_field(s.id) << ',' << csv_field(s.name) << ',' << number_text(s.lat) << ','
        << number_text(s.lon) << ',' << (s.zone.valid() ? std::to_string(s.zone.value() + 1) : "")
        << ',' << csv_field(s.kind) << ',' << number_text(s.transfer_wait_factor) << ','
        << flag(s.bike_parking) << ',' << flag(s.park_and_ride) << '\n';
    }
    f.commit();
  }
  auto headway = [](double h) { return h == transit::kNoService ? std::string() : number_text(h); };
  {
    AtomicFile f(dir / "lines.csv");
    auto& o = f.stream();
    o << "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
         "both_directions\n";
    for (const auto& l : data.lines) {
      o << csv_field(l.id) << ',' << csv_field(l.name) << ',' << transit::mode_name(l.mode) << ','
        << csv_field(l.operator_name) << ',' << headway(l.headway_peak_min) << ','
        << headway(l.headway_offpeak_min) << ',' << number_text(l.service_hours) << ','
        << (l.both_directions ? 1 : 0) << '\n';
    }
    f.commit();
  }
  {
    AtomicFile f(dir / "line_stops.csv");
    auto& o = f.stream();
    o << "line_id,seq,stop_id,minutes\n";
    for (const auto& l : data.lines) {
      for (std::size_t k = 0; k < l.stops.size(); ++k) {
        o << csv_field(l.id) << ',' << (k + 1) << ',' << csv_field(data.stops[l.stops[k].stop].id)
          << ',' << number_text(l.stops[k].minutes) << '\n';
      }
    }
    f.commit();
  }
}

}  // namespace corridor::io
