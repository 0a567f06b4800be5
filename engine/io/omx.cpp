#include "io/omx.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <system_error>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/file_system.hpp"
#include "io/omx_hdf5_module.hpp"

namespace corridor::io {

namespace {

void validate_set(const OmxWriteSet& set) {
  const auto n = static_cast<Eigen::Index>(set.zone_numbers.size());
  auto bad_name = [](const std::string& s) {
    return s.empty() || s.find('/') != std::string::npos || s == "." || s == "..";
  };
  if (bad_name(set.lookup_name)) throw Error("OMX: invalid lookup name '" + set.lookup_name + "'");
  if (!set.zone_names.empty()) {
    if (bad_name(set.name_lookup_name) || set.name_lookup_name == set.lookup_name) {
      throw Error("OMX: invalid name lookup '" + set.name_lookup_name + "'");
    }
    if (set.zone_names.size() != set.zone_numbers.size()) {
      throw Error("OMX: " + std::to_string(set.zone_names.size()) + " zone names for " +
                  std::to_string(set.zone_numbers.size()) + " zone numbers");
    }
  }
  for (const auto& [name, m] : set.matrices) {
    if (bad_name(name)) throw Error("OMX: invalid matrix name '" + name + "'");
    if (m.rows() != n || m.cols() != n) {
      throw Error("OMX: matrix '" + name + "' is " + std::to_string(m.rows()) + " x " +
                  std::to_string(m.cols()) + ", expected " + std::to_string(n) + " x " +
                  std::to_string(n) + " (one row per zone number)");
    }
    // read_omx refuses non-finite cells, so the writer never produces a file it cannot read back.
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      for (Eigen::Index j = 0; j < m.cols(); ++j) {
        if (!std::isfinite(m(i, j))) {
          throw Error("OMX: matrix '" + name + "' has a non-finite value at row index " +
                      std::to_string(i) + ", column index " + std::to_string(j) + " (0-based)");
        }
      }
    }
  }
}

}  // namespace

void write_omx(const std::filesystem::path& path, const OmxWriteSet& set) {
  validate_set(set);
  const auto& hdf5 = detail::omx_hdf5_api();
  const auto temp = temporary_path_for(path);
  detail::OmxHdf5Failure failure;
  if (!hdf5.write_file(temp.string(), set, &failure)) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    detail::rethrow(failure);
  }
  publish_file(temp, path);
}

OmxContent read_omx(const std::filesystem::path& path) {
  const std::string file = path.string();
  if (!corridor::path_exists(path)) throw_input_error(file, 0, "", "an existing OMX file");
  OmxContent c;
  detail::OmxHdf5Failure failure;
  if (!detail::omx_hdf5_api().read_file(file, &c, &failure)) detail::rethrow(failure);
  return c;
}

void write_matrices_csv(const std::filesystem::path& path, const OmxWriteSet& set) {
  validate_set(set);
  AtomicFile out(path);
  auto& s = out.stream();
  s << "origin,destination";
  for (const auto& [name, m] : set.matrices) s << ',' << name;
  s << '\n';
  char buf[64];
  const auto n = static_cast<Eigen::Index>(set.zone_numbers.size());
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      bool any = false;
      for (const auto& [name, m] : set.matrices) any = any || m(i, j) != 0.0;
      if (!any) continue;
      s << set.zone_numbers[static_cast<std::size_t>(i)] << ','
        << set.zone_numbers[static_cast<std::size_t>(j)];
      for (const auto& [name, m] : set.matrices) {
        std::snprintf(buf, sizeof buf, ",%.10g", m(i, j));
        s << buf;
      }
      s << '\n';
    }
  }
  out.commit();
}

OdMatrix read_omx_matrix(const std::filesystem::path& path, const std::string& name,
                         std::size_t zones,
                         const std::function<std::int64_t(std::int64_t)>& zone_index) {
  const std::string file = path.string();
  const auto content = read_omx(path);
  const OdMatrix* m = nullptr;
  std::string names;
  for (const auto& [n, mat] : content.matrices) {
    if (n == name) m = &mat;
    names += (names.empty() ? "" : ", ") + n;
  }
  if (m == nullptr) {
    throw_input_error(file, 0, "data/" + name, "no such matrix; the file has: " + names);
  }
  if (m->rows() != m->cols()) throw_input_error(file, 0, "SHAPE", "a square matrix");
  std::vector<std::int64_t> ids(static_cast<std::size_t>(m->rows()));
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<std::int64_t>(i + 1);
  for (const auto& [n, v] : content.lookups) {
    if (n == "zone" && v.size() == ids.size()) ids = v;
  }
  std::vector<Eigen::Index> at(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto z = zone_index(ids[i]);
    if (z < 0 || static_cast<std::size_t>(z) >= zones) {
      throw_input_error(file, 0, "lookup/zone",
                        "zone " + std::to_string(ids[i]) + " is not a zone of the network");
    }
    at[i] = static_cast<Eigen::Index>(z);
  }
  const auto n = static_cast<Eigen::Index>(zones);
  OdMatrix out = OdMatrix::Zero(n, n);
  for (Eigen::Index i = 0; i < m->rows(); ++i) {
    for (Eigen::Index j = 0; j < m->cols(); ++j) {
      const double v = (*m)(i, j);
      if (v < 0.0) {
        throw_input_error(file, 0, "data/" + name,
                          "expected trips >= 0, got " + std::to_string(v) + " at zone " +
                              std::to_string(ids[static_cast<std::size_t>(i)]) + " -> " +
                              std::to_string(ids[static_cast<std::size_t>(j)]));
      }
      out(at[static_cast<std::size_t>(i)], at[static_cast<std::size_t>(j)]) += v;
    }
  }
  return out;
}

}  // namespace corridor::io
