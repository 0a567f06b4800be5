// Border targets' zone sets resolved against the region (model_run.hpp resolve_zone_sets).
#include <string>

#include "core/error.hpp"
#include "demand/model_run.hpp"
#include "model/region_model.hpp"

namespace corridor::demand {

void resolve_zone_sets(DemandParameters& params, const model::RegionModel& region) {
  const std::string file = params.source.empty() ? "demand parameters" : params.source;
  for (std::size_t k = 0; k < params.border.targets.size(); ++k) {
    auto& t = params.border.targets[k];
    const std::string field = "border.targets[" + std::to_string(k + 1) + "]";
    t.from_zones = model::require_zone_set(region, t.from, file, t.line, field + ".from").zones;
    t.to_zones = model::require_zone_set(region, t.to, file, t.line, field + ".to").zones;
  }
}

}  // namespace corridor::demand
