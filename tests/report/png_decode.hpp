#pragma once
// Minimal PNG decoder for the browser test: 8-bit RGB or RGBA, not interlaced (what Chromium's
// --screenshot writes). Concatenates the IDAT chunks, inflates them with zlib and undoes the
// per-row filters (PNG spec section 9: None, Sub, Up, Average, Paeth). Returns false on anything
// else.
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace corridor::report::testing {

struct Image {
  std::uint32_t width = 0, height = 0, channels = 0;
  std::vector<std::uint8_t> pixels;  // row-major, `channels` bytes per pixel
};

inline bool decode_png(const std::string& path, Image& img) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<std::uint8_t> d((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
  static constexpr std::uint8_t kSig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
  if (d.size() < 33 || !std::equal(kSig, kSig + 8, d.begin())) return false;
  auto be32 = [&](std::size_t p) {
    return (std::uint32_t{d[p]} << 24) | (std::uint32_t{d[p + 1]} << 16) |
           (std::uint32_t{d[p + 2]} << 8) | std::uint32_t{d[p + 3]};
  };
  std::vector<std::uint8_t> idat;
  std::size_t p = 8;
  while (p + 12 <= d.size()) {
    const std::uint32_t len = be32(p);
    const std::string type(d.begin() + static_cast<std::ptrdiff_t>(p + 4),
                           d.begin() + static_cast<std::ptrdiff_t>(p + 8));
    if (p + 12 + len > d.size()) return false;
    const std::size_t data = p + 8;
    if (type == "IHDR") {
      img.width = be32(data);
      img.height = be32(data + 4);
      const int depth = d[data + 8], colour = d[data + 9], interlace = d[data + 12];
      if (depth != 8 || interlace != 0 || (colour != 2 && colour != 6)) return false;
      img.channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat.insert(idat.end(), d.begin() + static_cast<std::ptrdiff_t>(data),
                  d.begin() + static_cast<std::ptrdiff_t>(data + len));
    } else if (type == "IEND") {
      break;
    }
    p += 12 + len;
  }
  if (img.channels == 0 || img.width == 0 || img.height == 0) return false;
  const std::size_t stride = std::size_t{img.width} * img.channels;
  std::vector<std::uint8_t> raw((stride + 1) * img.height);
  uLongf raw_len = static_cast<uLongf>(raw.size());
  if (uncompress(raw.data(), &raw_len, idat.data(), static_cast<uLong>(idat.size())) != Z_OK ||
      raw_len != raw.size())
    return false;
  img.pixels.assign(stride * img.height, 0);
  const std::size_t bpp = img.channels;
  for (std::size_t y = 0; y < img.height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* src = &raw[y * (stride + 1) + 1];
    std::uint8_t* row = &img.pixels[y * stride];
    const std::uint8_t* up = y > 0 ? &img.pixels[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= bpp ? row[x - bpp] : 0;
      const int b = up ? up[x] : 0;
      const int c = (up && x >= bpp) ? up[x - bpp] : 0;
      int pred = 0;
      switch (filter) {
        case 0:
          pred = 0;
          break;
        case 1:
          pred = a;
          break;
        case 2:
          pred = b;
          break;
        case 3:
          pred = (a + b) / 2;
          break;
        case 4: {
          const int pp = a + b - c, pa = std::abs(pp - a), pb = std::abs(pp - b),
                    pc = std::abs(pp - c);
          pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
          break;
        }
        default:
          return false;
      }
      row[x] = static_cast<std::uint8_t>((src[x] + pred) & 0xff);
    }
  }
  return true;
}

}  // namespace corridor::report::testing
