#pragma once
// Numbers as their raw bytes in the machine's own layout, for messages between processes of the
// same binary (distributed/wire.hpp, scenario/draw_bytes.hpp): a double arrives bit for bit, with
// none of a decimal text's rounding. Not a file format (no endianness or version).
//
//   std::string m;
//   append_raw(m, std::uint64_t{7});
//   append_raw(m, 0.1);
//   std::string_view in = m;
//   std::uint64_t n;  double x;
//   take_raw(in, n) && take_raw(in, x);   // false when the message is short; in advances
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace corridor {

template <class T>
void append_raw(std::string& out, T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

// Reads a T from the front of `in` and advances it; false (and `in` unchanged) when too short.
template <class T>
[[nodiscard]] bool take_raw(std::string_view& in, T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (in.size() < sizeof(T)) return false;
  std::memcpy(&v, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return true;
}

}  // namespace corridor
