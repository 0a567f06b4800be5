// Minimal zip reader (io/zip.hpp): stored and deflated entries via zlib, CRC-32 checked.
#include "io/zip.hpp"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "core/error.hpp"
#include "core/memory_budget.hpp"

namespace corridor::io {

namespace {

std::uint32_t le32(const std::string& b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}
std::uint16_t le16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}

}  // namespace

std::map<std::string, std::string> read_zip(const std::filesystem::path& zip) {
  const std::string name = zip.string();
  auto fail = [&name](const std::string& what) -> void {
    throw_input_error(name, 0, "", "a readable zip archive: " + what);
  };
  std::string bytes;
  {
    std::ifstream in(zip, std::ios::binary);
    if (!in) fail("cannot open the file");
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // End of central directory: 22 bytes + comment (≤ 65535), searched from the end.
  std::size_t eocd = std::string::npos;
  if (bytes.size() >= 22) {
    const std::size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
    for (std::size_t at = bytes.size() - 22 + 1; at-- > lowest;) {
      if (le32(bytes, at) == 0x06054b50) {
        eocd = at;
        break;
      }
    }
  }
  if (eocd == std::string::npos) fail("no end-of-central-directory record (not a zip file?)");
  const std::size_t entries = le16(bytes, eocd + 10);
  std::size_t at = le32(bytes, eocd + 16);
  if (entries == 0xffff || at == 0xffffffffu) fail("ZIP64 archives are not supported");
  std::map<std::string, std::string> files;
  for (std::size_t e = 0; e < entries; ++e) {
    if (at + 46 > bytes.size() || le32(bytes, at) != 0x02014b50) fail("damaged central directory");
    const std::uint16_t flags = le16(bytes, at + 8);
    const std::uint16_t method = le16(bytes, at + 10);
    const std::uint32_t crc = le32(bytes, at + 16);
    const std::size_t csize = le32(bytes, at + 20);
    const std::size_t usize = le32(bytes, at + 24);
    const std::size_t nlen = le16(bytes, at + 28);
    const std::size_t xlen = le16(bytes, at + 30);
    const std::size_t clen = le16(bytes, at + 32);
    const std::size_t local = le32(bytes, at + 42);
    if (at + 46 + nlen > bytes.size()) fail("damaged central directory");
    std::string entry = bytes.substr(at + 46, nlen);
    at += 46 + nlen + xlen + clen;
    if (entry.empty() || entry.back() == '/') continue;  // a folder
    if (flags & 1) fail("encrypted entry " + entry);
    if (local + 30 > bytes.size() || le32(bytes, local) != 0x04034b50) {
      fail("damaged local header of " + entry);
    }
    const std::size_t data_at = local + 30 + le16(bytes, local + 26) + le16(bytes, local + 28);
    if (data_at + csize > bytes.size()) fail("truncated entry " + entry);
    std::string out;
    if (method == 0) {
      out = bytes.substr(data_at, csize);
    } else if (method == 8) {
      // Deflate expands at most ~1032:1; a larger claim is a damaged (or hostile) header, and a
      // genuine entry must fit in memory before it is inflated.
      if (usize > 1032 * csize + 1024) {
        fail("entry " + entry + " claims " + std::to_string(usize) + " bytes from " +
             std::to_string(csize) + " compressed (damaged header)");
      }
      require_memory(usize, InputLocation{name, 0, entry}, "inflating " + entry);
      out.resize(usize);
      z_stream zs;
      std::memset(&zs, 0, sizeof zs);
      if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) fail("zlib initialisation failed");
      zs.next_in = reinterpret_cast<Bytef*>(bytes.data() + data_at);
      zs.avail_in = static_cast<uInt>(csize);
      zs.next_out = reinterpret_cast<Bytef*>(out.data());
      zs.avail_out = static_cast<uInt>(usize);
      const int rc = inflate(&zs, Z_FINISH);
      const auto produced = zs.total_out;
      inflateEnd(&zs);
      if (rc != Z_STREAM_END || produced != usize) fail("cannot inflate entry " + entry);
    } else {
      fail("entry " + entry + " uses compression method " + std::to_string(method) +
           " (only stored and deflated are supported)");
    }
    const auto actual =
        crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size()));
    if (actual != crc) fail("CRC mismatch in entry " + entry);
    const auto slash = entry.find_last_of('/');
    files[slash == std::string::npos ? entry : entry.substr(slash + 1)] = std::move(out);
  }
  return files;
}

}  // namespace corridor::io
