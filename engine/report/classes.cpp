#include "report/classes.hpp"

#include <cmath>
#include <limits>

namespace corridor::report {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

std::size_t class_index(const std::vector<ColourClass>& classes, double v) {
  if (std::isnan(v)) return classes.size() % 2 == 1 ? classes.size() / 2 : 0;
  for (std::size_t i = 0; i < classes.size(); ++i)
    if (v < classes[i].hi) return i;
  return classes.empty() ? 0 : classes.size() - 1;
}

const std::vector<ColourClass>& flow_change_classes() {
  static const std::vector<ColourClass> c{
      {-kInf, -2000, "#2166ac",
       "\xe2\x88\x92"
       "2,000 or less"},
      {-2000, -500, "#4393c3",
       "\xe2\x88\x92"
       "2,000 to \xe2\x88\x92"
       "500"},
      {-500, -100, "#92c5de",
       "\xe2\x88\x92"
       "500 to \xe2\x88\x92"
       "100"},
      {-100, 100, "#c8c8c8",
       "within \xc2\xb1"
       "100: no real change"},
      {100, 500, "#f4a582", "+100 to +500"},
      {500, 2000, "#d6604d", "+500 to +2,000"},
      {2000, kInf, "#b2182b", "+2,000 or more"},
  };
  return c;
}

const std::vector<ColourClass>& hours_saved_classes() {
  static const std::vector<ColourClass> c{
      {-kInf, -10, "#b2182b", "loses 10 h or more"},
      {-10, -1, "#f4a582", "loses 1 to 10 h"},
      {-1, 1, "#d9d9d9",
       "within \xc2\xb1"
       "1 h: no real change"},
      {1, 10, "#d1e5f0", "saves 1 to 10 h"},
      {10, 50, "#92c5de", "saves 10 to 50 h"},
      {50, 200, "#4393c3", "saves 50 to 200 h"},
      {200, kInf, "#2166ac", "saves 200 h or more"},
  };
  return c;
}

const std::vector<ColourClass>& jobs_classes() {
  static const std::vector<ColourClass> c{
      {-kInf, 10000, "#ffffcc", "under 10,000 jobs"},
      {10000, 50000, "#a1dab4", "10,000 to 50,000"},
      {50000, 150000, "#41b6c4", "50,000 to 150,000"},
      {150000, 300000, "#2c7fb8", "150,000 to 300,000"},
      {300000, kInf, "#253494", "300,000 or more"},
  };
  return c;
}

const std::vector<ColourClass>& jobs_change_classes() {
  static const std::vector<ColourClass> c{
      {-kInf, -1000, "#b2182b",
       "\xe2\x88\x92"
       "1,000 or less"},
      {-1000, -100, "#f4a582",
       "\xe2\x88\x92"
       "1,000 to \xe2\x88\x92"
       "100"},
      {-100, 100, "#d9d9d9",
       "within \xc2\xb1"
       "100: no real change"},
      {100, 1000, "#d1e5f0", "+100 to +1,000"},
      {1000, 10000, "#67a9cf", "+1,000 to +10,000"},
      {10000, kInf, "#2166ac", "+10,000 or more"},
  };
  return c;
}

}  // namespace corridor::report
