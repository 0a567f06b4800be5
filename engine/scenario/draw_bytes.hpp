#pragma once
// A finished draw as bytes: what a rank of a distributed `--draws` sends rank 0 for one draw
// (draws.hpp, DrawWorker). Numbers are copied in the machine's own layout (every rank runs the
// same binary; engine/distributed/wire.hpp says the same of the queue's own messages), so the rows
// arrive bit for bit and rank 0 writes the same draw file a one-process run writes.
//
//   u64 model runs | u64 feedback loops | u64 hash length | input hash
//   per run: f64 benefit | f64 B/C | f64 cost | f64 investment | u8 below the noise floor
//
// Decoding is strict: a short, long or malformed message throws corridor::Error, never reads past
// the end.
//
//   auto bytes = draw_result_bytes({hash, 4, 27, rows});
//   auto back = draw_result_from_bytes(bytes, rows.size());   // back.rows == rows
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/robustness.hpp"

namespace corridor::scenario {

struct DrawResult {
  std::string hash;                // the draw's input hash (draws.cpp draw_hash)
  std::size_t model_runs = 0;      // model runs the draw took
  std::size_t feedback_loops = 0;  // their demand-supply feedback loops (the work)
  std::vector<DrawRow> rows;       // batch order
};

[[nodiscard]] std::string draw_result_bytes(const DrawResult& r);
// `runs`: the rows expected (the batch's runs).
[[nodiscard]] DrawResult draw_result_from_bytes(std::string_view bytes, std::size_t runs);

}  // namespace corridor::scenario
