// [[land_use]]: population and jobs of one zone set or shifted.
//   zone = "Veldhoven"        zone name, id or municipality (model::find_zone)
//   population | population_delta, jobs | jobs_delta
#include <optional>

#include "core/error.hpp"
#include "scenario/edits/edit.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

class LandUse final : public Edit {
 public:
  std::string zone;
  std::optional<double> population, jobs, population_delta, jobs_delta;

  std::uint32_t zone_index(const EditState& s) const {
    const auto z = model::find_zone(s.model, zone);
    if (!z) fail_at(origin, "land_use.zone", "zone " + quote_for_message(zone) + " not found");
    return *z;
  }
  void validate(const EditState& s) const override {
    const auto& z = s.model.zones[zone_index(s)];
    const double pop = population.value_or(z.population) + population_delta.value_or(0.0);
    const double job = jobs.value_or(z.jobs) + jobs_delta.value_or(0.0);
    if (pop < 0.0 || job < 0.0) {
      fail_at(origin, "land_use",
              "zone " + quote_for_message(z.name) + " would get negative population or jobs (" +
                  short_number(pop) + ", " + short_number(job) + ")");
    }
  }
  void apply(EditState& s) const override {
    auto& z = s.model.zones[zone_index(s)];
    if (population) z.population = *population;
    if (jobs) z.jobs = *jobs;
    if (population_delta) z.population += *population_delta;
    if (jobs_delta) z.jobs += *jobs_delta;
  }
  std::string describe() const override {
    std::string s = "land_use " + quote_for_message(zone) + ":";
    if (population) s += " population = " + short_number(*population);
    if (population_delta) s += " population " + signed_number(*population_delta);
    if (jobs) s += " jobs = " + short_number(*jobs);
    if (jobs_delta) s += " jobs " + signed_number(*jobs_delta);
    return s;
  }
  static std::string signed_number(double v) { return (v >= 0 ? "+" : "") + short_number(v); }
};

}  // namespace

std::unique_ptr<Edit> parse_land_use(TableReader& t) {
  auto l = std::make_unique<LandUse>();
  l->zone = t.string("zone");
  l->population = t.optional_number("population", 0.0, 1e8);
  l->jobs = t.optional_number("jobs", 0.0, 1e8);
  l->population_delta = t.optional_number("population_delta", -1e8, 1e8);
  l->jobs_delta = t.optional_number("jobs_delta", -1e8, 1e8);
  t.finish();
  if (l->population && l->population_delta) {
    t.fail("population_delta", "give population or population_delta, not both");
  }
  if (l->jobs && l->jobs_delta) t.fail("jobs_delta", "give jobs or jobs_delta, not both");
  if (!l->population && !l->jobs && !l->population_delta && !l->jobs_delta) {
    throw_input_error(t.file(), t.line(), "land_use",
                      "expected population, jobs, population_delta or jobs_delta");
  }
  return l;
}

}  // namespace corridor::scenario
