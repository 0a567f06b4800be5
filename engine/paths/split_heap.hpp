#pragma once
// Internal to the paths module: the default priority queue of the Dijkstra kernels, shared by
// paths/dijkstra.cpp and paths/loading_search.cpp so that both pop nodes in exactly the same order
// (equal keys included).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "paths/dijkstra.hpp"

namespace corridor::paths::detail {

using Label = DijkstraWorkspace::Label;
constexpr std::uint32_t kNotQueued = DijkstraWorkspace::kNotQueued;
constexpr std::uint32_t kSettled = DijkstraWorkspace::kSettled;

// The default kernel: 4-ary heap over ws.heap_keys() / ws.heap_nodes_ (layout described in
// dijkstra.hpp), slots kRoot .. end-1 in use, positions kept in the node labels (decrease-key).
// Pop moves the hole from the root down along the smallest children until the heap's last entry
// fits, each level a branch-free minimum of four aligned keys. (Floyd's bottom-up variant, down
// to a leaf and then up, measured 3-4 % slower.)
constexpr std::size_t kArity = 4;
// Heap keys are the bit patterns of the (non-negative) distances: for non-negative doubles and
// +inf the unsigned integer order is the numeric order, and integer minima are cheaper.
using Key = DijkstraWorkspace::HeapKey;
constexpr Key kInfKey = std::bit_cast<Key>(kUnreachable);
constexpr std::size_t kRoot = kArity - 1;

// Where the heap records the slot of each queued node (kNotQueued before, kSettled after): in the
// node's Label (DijkstraWorkspace's kernels) or in an array of its own (paths/loading_search.cpp).
struct SlotInLabel {
  Label* label;
  std::uint32_t& operator[](std::uint32_t v) const { return label[v].pos; }
};
struct SlotInArray {
  std::uint32_t* slot;
  std::uint32_t& operator[](std::uint32_t v) const { return slot[v]; }
};

template <std::size_t D, class Slots = SlotInLabel>
struct SplitHeap {
  static constexpr std::size_t kTop = D - 1;  // root slot
  Key* key;
  std::uint32_t* node;
  Slots slot;
  std::size_t end = kTop;  // one past the last used slot

  static std::size_t parent(std::size_t p) { return (p + (D - 1) * (D - 1) - 1) / D; }
  static std::size_t first_child(std::size_t p) { return D * p - (D - 1) * (D - 1) + 1; }

  void place(std::size_t p, Key k, std::uint32_t v) {
    key[p] = k;
    node[p] = v;
    slot[v] = static_cast<std::uint32_t>(p);
  }
  void sift_up(std::size_t p, Key k, std::uint32_t v) {
    while (p > kTop) {
      const std::size_t q = parent(p);
      if (key[q] <= k) break;
      place(p, key[q], node[q]);
      p = q;
    }
    place(p, k, v);
  }
  [[nodiscard]] bool empty() const { return end == kTop; }
  // Inserts v, or lowers its key when it is queued already.
  void push_or_decrease(std::uint32_t v, double d) {
    const Key k = std::bit_cast<Key>(d);
    const std::size_t pos = slot[v];
    const bool fresh = pos == kNotQueued;
    const std::size_t p = fresh ? end : pos;
    end += fresh;
    sift_up(p, k, v);
  }
  // Smallest of the D keys at g: its index (first among equals) and key. Index arithmetic
  // instead of ?: so that the compiler emits no (unpredictable) branch.
  static std::size_t min_index(const Key* g, Key& m) {
    if constexpr (D == 4) {
      const std::size_t i01 = g[1] < g[0];
      const std::size_t i23 = g[3] < g[2];
      const Key m01 = std::min(g[0], g[1]);
      const Key m23 = std::min(g[2], g[3]);
      const std::size_t r = m23 < m01;
      m = std::min(m01, m23);
      return i01 + r * (2 + i23 - i01);
    } else {
      Key lo = 0;
      Key hi = 0;
      const std::size_t ilo = SplitHeap<D / 2>::min_index(g, lo);
      const std::size_t ihi = SplitHeap<D / 2>::min_index(g + D / 2, hi);
      const std::size_t r = hi < lo;
      m = std::min(lo, hi);
      return ilo + r * (D / 2 + ihi - ilo);
    }
  }
  // Removes the minimum; returns its node (its key is the node's label distance).
  std::uint32_t pop() {
    const std::uint32_t top = node[kTop];
    slot[top] = kSettled;
    const std::size_t last = --end;
    const Key k = key[last];
    const std::uint32_t v = node[last];
    key[last] = kInfKey;
    if (last == kTop) return top;
    std::size_t hole = kTop;
    for (;;) {
      const std::size_t c = first_child(hole);
      if (c >= end) break;  // no children: the hole is a leaf
      Key m = 0;
      const std::size_t best = c + min_index(key + c, m);
      if (m >= k) break;
      place(hole, m, node[best]);
      hole = best;
    }
    place(hole, k, v);
    return top;
  }
};

}  // namespace corridor::paths::detail
