// libFuzzer target: TNTP network files (io/tntp.hpp, parse_tntp_network).
#include <cstddef>
#include <cstdint>

#include "core/error.hpp"
#include "fuzz_support.hpp"
#include "io/tntp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto net = corridor::io::parse_tntp_network(corridor::fuzz::as_text(data, size), "net");
    // Touch what a solver reads first: the CSR arrays must be consistent.
    const auto off = net.out_offsets();
    if (off.size() != net.node_count() + 1u || off.back() != net.link_count()) __builtin_trap();
    for (const auto h : net.heads()) {
      if (h >= net.node_count()) __builtin_trap();
    }
  } catch (const corridor::InputError&) {
  }
  return 0;
}
