#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <system_error>

#include "core/error.hpp"

namespace corridor {
namespace {

std::filesystem::path temp_name_for(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  auto name = target.filename().string();
  name += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  return target.parent_path() / name;
}

void fsync_path(const std::filesystem::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)), temp_(temp_name_for(target_)) {
  if (target_.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target_.parent_path(), ec);
  }
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw Error("cannot create output file " + temp_.string());
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) throw Error("writing " + target_.string() + " failed (disk full?)");
  publish_file(temp_, target_);
  committed_ = true;
}

std::filesystem::path temporary_path_for(const std::filesystem::path& target) {
  return temp_name_for(target);
}

void publish_file(const std::filesystem::path& written, const std::filesystem::path& target) {
  fsync_path(written);
  std::error_code ec;
  std::filesystem::rename(written, target, ec);
  if (ec) {
    std::filesystem::remove(written, ec);
    throw Error("cannot move " + written.string() + " to " + target.string() + ": " + ec.message());
  }
  if (target.has_parent_path()) fsync_path(target.parent_path());
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  AtomicFile f(target);
  f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  f.commit();
}

}  // namespace corridor
