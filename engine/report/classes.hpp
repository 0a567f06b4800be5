#pragma once
// Fixed colour classes for the maps: the same change gets the same colour on every map of every
// scenario, and the legend states each class in the figure's own unit, so a change of 10
// vehicles a day is drawn as "no real change" and never stretched to the map's largest value.
// Class limits are round numbers chosen for the region's scale (a quick win moves tens to a few
// thousand vehicles a day on a link, a few to a few hundred person-hours a day per zone);
// colours from ColorBrewer's diverging RdBu and sequential YlGnBu schemes (Harrower & Brewer
// 2003), colour-blind safe.
//
//   const auto& c = flow_change_classes();
//   std::string fill = c[class_index(c, -350.0)].colour;   // "#92c5de": −500 to −100 veh/day
#include <string>
#include <vector>

namespace corridor::report {

// Values v with lo <= v < hi (the first class has lo = -inf, the last hi = +inf).
struct ColourClass {
  double lo = 0.0;
  double hi = 0.0;
  std::string colour;  // "#rrggbb"
  std::string label;   // legend text with the unit, e.g. "+100 to +500"
};

// Index of the class holding v (NaN: the middle class of a diverging scale, else 0).
[[nodiscard]] std::size_t class_index(const std::vector<ColourClass>& classes, double v);

// Change in daily flow on a link, vehicles per weekday (scenario − base).
[[nodiscard]] const std::vector<ColourClass>& flow_change_classes();
// Person-hours saved per weekday by a zone's residents (positive = saved).
[[nodiscard]] const std::vector<ColourClass>& hours_saved_classes();
// Jobs reachable from a zone (cumulative opportunities).
[[nodiscard]] const std::vector<ColourClass>& jobs_classes();
// Change in jobs reachable (after − before).
[[nodiscard]] const std::vector<ColourClass>& jobs_change_classes();

}  // namespace corridor::report
