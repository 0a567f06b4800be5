#pragma once
// Look-ups shared by the PT edit kinds: a stop or line id that must exist in the (edited) transit
// data, and the plausibility of run times between consecutive stops (model/plausibility.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/edits/edit.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {

std::uint32_t require_stop(const transit::TransitData& data, const Origin& o,
                           const std::string& key, const std::string& id);
std::uint32_t require_line(const transit::TransitData& data, const Origin& o,
                           const std::string& key, const std::string& id);

// Checks each run stops[i] -> stops[i+1] of run_minutes[i] minutes (one fewer than stops);
// fails at `key` with the implied speed when it is outside the mode's range.
void check_runs(const transit::TransitData& data, const Origin& o, const std::string& key,
                transit::Mode mode, const std::vector<std::uint32_t>& stops,
                const std::vector<double>& run_minutes);

// Reads `minutes`: n values, cumulative from the first stop (strictly increasing, >= 0) or run
// minutes of each new segment (> 0).
std::vector<double> read_minutes(TableReader& t, std::size_t n, bool cumulative);

}  // namespace corridor::scenario
