#pragma once
// Origin-destination matrices: dense, row-major, zones × zones, in trips per period (or any
// quantity the caller names). Row = origin zone index, column = destination zone index; zone
// indices are 0-based ZoneId values. Dense is right for the zone counts this engine targets
// (up to a few thousand zones: 1,117² doubles = 10 MB).
#include <Eigen/Core>

namespace corridor {

using OdMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace corridor
