#pragma once
// Reader and writer of Corridor's lines format: a folder with three CSV files.
//
//   stops.csv       stop_id,name,lat,lon,zone_id,kind[,transfer_wait_factor][,bike_parking]
//                   [,park_and_ride]
//   lines.csv       line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,
//                   service_hours,both_directions
//   line_stops.csv  line_id,seq,stop_id,minutes
//
// Units and conventions: lat/lon in degrees WGS84; zone_id is the 1-based zone_id of zones.csv
// (stored as ZoneId zone_id − 1; empty or 0 = no zone); mode is rail|bus|coach|tram|metro|ferry;
// headways in minutes (> 0; empty = no service in that period); service_hours per day in
// [0, 24]; both_directions is 1/0 (or true/false); minutes in line_stops are cumulative from the
// line's first stop and strictly increasing in seq order (seq need not be contiguous, rows need not
// be sorted). transfer_wait_factor is optional, in (0, 1] (hub coordination, transit_data.hpp).
// bike_parking and park_and_ride are optional 1/0 (or true/false) facility flags; empty or no
// column = the default of the stop's kind (transit::default_bike_parking: "rail" has both).
// Errors (unknown stop or line, times going backwards, non-positive headway, duplicate ids,
// missing columns, a zone_id above zone_count) are corridor::InputError with file, line and field.
//
//   auto data = corridor::io::read_lines("scenarios/brainport-kempen/transit", zone_count);
//   corridor::io::write_lines("out/transit", data);   // each file written atomically
#include <cstdint>
#include <filesystem>

#include "transit/transit_data.hpp"

namespace corridor::io {

// zone_count = 0 skips the upper-bound check on zone_id.
transit::TransitData read_lines(const std::filesystem::path& dir, std::uint32_t zone_count = 0);

void write_lines(const std::filesystem::path& dir, const transit::TransitData& data);

}  // namespace corridor::io
