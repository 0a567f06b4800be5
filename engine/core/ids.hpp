#pragma once
// Strong 32-bit identifiers. An id is an index into the attribute arrays of its kind (0-based,
// dense); `invalid()` is the named "none" value. Construction is explicit, so a NodeId can never
// be passed where a LinkId is expected.
//
//   corridor::NodeId n{3};
//   if (n.valid()) use(n.value());
#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace corridor {

template <class Tag>
class StrongId {
 public:
  using value_type = std::uint32_t;
  constexpr StrongId() = default;
  constexpr explicit StrongId(value_type v) : v_(v) {}
  static constexpr StrongId invalid() { return StrongId(); }
  [[nodiscard]] constexpr value_type value() const { return v_; }
  [[nodiscard]] constexpr bool valid() const { return v_ != kInvalid; }
  constexpr auto operator<=>(const StrongId&) const = default;

 private:
  static constexpr value_type kInvalid = std::numeric_limits<value_type>::max();
  value_type v_ = kInvalid;
};

using NodeId = StrongId<struct NodeTag>;
using LinkId = StrongId<struct LinkTag>;
using ZoneId = StrongId<struct ZoneTag>;
using LineId = StrongId<struct LineTag>;
using StopId = StrongId<struct StopTag>;

}  // namespace corridor

template <class Tag>
struct std::hash<corridor::StrongId<Tag>> {
  std::size_t operator()(corridor::StrongId<Tag> id) const noexcept {
    return std::hash<std::uint32_t>{}(id.value());
  }
};
