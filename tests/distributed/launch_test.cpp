// Launch detection (distributed/launch.hpp) from a given environment: Open MPI's, PMI's and
// PMIx's variables make a launch with their rank and size; none (or garbage) is a plain start.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "distributed/launch.hpp"

namespace corridor::distributed {
namespace {

std::optional<Launch> detect(const std::map<std::string, std::string>& env) {
  return detect_launch([&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(Launch, PlainStartIsNoLaunch) {
  EXPECT_FALSE(detect({}).has_value());
  // Slurm's own variables are set inside any sbatch script: not an MPI launch by themselves.
  EXPECT_FALSE(detect({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "64"}}).has_value());
  EXPECT_FALSE(detect({{"OMPI_COMM_WORLD_RANK", "x"}}).has_value());
  EXPECT_FALSE(detect({{"OMPI_COMM_WORLD_RANK", "-1"}}).has_value());
}

TEST(Launch, OpenMpiPmiAndPmix) {
  const auto o = detect({{"OMPI_COMM_WORLD_RANK", "2"}, {"OMPI_COMM_WORLD_SIZE", "3"}});
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->rank, 2);
  EXPECT_EQ(o->size, 3);
  EXPECT_EQ(o->variable, "OMPI_COMM_WORLD_SIZE=3");
  const auto p = detect({{"PMI_RANK", "0"}, {"PMI_SIZE", "64"}});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->size, 64);
  const auto x = detect({{"PMIX_RANK", "5"}});
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->rank, 5);
  EXPECT_EQ(x->size, 0);  // PMIx alone does not say; MPI_Comm_size will
}

}  // namespace
}  // namespace corridor::distributed
