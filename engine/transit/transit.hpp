#pragma once
// corridor::transit — public transport: headway-based lines (transit_data.hpp), the period
// network (network.hpp), optimal strategies (strategy.hpp, Spiess & Florian 1989) and the
// assignment with skims, loads and daily ridership (assignment.hpp). Readers for the lines
// format and GTFS are in io/lines.hpp and io/gtfs.hpp. See docs/public-transport.md.
#include "transit/assignment.hpp"
#include "transit/network.hpp"
#include "transit/strategy.hpp"
#include "transit/transit_data.hpp"
