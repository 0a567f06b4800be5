// The road demand of a run as the GMNS export writes it (result.hpp DemandRow): per period its
// assigned hour's car and truck vehicle matrices (demand/model_run.hpp PeriodRun), the cells > 0,
// zones by their zone_id.
#include "scenario/result.hpp"

namespace corridor::scenario {

std::vector<DemandRow> run_demand(const RunView& run) {
  std::vector<DemandRow> out;
  const auto& zones = run.model.zones;
  for (const auto& period : run.run.periods) {
    for (const auto& [mode, trips] :
         {std::pair<const char*, const OdMatrix*>{"auto", &period.car_hour},
          {"truck", &period.truck_hour}}) {
      if (trips->rows() != static_cast<Eigen::Index>(zones.size()) ||
          trips->cols() != trips->rows())
        continue;  // a test network without this class
      for (Eigen::Index o = 0; o < trips->rows(); ++o) {
        for (Eigen::Index d = 0; d < trips->cols(); ++d) {
          const double v = (*trips)(o, d);
          if (!(v > 0.0)) continue;
          out.push_back({zones[static_cast<std::size_t>(o)].zone_id,
                         zones[static_cast<std::size_t>(d)].zone_id, mode, period.name, v});
        }
      }
    }
  }
  return out;
}

}  // namespace corridor::scenario
