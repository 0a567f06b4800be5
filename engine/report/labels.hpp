#pragma once
// Place-name labels on a map without overlaps: a deterministic greedy placement of point-feature
// labels over a fixed set of candidate positions, the classic approach of cartographic label
// placement (Imhof 1975 for the preferred positions; Christensen, Marks & Shieber 1995, "An
// empirical study of algorithms for point-feature label placement", for greedy placement).
//
// Labels are placed in priority order (higher first, then by text): each tries the eight
// positions around its anchor, in Imhof's order of preference (right-above, right-below,
// left-above, left-below, above, below, right, left), and takes the first whose box lies inside
// the bounds and overlaps neither a placed label nor an obstacle. A label with no free position is
// left out (the map keeps the more important names). Text boxes are estimated from the font size
// (kCharWidthEm per character, cap height to descender): the writer draws each label with
// textLength set to that width, so the drawn text has exactly the estimated width in any font.
//
//   std::vector<PlaceLabel> names{{"Eindhoven", {412, 180}, 230000}, {"Veldhoven", {398, 190},
//   45000}}; auto placed = place_labels(names, {0, 0, 760, 560}, 11.0); for (auto& p : placed) svg
//   += label_svg(p);
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/svg.hpp"

namespace corridor::report {

// Axis-aligned box in SVG pixels (y down), x0 <= x1, y0 <= y1.
struct LabelBox {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
};
// True when the boxes share interior area (touching edges do not count).
[[nodiscard]] bool overlaps(const LabelBox& a, const LabelBox& b);

struct PlaceLabel {
  std::string text;
  Point anchor;           // the place's point in map pixels
  double priority = 0.0;  // e.g. population
};

struct PlacedLabel {
  std::string text;
  Point baseline;          // start of the text's baseline (text-anchor start)
  double font_size = 0.0;  // px
  double width = 0.0;      // px, = label_width(text, font_size)
  LabelBox box;            // the box the text occupies (with a 1 px halo)
};

inline constexpr double kCharWidthEm = 0.58;
// Width of `text` at `font_size` px: kCharWidthEm em per character (UTF-8 code points).
[[nodiscard]] double label_width(std::string_view text, double font_size);

[[nodiscard]] std::vector<PlacedLabel> place_labels(std::vector<PlaceLabel> labels,
                                                    const LabelBox& bounds, double font_size,
                                                    std::span<const LabelBox> obstacles = {});

// <text> with a white halo and textLength = the placed width.
[[nodiscard]] std::string label_svg(const PlacedLabel& label);

}  // namespace corridor::report
