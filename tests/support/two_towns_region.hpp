#pragma once
// "Two towns", a second region small enough for end-to-end CLI tests (tests/demand,
// tests/distributed): four zones in countries XA and XB, one of them an external gate, a
// motorway M1 and a road N5, one bus line, its own region.toml and demand.toml (border targets,
// a through route, a truck-share statistic on M1), an observed/ folder, the scenario
// faster-bus.toml (bus every 10 instead of 30 minutes) and the one-scenario batch.toml. Keys are
// paths relative to the region folder.
#include <map>
#include <string>

namespace corridor::test {

inline const std::map<std::string, std::string>& two_towns() {
  static const std::map<std::string, std::string> files = {
      {"region.toml", R"(name = "Two towns"
countries = ["XA", "XB"]
corridors = ["n", "s"]
[box]
min_lat = 47.5
max_lat = 48.5
min_lon = 1.5
max_lon = 2.5
[values_of_time]
XA = [10.0, 30.0, 8.0, 8.0]
XB = [12.0, 32.0, 9.0, 9.0]
[zone_sets]
A = { country = "XA" }
B = { country = "XB" }
city = { municipality = "Mittel" }
)"},
      {"zones.csv",
       R"(zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node
1,North,Nordheim,XA,48.30,2.00,20000,12000,n,0,1
2,Mid,Mittel,XA,48.20,2.10,15000,9000,n,0,2
3,South,Suddorf,XB,48.10,2.20,12000,5000,s,0,3
4,Harbour,Hafen,XB,48.00,2.30,50000,40000,s,1,4
)"},
      {"node.csv", R"(node_id,name,x_coord,y_coord,node_type,zone_id
1,North centroid,2.00,48.30,centroid,1
2,Mid centroid,2.10,48.20,centroid,2
3,South centroid,2.20,48.10,centroid,3
4,Harbour centroid,2.30,48.00,centroid,4
11,North junction,2.00,48.295,junction,
12,Mid junction,2.10,48.195,junction,
13,South junction,2.20,48.095,junction,
14,Harbour junction,2.30,47.995,junction,
)"},
      {"link.csv",
       R"(link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,vdf_alpha,vdf_beta,toll,allowed_uses
1,c,1,11,connector,1.0,1,30,9999,0.15,4,0,auto;truck
2,c,11,1,connector,1.0,1,30,9999,0.15,4,0,auto;truck
3,c,2,12,connector,1.0,1,30,9999,0.15,4,0,auto;truck
4,c,12,2,connector,1.0,1,30,9999,0.15,4,0,auto;truck
5,c,3,13,connector,1.0,1,30,9999,0.15,4,0,auto;truck
6,c,13,3,connector,1.0,1,30,9999,0.15,4,0,auto;truck
7,c,4,14,connector,1.0,1,30,9999,0.15,4,0,auto;truck
8,c,14,4,connector,1.0,1,30,9999,0.15,4,0,auto;truck
9,M1,11,12,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
10,M1,12,11,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
11,M1,12,13,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
12,M1,13,12,motorway,15.0,2,100,2000,0.15,4,0,auto;truck
13,N5,13,14,primary,15.0,1,80,1500,0.15,4,0,auto;truck
14,N5,14,13,primary,15.0,1,80,1500,0.15,4,0,auto;truck
)"},
      {"config.csv", R"(dataset_name,short_length,long_length,speed,crs,currency
two-towns,m,km,kmh,EPSG:4326,EUR
)"},
      {"stops.csv", R"(stop_id,name,lat,lon,zone_id,kind
S1,North bus station,48.30,2.00,1,bus
S2,Mid bus station,48.20,2.10,2,bus
S3,South bus station,48.10,2.20,3,bus
)"},
      {"lines.csv",
       R"(line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,both_directions
B1,Bus North-Mid-South,bus,X,30,60,18,1
)"},
      {"line_stops.csv", R"(line_id,seq,stop_id,minutes
B1,1,S1,0
B1,2,S2,18
B1,3,S3,36
)"},
      // One observed figure, the calibrated border target itself: the base meets it exactly, so
      // the batch's base/validation.csv must show 300 modelled and within tolerance.
      {"observed/targets.csv",
       "kind,purpose,from_set,to_set,value,year,source,set,tolerance\n"
       "trips_between,commute,A,B,300,2020,the border target,validation,1\n"},
      {"demand.toml", R"([border]
calibrate = true
[[border.targets]]
id = "a_to_b"
from = "A"
to = "B"
trips = 300.0
[[border.targets]]
id = "b_to_a"
from = "B"
to = "A"
trips = 200.0
[freight]
calibrate = true
[[freight.through_routes]]
from = "Harbour"
to = "North"
trucks_per_day = 1000.0
[freight.truck_share]
label = "M1"
link_name = "M1"
target = 0.35
)"},
      {"faster-bus.toml", R"(name = "faster-bus"
description = "Bus every 10 minutes in the peak"
base = "."
assumptions = "A test scenario."
[[pt.change_headway]]
line = "B1"
headway_peak_min = 10
[cost]
investment_eur = 0
operating_eur_per_year = 1.0e5
lifetime_years = 10
discount_rate = 0.0225
)"},
      {"batch.toml", R"(name = "two-towns"
description = "One scenario"
scenarios = ["faster-bus.toml"]
alone = true
)"},
  };
  return files;
}

}  // namespace corridor::test
