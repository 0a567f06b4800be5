#pragma once
// Applies a scenario's edits to a copy of the region model (the base is never modified).
//
// Each edit is one object (edits/edit.hpp); apply_edits validates it against the model as edited
// so far and applies it, in a fixed order: land use and growth, new nodes, junctions (link
// splits), new links, changed links, closed links; then PT: new stops, removed lines, new lines,
// extended lines, headways, hub transfers (edits/registry.cpp). Within a kind, input order (a
// combination: part by part). Road edits work on a draft of the network's specs, built into a
// CSR network (RoadNetwork::build) once after all edits; the per-link attribute arrays of
// RegionModel (lanes, facility types) and the link ids follow their links. Every reference is
// checked: a node, link, stop, line or zone that does not exist, a coordinate outside the region
// box or an implausible speed or run time (model/plausibility.hpp) is an InputError naming the
// scenario file, the line of the edit, the key and what is wrong.
//
// Conventions for new and changed road links (documented in docs/comparing-quick-wins.md):
// - free-flow minutes = length_km / speed_kmh × 60; capacity = lanes × capacity_per_lane;
// - VDF: BPR with α = 0.15, β = 4 for new links (split links keep the parameters of the original);
// - new links are open to all modes; facility type "scenario" unless the edit copies a link;
// - a new link without length_km gets the great-circle distance × kDetourFactor;
// - new links and the halves of a split link get new link ids above the base's largest.
//
//   model::RegionModel edited = scenario::apply_edits(base, scenario);
#include <map>
#include <string>
#include <vector>

#include "model/region_model.hpp"
#include "scenario/scenario.hpp"

namespace corridor::scenario {

// A base link cut in two by a junction: its id and the ids of the halves (from its tail to the
// junction, from the junction to its head).
struct LinkSplit {
  std::int64_t original = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;
};

// What an application did, for reports: node-label pairs of links added or changed, ids of lines
// added or changed. Link ids (RoadNetwork::link_id): a scenario link left in place keeps its base
// id; new links and split halves get fresh ids above the base's largest.
struct AppliedChanges {
  std::vector<std::int64_t> added_link_ids;    // junction connections and add_link, in order
  std::vector<std::int64_t> changed_link_ids;  // every direction changed
  std::vector<std::int64_t> closed_link_ids;
  std::vector<LinkSplit> split_links;
  std::vector<std::pair<std::int64_t, std::int64_t>> added_links;
  std::vector<std::pair<std::int64_t, std::int64_t>> changed_links;
  std::vector<std::pair<std::int64_t, std::int64_t>> closed_links;
  std::vector<std::string> added_lines;
  std::vector<std::string> changed_lines;
  std::vector<std::string> removed_lines;
  // Line id → the parts (indices into Scenario::parts, ascending) whose edits added, changed or
  // removed it: what the PT service change of a combination is attributed to (result_cba.cpp).
  std::map<std::string, std::vector<std::size_t>> line_parts;
};

// Growth factors on population and jobs of every internal zone (external zones unchanged).
void apply_growth(model::RegionModel& model, const Parameters& parameters);

model::RegionModel apply_edits(const model::RegionModel& base, const Scenario& scenario,
                               AppliedChanges* changes = nullptr);

// One line per edit, in the order of application ("road.close_link 1018 -> 1019 and back").
std::vector<std::string> describe_edits(const Scenario& scenario);

// Great-circle distance between two WGS84 points in km (haversine, R = 6371 km).
double great_circle_km(double lat1, double lon1, double lat2, double lon2);

}  // namespace corridor::scenario
