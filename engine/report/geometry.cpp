#include "report/geometry.hpp"

namespace corridor::report {

std::string facility_name(std::int32_t code) {
  switch (code) {
    case 0:
      return "local";
    case 1:
      return "motorway";
    case 2:
      return "trunk";
    case 3:
      return "primary";
    case 4:
      return "secondary";
    case 5:
      return "tertiary";
    case 6:
      return "residential";
    case 9:
      return "connector";
    default:
      return std::to_string(code);
  }
}

std::vector<MapLink> map_links(const network::RoadNetwork& net) {
  std::vector<MapLink> out;
  out.reserve(net.link_count());
  for (std::uint32_t row = 0; row < net.link_count(); ++row) {
    const auto i = net.link_at_input(row).value();
    const auto& from = net.node(NodeId(net.tails()[i]));
    const auto& to = net.node(NodeId(net.heads()[i]));
    MapLink l;
    l.link_id = net.link_id(LinkId(i));
    l.from_node = from.label;
    l.to_node = to.label;
    l.from = {from.x, from.y};
    l.to = {to.x, to.y};
    l.facility = facility_name(net.link_type()[i]);
    l.name = net.link_name(LinkId(i));
    l.length_km = net.length()[i];
    l.free_speed_kmh = net.speed()[i];
    l.capacity_veh_per_h = net.capacity()[i];
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace corridor::report
