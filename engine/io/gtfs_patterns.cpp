// GTFS import, stage 2 (gtfs_feed.hpp): the trips running on the date become stop patterns with
// departures counted per time window and run times averaged over them; each (route, direction)
// group of patterns becomes lines, the pattern with most departures first.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "io/gtfs_feed.hpp"

namespace corridor::io::gtfs_detail {

PatternTable accumulate_patterns(std::vector<std::vector<StopTimeRow>>& rows,
                                 const FeedTrips& trips, const FeedStops& stops,
                                 const GtfsImportOptions& options,
                                 const std::string& stop_times_label) {
  PatternTable table;
  auto& patterns = table.patterns;
  const auto& rep = stops.representative;
  std::vector<std::uint32_t> pattern_stops;
  std::vector<double> offsets;
  for (std::uint32_t t = 0; t < trips.trips.size(); ++t) {
    auto& r = rows[t];
    if (r.empty()) continue;
    std::stable_sort(r.begin(), r.end(),
                     [](const StopTimeRow& a, const StopTimeRow& b) { return a.seq < b.seq; });
    if (r.front().departure < 0 || r.back().arrival < 0) {
      throw_input_error(stop_times_label, r.front().departure < 0 ? r.front().line : r.back().line,
                        "arrival_time", "times at the first and last stop of a trip");
    }
    // Interpolate empty times between timed stops (by position).
    for (std::size_t k = 1; k + 1 < r.size(); ++k) {
      if (r[k].arrival >= 0) continue;
      std::size_t next = k + 1;
      while (r[next].arrival < 0) ++next;
      const double a = r[k - 1].departure;
      const double b = r[next].arrival;
      const double frac = 1.0 / static_cast<double>(next - k + 1);
      r[k].arrival = r[k].departure = static_cast<int>(std::lround(a + (b - a) * frac));
    }
    for (std::size_t k = 0; k < r.size(); ++k) {
      if (k > 0 && r[k].seq == r[k - 1].seq) {
        throw_input_error(
            stop_times_label, r[k].line, "stop_sequence",
            "a stop_sequence used once per trip (" + std::to_string(r[k].seq) + " repeats)");
      }
      if (r[k].departure < r[k].arrival || (k > 0 && r[k].arrival < r[k - 1].departure)) {
        throw_input_error(stop_times_label, r[k].line, "arrival_time",
                          "times that do not go backwards along stop_sequence (stop_times out "
                          "of order)");
      }
    }
    ++table.trips_active;
    pattern_stops.clear();
    offsets.clear();
    const int t0 = r.front().departure;
    for (std::size_t k = 0; k < r.size(); ++k) {
      const std::uint32_t s = rep[r[k].stop];
      if (!pattern_stops.empty() && pattern_stops.back() == s) continue;  // same station
      double at = 0.0;
      if (k == r.size() - 1) {
        at = r[k].arrival - t0;
      } else if (k > 0) {
        at = 0.5 * (r[k].arrival + r[k].departure) - t0;
      }
      pattern_stops.push_back(s);
      offsets.push_back(at / 60.0);
    }
    if (pattern_stops.size() < 2) continue;
    const GTrip& trip = trips.trips[t];
    PatternAcc* acc = nullptr;
    auto count = [&](int dep) {
      if (!acc) {
        auto& a = patterns[PatternKey{trip.route, trip.direction, pattern_stops}];
        acc = &a;
        for (auto& v : acc->sum_minutes) v.resize(offsets.size(), 0.0);
      }
      if (dep >= 0 && dep < 86400) {
        acc->first_departure = std::min(acc->first_departure, dep);
        acc->last_departure = std::max(acc->last_departure, dep);
      }
      const int w = window_index(options, dep);
      if (w < 0) return;
      ++acc->count[w];
      ++table.departures[w];
      for (std::size_t k = 0; k < offsets.size(); ++k) acc->sum_minutes[w][k] += offsets[k];
    };
    for (int day = 0; day < 2; ++day) {
      if (!(day == 0 ? trip.on_day : trip.on_day_before)) continue;
      const int shift = day == 0 ? 0 : -86400;
      if (trip.frequencies.empty()) {
        count(t0 + shift);
      } else {
        for (const auto& f : trip.frequencies) {
          for (int dep = f.start; dep < f.end; dep += f.headway) count(dep + shift);
        }
      }
    }
  }
  return table;
}

transit::TransitData build_lines(const PatternTable& table, const FeedRoutes& routes,
                                 const FeedStops& stops, const GtfsImportOptions& options,
                                 const std::string& feed_label) {
  transit::TransitData data;
  std::vector<std::uint32_t> out_stop(stops.stops.size(), kNoIndex);
  const double window_min[2] = {
      (options.peak.end_s - options.peak.start_s) / 60.0,
      options.offpeak ? (options.offpeak->end_s - options.offpeak->start_s) / 60.0 : 0.0};
  const auto& patterns = table.patterns;
  for (auto it = patterns.begin(); it != patterns.end();) {
    auto end = it;
    std::vector<std::pair<const PatternKey*, const PatternAcc*>> group;
    while (end != patterns.end() && end->first.route == it->first.route &&
           end->first.direction == it->first.direction) {
      if (end->second.count[0] + end->second.count[1] > 0) {
        group.emplace_back(&end->first, &end->second);
      }
      ++end;
    }
    std::stable_sort(group.begin(), group.end(), [](const auto& a, const auto& b) {
      return a.second->count[0] + a.second->count[1] > b.second->count[0] + b.second->count[1];
    });
    for (std::size_t g = 0; g < group.size(); ++g) {
      const PatternKey& key = *group[g].first;
      const PatternAcc& acc = *group[g].second;
      const GRoute& route = routes.routes[key.route];
      transit::Line line;
      line.id = route.id + "-" + std::to_string(key.direction) +
                (g > 0 ? "-" + std::to_string(g + 1) : std::string());
      line.name = route.name + " to " + stops.stops[key.stops.back()].name;
      line.mode = route.mode;
      line.operator_name = route.agency;
      const int w = acc.count[0] > 0 ? 0 : 1;
      auto headway = [&](int k) {
        return acc.count[k] > 0 ? window_min[k] / static_cast<double>(acc.count[k])
                                : transit::kNoService;
      };
      line.headway_peak_min = headway(0);
      line.headway_offpeak_min = options.offpeak ? headway(1) : line.headway_peak_min;
      const double h = std::min(line.headway_peak_min, line.headway_offpeak_min);
      const double span_h = acc.last_departure >= acc.first_departure
                                ? (acc.last_departure - acc.first_departure) / 3600.0 + h / 60.0
                                : h / 60.0;
      line.service_hours = std::min(24.0, std::round(span_h * 100.0) / 100.0);
      line.both_directions = false;
      double prev = -1.0;
      for (std::size_t k = 0; k < key.stops.size(); ++k) {
        double m = acc.sum_minutes[w][k] / static_cast<double>(acc.count[w]);
        m = std::round(m * 100.0) / 100.0;
        if (k > 0 && m < prev + 0.1) m = prev + 0.1;
        prev = m;
        const std::uint32_t s = key.stops[k];
        if (out_stop[s] == kNoIndex) {
          out_stop[s] = static_cast<std::uint32_t>(data.stops.size());
          transit::Stop st;
          st.id = stops.stops[s].id;
          st.name = stops.stops[s].name;
          st.lat = stops.stops[s].lat;
          st.lon = stops.stops[s].lon;
          st.kind = transit::mode_name(route.mode);
          data.stops.push_back(std::move(st));
        }
        line.stops.push_back({out_stop[s], m});
      }
      data.lines.push_back(std::move(line));
    }
    it = end;
  }
  if (data.lines.empty()) {
    throw_input_error(feed_label, 0, "period",
                      "at least one trip of the feed running in the period on that date (found "
                      "none; check --date and --period)");
  }
  // Stops in the order of stops.txt.
  {
    std::vector<std::uint32_t> order(data.stops.size());
    std::vector<std::uint32_t> gtfs_of(data.stops.size());
    for (std::uint32_t s = 0; s < stops.stops.size(); ++s) {
      if (out_stop[s] != kNoIndex) gtfs_of[out_stop[s]] = s;
    }
    std::vector<std::uint32_t> by_gtfs(data.stops.size());
    for (std::uint32_t i = 0; i < by_gtfs.size(); ++i) by_gtfs[i] = i;
    std::sort(by_gtfs.begin(), by_gtfs.end(),
              [&](std::uint32_t a, std::uint32_t b) { return gtfs_of[a] < gtfs_of[b]; });
    std::vector<transit::Stop> sorted;
    for (std::uint32_t i = 0; i < by_gtfs.size(); ++i) {
      order[by_gtfs[i]] = i;
      sorted.push_back(std::move(data.stops[by_gtfs[i]]));
    }
    data.stops = std::move(sorted);
    for (auto& l : data.lines) {
      for (auto& ls : l.stops) ls.stop = order[ls.stop];
    }
  }
  return data;
}

}  // namespace corridor::io::gtfs_detail
