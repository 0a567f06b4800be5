// [[pt.add_stop]]: a new stop. id, name (default: the id), lat, lon (inside the region box),
// zone (the zone it lies in, model::find_zone; default: the nearest zone centroid).
#include <cmath>

#include "core/error.hpp"
#include "model/plausibility.hpp"
#include "scenario/apply.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/toml_reader.hpp"
#include "transit/transit_data.hpp"

namespace corridor::scenario {
namespace {

class AddStop final : public Edit {
 public:
  std::string id, name;
  double lat = 0.0;
  double lon = 0.0;
  std::string zone;

  std::uint32_t zone_index(const EditState& s) const {
    if (!zone.empty()) {
      const auto z = model::find_zone(s.model, zone);
      if (!z) fail_at(origin, "pt.add_stop.zone", "zone " + quote_for_message(zone) + " not found");
      return *z;
    }
    std::uint32_t nearest = 0;
    double best = INFINITY;
    for (std::uint32_t z = 0; z < s.model.zones.size(); ++z) {
      const double km = great_circle_km(lat, lon, s.model.zones[z].lat, s.model.zones[z].lon);
      if (km < best) {
        best = km;
        nearest = z;
      }
    }
    return nearest;
  }
  void validate(const EditState& s) const override {
    if (auto msg = model::check_position(s.box, lat, lon); !msg.empty()) {
      fail_at(origin, "pt.add_stop.lat", "stop " + quote_for_message(id) + ": " + msg);
    }
    if (transit::find_stop(s.model.transit, id)) {
      fail_at(origin, "pt.add_stop.id", "stop " + quote_for_message(id) + " already exists");
    }
    (void)zone_index(s);
  }
  void apply(EditState& s) const override {
    transit::Stop stop;
    stop.id = id;
    stop.name = name;
    stop.lat = lat;
    stop.lon = lon;
    stop.kind = "scenario";
    stop.zone = ZoneId(zone_index(s));
    transit::add_stop(s.model.transit, stop);
  }
  std::string describe() const override {
    return "pt.add_stop " + quote_for_message(id) + " (" + name + ") at " + short_number(lat) +
           ", " + short_number(lon) + (zone.empty() ? "" : " in " + quote_for_message(zone));
  }
  Created created() const override { return {{}, {id}, {}}; }
};

}  // namespace

std::unique_ptr<Edit> parse_add_stop(TableReader& t) {
  auto s = std::make_unique<AddStop>();
  s->id = t.string("id");
  s->name = t.optional_string("name").value_or(s->id);
  s->lat = t.number("lat", -90.0, 90.0);
  s->lon = t.number("lon", -180.0, 180.0);
  s->zone = t.optional_string("zone").value_or("");
  t.finish();
  return s;
}

}  // namespace corridor::scenario
