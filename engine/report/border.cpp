#include "report/report.hpp"

namespace corridor::report {

// Hand-digitised from the municipal borders between Baarle and Maastricht (Baarle's enclaves
// left out), lon/lat rounded to 0.01 degree, which is about 1 km.
std::vector<std::vector<LonLat>> approximate_nl_be_border() {
  return {{
      {4.75, 51.50}, {4.84, 51.46}, {4.91, 51.41}, {5.02, 51.47}, {5.08, 51.47}, {5.10, 51.43},
      {5.13, 51.35}, {5.21, 51.32}, {5.24, 51.27}, {5.31, 51.26}, {5.41, 51.26}, {5.48, 51.30},
      {5.52, 51.28}, {5.56, 51.27}, {5.62, 51.23}, {5.66, 51.20}, {5.78, 51.18}, {5.85, 51.16},
      {5.81, 51.10}, {5.77, 51.03}, {5.75, 50.95}, {5.70, 50.90}, {5.64, 50.86}, {5.69, 50.76},
  }};
}

}  // namespace corridor::report
