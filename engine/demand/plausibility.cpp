// Plausible weekday flows by road type (plausibility.hpp).
#include "demand/plausibility.hpp"

#include <algorithm>
#include <limits>

#include "model/region_model.hpp"

namespace corridor::demand {

double plausible_daily_max(std::string_view facility_type, double lanes) {
  const double n = std::max(1.0, lanes);
  if (facility_type == "motorway") return 22500.0 * n;
  if (facility_type == "trunk") return n < 1.5 ? 12500.0 : 17500.0 * n;
  if (facility_type == "primary") return 12500.0 * n;
  if (facility_type == "secondary") return 8000.0 * n;
  if (facility_type == "local") return 4000.0 * n;
  return std::numeric_limits<double>::infinity();
}

std::vector<ImplausibleLink> implausible_links(const model::RegionModel& region,
                                               const std::vector<double>& daily_flow,
                                               double tolerance) {
  std::vector<ImplausibleLink> out;
  const std::size_t n = std::min(daily_flow.size(), region.facility_types.size());
  for (std::size_t a = 0; a < n; ++a) {
    const double lanes = a < region.lanes.size() ? region.lanes[a] : 1.0;
    const double cap = plausible_daily_max(region.facility_types[a], lanes);
    if (daily_flow[a] > tolerance * cap) {
      out.push_back({static_cast<std::uint32_t>(a), daily_flow[a], cap});
    }
  }
  return out;
}

}  // namespace corridor::demand
