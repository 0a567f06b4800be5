#include "report/labels.hpp"

#include <algorithm>
#include <array>

namespace corridor::report {

bool overlaps(const LabelBox& a, const LabelBox& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

double label_width(std::string_view text, double font_size) {
  std::size_t chars = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;  // not a continuation byte
  return kCharWidthEm * font_size * static_cast<double>(chars);
}

std::vector<PlacedLabel> place_labels(std::vector<PlaceLabel> labels, const LabelBox& bounds,
                                      double font_size, std::span<const LabelBox> obstacles) {
  std::stable_sort(labels.begin(), labels.end(), [](const PlaceLabel& a, const PlaceLabel& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.text < b.text;
  });
  const double gap = 3.0;                  // px between the point and the text
  const double ascent = 0.72 * font_size;  // cap height above the baseline
  const double descent = 0.22 * font_size;
  const double halo = 1.0;
  std::vector<PlacedLabel> placed;
  for (const auto& l : labels) {
    const double w = label_width(l.text, font_size);
    const double x = l.anchor.x, y = l.anchor.y;
    // Baseline starts of the eight candidates, in order of preference.
    const std::array<Point, 8> candidates{{
        {x + gap, y - gap},                             // right, above
        {x + gap, y + gap + ascent},                    // right, below
        {x - gap - w, y - gap},                         // left, above
        {x - gap - w, y + gap + ascent},                // left, below
        {x - w / 2, y - gap - descent},                 // above
        {x - w / 2, y + gap + ascent},                  // below
        {x + gap + 1, y + (ascent - descent) / 2},      // right
        {x - gap - 1 - w, y + (ascent - descent) / 2},  // left
    }};
    for (const Point& b : candidates) {
      const LabelBox box{b.x - halo, b.y - ascent - halo, b.x + w + halo, b.y + descent + halo};
      if (box.x0 < bounds.x0 || box.y0 < bounds.y0 || box.x1 > bounds.x1 || box.y1 > bounds.y1)
        continue;
      const auto hits = [&](const LabelBox& o) { return overlaps(box, o); };
      if (std::any_of(obstacles.begin(), obstacles.end(), hits)) continue;
      if (std::any_of(placed.begin(), placed.end(),
                      [&](const PlacedLabel& p) { return overlaps(box, p.box); }))
        continue;
      placed.push_back({l.text, b, font_size, w, box});
      break;
    }
  }
  return placed;
}

std::string label_svg(const PlacedLabel& l) {
  return "<text x=\"" + fixed(l.baseline.x, 1) + "\" y=\"" + fixed(l.baseline.y, 1) +
         "\" font-size=\"" + fixed(l.font_size, 1) + "\" textLength=\"" + fixed(l.width, 1) +
         "\" lengthAdjust=\"spacingAndGlyphs\">" + escape(l.text) + "</text>";
}

}  // namespace corridor::report
