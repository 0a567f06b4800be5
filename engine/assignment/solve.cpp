#include "assignment/solve.hpp"

#include <utility>

#include "assignment/algorithm_b.hpp"
#include "assignment/link_based.hpp"
#include "core/error.hpp"

namespace corridor::assignment {

AssignmentResult solve(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                       const SolveOptions& options) {
  switch (options.algorithm) {
    case Algorithm::aon:
    case Algorithm::msa:
    case Algorithm::fw:
    case Algorithm::cfw:
    case Algorithm::bfw:
      return solve_link_based(net, classes, options);
    case Algorithm::algorithm_b:
      return solve_algorithm_b(net, classes, options);
  }
  throw Error("unknown assignment algorithm");
}

AssignmentResult solve(const network::RoadNetwork& net, std::span<const DemandClass> classes,
                       const SolveOptions& options, WarmStart& warm) {
  if (options.algorithm != Algorithm::algorithm_b) return solve(net, classes, options);
  auto solution = solve_algorithm_b_bushes(net, classes, options, warm.bushes);
  warm.bushes = std::move(solution.bushes);
  return std::move(solution.result);
}

}  // namespace corridor::assignment
