#pragma once
// Fills the report module's input (report/report_data.hpp) from a finished batch and writes
// DIR/report.html and, per scenario, DIR/scenarios/<name>/{links,zones,lines}.geojson.
//
// Everything is read back from the batch's files (result.json, links.csv, zones.csv, lines.csv),
// so a resumed batch gets the same report as an uninterrupted one. The map geometry is the base
// network of the first run's region plus every link and line some scenario adds (flagged
// scenario_only); the scenario networks are re-derived with apply_edits (milliseconds).
//
//   auto summary = corridor::scenario::run_batch(batch, engine, options);
//   corridor::scenario::write_batch_report(batch, summary, options.out);
#include <filesystem>

#include "scenario/batch.hpp"

namespace corridor::scenario {

void write_batch_report(const Batch& batch, const BatchSummary& summary,
                        const std::filesystem::path& out);

}  // namespace corridor::scenario
