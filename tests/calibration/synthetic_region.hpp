#pragma once
// A small synthetic region written to a scratch folder for the calibration tests:
//
//   A (NL) ---- 11 ====== 12 ---- B (NL)          road N1 11-12-13-14 (two-way, links 5..10)
//                           \                      rail line R1: SA - SB - SC (one PT line)
//   C (BE) ---- 13 ====== 14 ---- D (BE)
//
// Four zones with population and jobs, connectors (links 1..4 and 11..14), one two-way road
// chain and one rail line; demand.toml with the border fit and freight through traffic off so
// that the mode constants are the only free behaviour the tests touch.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace corridor::calibration::test {

inline std::map<std::string, std::string> synthetic_region_files() {
  return {
      {"zones.csv",
       "zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node\n"
       "1,A,Aville,NL,51.45,5.40,40000,30000,eindhoven,0,1\n"
       "2,B,Bstad,NL,51.45,5.60,20000,8000,other,0,2\n"
       "3,C,Cdorp,BE,51.25,5.40,15000,5000,other,0,3\n"
       "4,D,Dburg,BE,51.25,5.60,25000,12000,other,0,4\n"},
      {"node.csv",
       "node_id,name,x_coord,y_coord,node_type,zone_id\n"
       "1,A centroid,5.40,51.45,centroid,1\n"
       "2,B centroid,5.60,51.45,centroid,2\n"
       "3,C centroid,5.40,51.25,centroid,3\n"
       "4,D centroid,5.60,51.25,centroid,4\n"
       "11,J1,5.41,51.44,junction,\n"
       "12,J2,5.59,51.44,junction,\n"
       "13,J3,5.41,51.26,junction,\n"
       "14,J4,5.59,51.26,junction,\n"},
      {"link.csv",
       "link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,"
       "vdf_alpha,vdf_beta,toll,allowed_uses\n"
       "1,connector A,1,11,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "2,connector A,11,1,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "3,connector B,2,12,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "4,connector B,12,2,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "5,N1,11,12,primary,14.0,1,80,1500,0.15,4,0,auto;truck\n"
       "6,N1,12,11,primary,14.0,1,80,1500,0.15,4,0,auto;truck\n"
       "7,N2,12,14,primary,22.0,1,80,1500,0.15,4,0,auto;truck\n"
       "8,N2,14,12,primary,22.0,1,80,1500,0.15,4,0,auto;truck\n"
       "9,N3,11,13,primary,22.0,1,80,1500,0.15,4,0,auto;truck\n"
       "10,N3,13,11,primary,22.0,1,80,1500,0.15,4,0,auto;truck\n"
       "11,connector C,3,13,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "12,connector C,13,3,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "13,connector D,4,14,connector,1.5,1,30,9999,0,4,0,auto;truck\n"
       "14,connector D,14,4,connector,1.5,1,30,9999,0,4,0,auto;truck\n"},
      {"config.csv",
       "dataset_name,short_length,long_length,speed,crs,currency\n"
       "synthetic,m,km,kmh,EPSG:4326,EUR\n"},
      {"stops.csv",
       "stop_id,name,lat,lon,zone_id,kind\n"
       "SA,A station,51.45,5.40,1,rail\n"
       "SB,B station,51.45,5.60,2,rail\n"
       "SD,D station,51.25,5.60,4,rail\n"},
      {"lines.csv",
       "line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,"
       "both_directions\n"
       "R1,rail A-B-D,rail,NS/NMBS,30,30,18,1\n"},
      {"line_stops.csv", "line_id,seq,stop_id,minutes\nR1,1,SA,0\nR1,2,SB,10\nR1,3,SD,25\n"},
      {"demand.toml",
       "[commute]\nasc = [0.0, -0.5, 0.2, 0.0]\n"
       "[other]\nasc = [0.0, -1.0, 0.4, 0.0]\n"
       "[border]\ncalibrate = false\npenalty_utils_commute = 1.5\n"
       "[freight]\ncalibrate = false\n"},
  };
}

// A fresh scratch folder holding the region (and `extra` files, path relative to it).
inline std::filesystem::path write_synthetic_region(
    const std::string& tag, const std::map<std::string, std::string>& extra = {}) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("corridor-calib-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "observed");
  auto files = synthetic_region_files();
  for (const auto& [k, v] : extra) files[k] = v;
  for (const auto& [name, text] : files) {
    std::ofstream(dir / name, std::ios::binary) << text;
  }
  return dir;
}

}  // namespace corridor::calibration::test
