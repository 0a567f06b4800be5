// [[pt.transfer]]: a coordinated ("timed") transfer hub. stop = ID, wait_factor (0.3): the
// expected wait of a passenger changing there is wait_factor × the uncoordinated one
// (transit::Stop::transfer_wait_factor). Two edits on one stop: the smaller factor holds.
#include <algorithm>

#include "core/error.hpp"
#include "scenario/edits/kinds.hpp"
#include "scenario/edits/transit_refs.hpp"
#include "scenario/toml_reader.hpp"

namespace corridor::scenario {
namespace {

class Transfer final : public Edit {
 public:
  std::string stop;
  double wait_factor = 0.3;

  void validate(const EditState& s) const override {
    require_stop(s.model.transit, origin, "pt.transfer.stop", stop);
  }
  void apply(EditState& s) const override {
    auto& data = s.model.transit;
    const auto i = require_stop(data, origin, "pt.transfer.stop", stop);
    // Two scenarios coordinating the same hub: the stronger coordination holds.
    transit::set_transfer_wait_factor(data, stop,
                                      std::min(data.stops[i].transfer_wait_factor, wait_factor));
  }
  std::string describe() const override {
    return "pt.transfer at " + quote_for_message(stop) + ": transfer wait × " +
           short_number(wait_factor);
  }
};

}  // namespace

std::unique_ptr<Edit> parse_transfer(TableReader& t) {
  auto x = std::make_unique<Transfer>();
  x->stop = t.string("stop");
  x->wait_factor = t.optional_number("wait_factor", 0.01, 1.0).value_or(0.3);
  t.finish();
  return x;
}

}  // namespace corridor::scenario
