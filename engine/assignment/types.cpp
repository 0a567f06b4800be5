#include "assignment/types.hpp"

#include "core/error.hpp"

namespace corridor::assignment {

const char* algorithm_name(Algorithm a) {
  switch (a) {
    case Algorithm::aon:
      return "aon";
    case Algorithm::msa:
      return "msa";
    case Algorithm::fw:
      return "fw";
    case Algorithm::cfw:
      return "cfw";
    case Algorithm::bfw:
      return "bfw";
    case Algorithm::algorithm_b:
      return "b";
  }
  return "?";
}

Algorithm parse_algorithm(const std::string& name) {
  if (name == "aon") return Algorithm::aon;
  if (name == "msa") return Algorithm::msa;
  if (name == "fw") return Algorithm::fw;
  if (name == "cfw") return Algorithm::cfw;
  if (name == "bfw") return Algorithm::bfw;
  if (name == "b" || name == "algorithm-b" || name == "algorithm_b") return Algorithm::algorithm_b;
  throw InputError({"", 0, "--algorithm"},
                   "expected one of aon, msa, fw, cfw, bfw, b; got " + quote_for_message(name));
}

}  // namespace corridor::assignment
