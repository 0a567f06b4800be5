// A back-cast run by a batch (backcast.hpp).
#include "scenario/backcast.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "calibration/evaluate.hpp"
#include "calibration/fit_statistics.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "scenario/batch.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {

namespace {

std::string fmt(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

using calibration::csv_field;  // RFC 4180, as validation.csv quotes its sources

}  // namespace

const char* backcast_measure_name(BackcastMeasure m) {
  switch (m) {
    case BackcastMeasure::without:
      return "without";
    case BackcastMeasure::with:
      return "with";
    case BackcastMeasure::change:
      return "change";
  }
  return "?";
}

BackcastSpec parse_backcast(const toml::table& table, const std::string& file,
                            const std::filesystem::path& dir) {
  TableReader t(table, file, "backcast");
  const auto name = t.string("scenario");
  const auto figures = t.table_array("figure");
  t.finish();
  const auto path =
      std::filesystem::path(name).is_absolute() ? std::filesystem::path(name) : dir / name;
  if (!corridor::is_regular_file(path))
    t.fail("scenario", "expected an existing scenario file, " + quote_for_message(name) +
                           " not found (looked for " + path.string() + ")");
  BackcastSpec spec;
  spec.scenario = read_scenario(path);
  if (figures.empty()) t.fail("figure", "expected at least one [[backcast.figure]] to compare");
  for (const auto* f : figures) {
    TableReader r(*f, file, "backcast.figure");
    BackcastFigure x;
    x.origin = Origin{file, r.line()};
    x.label = r.string("label");
    x.links = r.integer_array("links");
    if (x.links.empty()) r.fail("links", "expected at least one link id");
    const auto measure = r.string("measure");
    if (measure == "without") {
      x.measure = BackcastMeasure::without;
    } else if (measure == "with") {
      x.measure = BackcastMeasure::with;
    } else if (measure == "change") {
      x.measure = BackcastMeasure::change;
    } else {
      r.fail("measure",
             "expected \"without\", \"with\" or \"change\", got " + quote_for_message(measure));
    }
    const bool flow = x.measure != BackcastMeasure::change;
    x.observed = flow ? r.number("observed", 0.0) : r.number("observed", -1.0);
    x.tolerance = r.number("tolerance", 0.0);
    x.source = r.string("source");
    r.finish();
    spec.figures.push_back(std::move(x));
  }
  return spec;
}

std::vector<BackcastRow> backcast_rows(const BackcastSpec& spec,
                                       const std::vector<LinkRow>& links) {
  std::map<std::int64_t, const LinkRow*> by_id;
  for (const auto& l : links) {
    if (l.status != LinkStatus::added) by_id[l.link_id] = &l;
  }
  std::vector<BackcastRow> out;
  for (const auto& f : spec.figures) {
    double with = 0.0, without = 0.0;
    for (const auto id : f.links) {
      const auto it = by_id.find(id);
      if (it == by_id.end())
        throw_input_error(f.origin.file, f.origin.line, "backcast.figure.links",
                          "link " + std::to_string(id) + " is not a link of the base network of '" +
                              spec.scenario.name + "'");
      with += it->second->base_daily_flow;
      without += it->second->daily_flow;
    }
    BackcastRow row;
    row.figure = f.label;
    row.measure = f.measure;
    row.observed = f.observed;
    row.tolerance = f.tolerance;
    row.source = f.source;
    switch (f.measure) {
      case BackcastMeasure::without:
        row.modelled = without;
        break;
      case BackcastMeasure::with:
        row.modelled = with;
        break;
      case BackcastMeasure::change:
        if (!(without > 0.0))
          throw_input_error(
              f.origin.file, f.origin.line, "backcast.figure.links",
              "expected links with flow without the project (a change divides by it)");
        row.modelled = (with - without) / without;
        break;
    }
    row.ratio = f.observed != 0.0 ? row.modelled / f.observed : 0.0;
    if (f.measure == BackcastMeasure::change) {
      row.within_tolerance = std::abs(row.modelled - f.observed) <= f.tolerance;
    } else {
      row.has_geh = true;
      row.geh = calibration::geh_for_period(row.modelled, f.observed, 24.0);
      row.within_tolerance = f.observed > 0.0 && std::abs(row.ratio - 1.0) <= f.tolerance;
    }
    out.push_back(std::move(row));
  }
  return out;
}

BackcastResult run_backcast(const BackcastSpec& spec, RegionEngine& engine) {
  const auto key = engine.base_key(spec.scenario);
  if (!engine.base_prepared(key)) engine.prepare_base(key, spec.scenario);
  const auto result = engine.evaluate(key, spec.scenario);
  return {spec.scenario.name, spec.scenario.title, backcast_rows(spec, result.links)};
}

std::string backcast_csv(const BackcastResult& r) {
  std::ostringstream csv;
  csv << "figure,measure,observed,modelled,ratio,geh,tolerance,within_tolerance,source\n";
  for (const auto& x : r.rows) {
    csv << csv_field(x.figure) << ',' << backcast_measure_name(x.measure) << ',' << fmt(x.observed)
        << ',' << fmt(x.modelled) << ',' << fmt(x.ratio) << ',' << (x.has_geh ? fmt(x.geh) : "")
        << ',' << fmt(x.tolerance) << ',' << (x.within_tolerance ? "yes" : "no") << ','
        << csv_field(x.source) << '\n';
  }
  return csv.str();
}

}  // namespace corridor::scenario
