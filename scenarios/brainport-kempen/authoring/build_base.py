#!/usr/bin/env python3
"""Authoring script for the brainport-kempen base model (python3, standard library only).

The CSV files next to this folder are the model; this script records how they were made:
the coordinates, classes and the length / jobs / run-time estimate methods described in
../SOURCES.md. Re-running it rewrites zones.csv, node.csv, link.csv, config.csv, stops.csv,
lines.csv and line_stops.csv. If you hand-edit a CSV, either edit this script too or stop
using it (say so in SOURCES.md). Check the result with `corridor validate scenarios/brainport-kempen`.

Legend used in comments: S = sourced (FACTS.md row), D = derived from sourced numbers,
GK = general knowledge / estimate (placeholder to calibrate).
"""
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


def hav_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# ---------------------------------------------------------------------------------------------
# 1. Zones. (name, municipality, country, lat, lon, population, jobs_class, corridor, external)
#    Single-zone municipalities: coordinates and population from FACTS §1 (S; coordinates of
#    the BE municipalities marked GK there). Split zones: see EINDHOVEN_SPLIT / VELDHOVEN_SPLIT.
# ---------------------------------------------------------------------------------------------
EINDHOVEN_POP = 246443  # S FACTS §1 (1-1-2024)
# GK shares of the municipal population by model district, from the approximate size of the
# CBS stadsdelen (Centrum+Strijp-S / Woensel-Noord+Woensel-Zuid+Meerhoven / Gestel+Stratum /
# Tongelre). Replace with CBS "Kerncijfers wijken en buurten" when fetched.
EINDHOVEN_SPLIT = [
    # name, lat, lon (GK), population share, jobs share (GK)
    ("Eindhoven Centrum", 51.440, 5.478, 0.25, 0.35),
    ("Eindhoven Noord", 51.465, 5.445, 0.45, 0.25),
    ("Eindhoven Zuid", 51.420, 5.470, 0.19, 0.30),
    ("Eindhoven Oost", 51.446, 5.518, 0.11, 0.10),
]
ASML_JOB_SHARE = 0.60  # GK share of Veldhoven's jobs on the ASML campus (De Run); no source

# jobs classes: relative jobs/population multipliers (GK), scaled by one factor calibrated on
# MRE (>330,000 employees / 755,313 inhabitants, S FACTS §1 aggregates). Bladel fixed to its
# sourced >13,000 (lower bound, S bladel.nl).
JOB_CLASS_MULT = {"core": 1.5, "asml": 1.8, "centre": 1.1, "rural": 0.8}
BLADEL_JOBS = 13000
MRE_RATIO = 330000 / 755313
MRE_MEMBERS = {"Eindhoven", "Veldhoven", "Waalre", "Valkenswaard", "Bergeijk", "Eersel", "Bladel",
               "Reusel-De Mierden", "Oirschot", "Best", "Son en Breugel", "Geldrop-Mierlo",
               "Heeze-Leende", "Cranendonck", "Helmond"}  # the 15 of MRE's 21 that are modelled

Z = [
    # Eindhoven districts are inserted from EINDHOVEN_SPLIT (population split, sums to 246,443)
    ("Veldhoven", "Veldhoven", "NL", 51.417, 5.400, 46826, "asml", "eindhoven", 0),
    ("Veldhoven ASML", "Veldhoven", "NL", 51.406, 5.413, 0, "asml", "eindhoven", 0),
    ("Waalre", "Waalre", "NL", 51.387, 5.446, 17995, "rural", "bergeijk-lommel", 0),
    ("Valkenswaard", "Valkenswaard", "NL", 51.350, 5.467, 31700, "rural", "bergeijk-lommel", 0),
    ("Bergeijk", "Bergeijk", "NL", 51.320, 5.359, 19193, "rural", "bergeijk-lommel", 0),
    ("Eersel", "Eersel", "NL", 51.350, 5.317, 20188, "rural", "eindhoven-turnhout", 0),
    ("Bladel", "Bladel", "NL", 51.367, 5.217, 20975, "bladel", "eindhoven-turnhout", 0),
    ("Reusel", "Reusel-De Mierden", "NL", 51.367, 5.167, 13273, "rural", "eindhoven-turnhout", 0),
    ("Oirschot", "Oirschot", "NL", 51.500, 5.300, 18842, "rural", "other", 0),
    ("Best", "Best", "NL", 51.517, 5.400, 31220, "centre", "other", 0),
    ("Son en Breugel", "Son en Breugel", "NL", 51.517, 5.500, 17949, "rural", "other", 0),
    ("Geldrop-Mierlo", "Geldrop-Mierlo", "NL", 51.417, 5.567, 40066, "rural", "other", 0),
    ("Heeze-Leende", "Heeze-Leende", "NL", 51.367, 5.550, 16800, "rural", "other", 0),
    ("Budel", "Cranendonck", "NL", 51.283, 5.583, 20866, "rural", "other", 0),
    ("Weert", "Weert", "NL", 51.254, 5.707, 51060, "centre", "other", 0),
    ("Helmond", "Helmond", "NL", 51.478, 5.653, 95884, "centre", "other", 0),
    ("Turnhout", "Turnhout", "BE", 51.317, 4.950, 47305, "centre", "eindhoven-turnhout", 0),
    ("Oud-Turnhout", "Oud-Turnhout", "BE", 51.317, 4.983, 14828, "rural", "eindhoven-turnhout", 0),
    ("Ravels", "Ravels", "BE", 51.372, 4.993, 15514, "rural", "eindhoven-turnhout", 0),
    ("Arendonk", "Arendonk", "BE", 51.321, 5.083, 13391, "rural", "eindhoven-turnhout", 0),
    ("Retie", "Retie", "BE", 51.266, 5.082, 11867, "rural", "eindhoven-turnhout", 0),
    ("Dessel", "Dessel", "BE", 51.238, 5.114, 9892, "rural", "other", 0),
    ("Mol", "Mol", "BE", 51.191, 5.116, 38534, "centre", "other", 0),
    ("Balen", "Balen", "BE", 51.168, 5.171, 23523, "rural", "other", 0),
    ("Geel", "Geel", "BE", 51.162, 4.990, 42331, "centre", "other", 0),
    ("Kasterlee", "Kasterlee", "BE", 51.241, 4.966, 19648, "rural", "other", 0),
    ("Beerse", "Beerse", "BE", 51.320, 4.860, 18601, "centre", "eindhoven-turnhout", 0),
    ("Herentals", "Herentals", "BE", 51.177, 4.836, 28865, "centre", "other", 0),
    ("Lommel", "Lommel", "BE", 51.233, 5.300, 34396, "rural", "bergeijk-lommel", 0),
    ("Pelt", "Pelt", "BE", 51.217, 5.417, 33601, "rural", "bergeijk-lommel", 0),
    ("Hamont-Achel", "Hamont-Achel", "BE", 51.253, 5.547, 14375, "rural", "bergeijk-lommel", 0),
    ("Leopoldsburg", "Leopoldsburg", "BE", 51.117, 5.263, 16125, "rural", "other", 0),
    # external zones
    ("Hasselt", "Hasselt", "BE", 50.930, 5.338, 80846, "core", "other", 1),
    ("Genk", "Genk", "BE", 50.966, 5.502, 67009, "centre", "other", 1),
    ("Antwerpen", "Antwerpen", "BE", 51.217, 4.400, 530630, "core", "other", 1),
    # not in FACTS §1; populations from the pages cited in SOURCES.md; coordinates GK
    ("Tilburg", "Tilburg", "NL", 51.560, 5.083, 227707, "core", "other", 1),
    ("'s-Hertogenbosch", "'s-Hertogenbosch", "NL", 51.690, 5.300, 156545, "core", "other", 1),
    ("Venlo-Duitsland", "Venlo", "NL", 51.370, 6.170, 102176, "core", "other", 1),
    ("Roermond-Maastricht", "Roermond", "NL", 51.194, 5.987, 120837, "core", "other", 1),
]

# ---------------------------------------------------------------------------------------------
# 2. Junction nodes (id, name, lat, lon). All coordinates GK: placed from general map
#    knowledge of the interchanges / crossings, accuracy about +-1 km; verify against OSM.
#    Exception: Luyksgestel uses the public OV stop "Luyksgestel, Kapelstraat" (51.2851, 5.3164).
# ---------------------------------------------------------------------------------------------
J = [
    (1001, "A2 exit Best", 51.515, 5.378),
    (1002, "A2/A58 Ekkersweijer", 51.497, 5.360),
    (1003, "A2/A58 Batadorp", 51.483, 5.408),
    (1004, "A58/A50 Ekkersrijt (Son)", 51.493, 5.470),
    (1005, "A2 exit Eindhoven Airport (Meerhoven)", 51.452, 5.400),
    (1006, "A2/A67 De Hogt", 51.428, 5.368),
    (1007, "A2 exit 32 Veldhoven", 51.424, 5.413),
    (1008, "A2 exit 33 Waalre (Aalsterweg)", 51.408, 5.467),
    (1009, "A2/A67 Leenderheide", 51.405, 5.520),
    (1010, "A67 exit 34 Geldrop", 51.413, 5.572),
    (1011, "A67 exit Asten (N279)", 51.395, 5.740),
    (1012, "A2 exit Heeze-Leende", 51.360, 5.540),
    (1013, "A2 exit Maarheeze", 51.312, 5.600),
    (1014, "A2 exit Budel", 51.288, 5.632),
    (1015, "A2 exit Weert-Noord", 51.268, 5.690),
    (1016, "A67 exit 31 Veldhoven-West/Valkenswaard (N69)", 51.392, 5.362),
    (1017, "A67 exit 30 Eersel (N397)", 51.372, 5.312),
    (1018, "A67 exit 29 Hapert (N284)", 51.355, 5.250),
    (1019, "A67/E34 border Postel", 51.325, 5.140),
    (1020, "E34 exit 26 Retie-Arendonk (N118)", 51.292, 5.085),
    (1021, "E34 exit 25 Oud-Turnhout (N18)", 51.298, 5.005),
    (1022, "E34 exit 24 Turnhout-Centrum (N19)", 51.300, 4.945),
    (1023, "E34 exit 23 Turnhout-West", 51.303, 4.905),
    (1024, "E34 exit 22 Beerse", 51.308, 4.855),
    (1025, "E313/A21 Ranst", 51.198, 4.590),
    (1026, "Antwerpen ring Borgerhout (E313/E34/N12)", 51.210, 4.445),
    (1027, "E313 exit Herentals", 51.185, 4.830),
    (1028, "E313 exit Geel-West", 51.150, 4.955),
    (1029, "E313 exit Geel-Oost", 51.140, 5.020),
    (1030, "E313/E314 Lummen", 50.990, 5.215),
    (1031, "Ring Eindhoven Noord", 51.463, 5.475),
    (1032, "Ring Eindhoven West", 51.445, 5.452),
    (1033, "Ring Eindhoven Zuid", 51.425, 5.480),
    (1034, "Ring Eindhoven Oost", 51.448, 5.510),
    (1035, "N69/N397 Dommelen", 51.360, 5.417),
    (1036, "N69 Valkenswaard-Zuid (Luikerweg)", 51.340, 5.445),
    (1037, "N69 Borkel en Schaft", 51.305, 5.428),
    (1038, "N69/N74 border Lommel-Kolonie", 51.279, 5.418),
    (1039, "old N69 Aalst", 51.393, 5.469),
    (1040, "old N69 Valkenswaard centre", 51.352, 5.462),
    (1041, "N397 Eersel", 51.355, 5.332),
    (1042, "N397 Boevenheuvel (Diepveldenweg)", 51.352, 5.388),
    (1043, "Diepveldenweg Waterlaat", 51.322, 5.372),
    (1044, "Bergeijk centre", 51.318, 5.353),
    (1045, "Luyksgestel (Lommelsedijk)", 51.2851, 5.3164),
    (1046, "Lommelsedijk/Gestelsedijk border", 51.263, 5.313),
    (1047, "Lommel centre", 51.233, 5.310),
    (1048, "N284 Bladel", 51.367, 5.222),
    (1049, "N284 Reusel centre (Turnhoutseweg)", 51.362, 5.165),
    (1050, "Reusel-Arendonk border (Turnhoutseweg)", 51.347, 5.128),
    (1051, "Arendonk centre (N118/N139)", 51.321, 5.085),
    (1052, "N74/N71 Lommel-Overpelt", 51.222, 5.378),
    (1053, "N74 Hechtel", 51.125, 5.367),
    (1054, "N74/E314 Houthalen", 51.030, 5.372),
    (1055, "Hasselt ring (R70 north)", 50.958, 5.338),
    (1056, "N71 Neerpelt", 51.227, 5.430),
    (1057, "N71 Hamont", 51.252, 5.545),
    (1058, "Hamont-Budel border", 51.264, 5.560),
    (1059, "Budel centre", 51.275, 5.577),
    (1060, "N71 Lommel", 51.218, 5.295),
    (1061, "N71 Balen-Wezel", 51.205, 5.210),
    (1062, "N71/N18 Mol", 51.192, 5.118),
    (1063, "N71/N19 Geel", 51.162, 4.990),
    (1064, "N18 Dessel", 51.238, 5.112),
    (1065, "N18/N118 Retie", 51.265, 5.078),
    (1066, "N18/N139 Oud-Turnhout", 51.312, 4.992),
    (1067, "Turnhout R13 Zuid (N19)", 51.313, 4.945),
    (1068, "Turnhout R13 West (N12)", 51.325, 4.925),
    (1069, "Turnhout R13 Oost (N18)", 51.328, 4.962),
    (1070, "N12 Beerse", 51.322, 4.862),
    (1071, "N12 Oostmalle", 51.300, 4.735),
    (1072, "N19 Kasterlee", 51.241, 4.966),
    (1073, "Herentals centre", 51.178, 4.835),
    (1074, "Ravels centre", 51.372, 4.993),
    (1075, "Poppel border (to Goirle)", 51.440, 5.045),
    (1076, "Leopoldsburg centre", 51.117, 5.260),
    (1077, "Balen centre", 51.168, 5.170),
    (1078, "N269 Hilvarenbeek", 51.485, 5.140),
    (1079, "A58 exit Oirschot", 51.490, 5.300),
    (1080, "A270/N270 Helmond-West", 51.465, 5.615),
    (1081, "A2 's-Hertogenbosch-Zuid", 51.665, 5.300),
    (1082, "A58 Tilburg-Oost", 51.555, 5.130),
    (1083, "A2 Roermond-Noord", 51.200, 5.960),
    (1084, "A67/A73 Zaarderheiken (Venlo)", 51.385, 6.110),
    (1085, "Achel centre", 51.255, 5.482),
    (1086, "Achelse Kluis border", 51.285, 5.478),
    (1087, "E314 exit Genk-West", 50.980, 5.470),
]

# facility classes: default detour factor (length = haversine x factor), lanes, free speed km/h,
# capacity veh/h/lane, BPR alpha, beta. All GK except where a link overrides with a source.
CLS = {
    "motorway": dict(f=1.10, cap=2000, a=0.15, b=4.0),   # cap: FACTS §6 GK 2,000 veh/h/lane
    "trunk": dict(f=1.10, cap=1800, a=0.15, b=4.0),
    "primary": dict(f=1.20, cap=1500, a=0.50, b=4.0),    # FACTS §6 GK 2x1 80-road 1,500/dir
    "secondary": dict(f=1.25, cap=1200, a=0.50, b=4.0),
    "local": dict(f=1.25, cap=800, a=0.50, b=4.0),
}

# Road links: (name, from, to, class, lanes, speed, capacity-override or None, chain or None)
# speed: speed limit, or an effective speed where noted (urban ring 35, Reusel centre 50).
L = []
def road(name, nodes, cls, lanes, speed, cap=None, chain=None, factor=None):
    for a, b in zip(nodes, nodes[1:]):
        L.append((name, a, b, cls, lanes, speed, cap, chain, factor))

# NL motorways: 100 km/h (daytime limit, FACTS §2 GK); BE motorways 120 (FACTS §2 GK)
road("A2", [1081, 1001, 1002], "motorway", 3, 100)
road("A2", [1002, 1003, 1005, 1006, 1007, 1008, 1009], "motorway", 3, 100)
road("A2", [1009, 1012, 1013, 1014, 1015, 1083], "motorway", 2, 100)
road("N2 Randweg Eindhoven", [1005, 1007, 1008, 1009], "trunk", 2, 80)
road("A58", [1082, 1079, 1002], "motorway", 2, 100)
road("A58", [1003, 1004], "motorway", 2, 100)
road("A67", [1009, 1010, 1011, 1084], "motorway", 2, 100)
road("A67", [1006, 1016, 1017, 1018, 1019], "motorway", 2, 100, chain="A67W")
road("A21/E34", [1019, 1020, 1021, 1022, 1023, 1024, 1025], "motorway", 2, 120, chain="E34")
road("E313", [1026, 1025], "motorway", 3, 120)
road("E313", [1025, 1027, 1028, 1029, 1030], "motorway", 2, 120)
road("E313/E314 Hasselt", [1030, 1055], "motorway", 2, 120)
road("E314", [1030, 1054, 1087], "motorway", 2, 120)
road("A270/N270", [1034, 1080], "trunk", 2, 80)
road("N279", [1080, 1011], "primary", 1, 80)
# Eindhoven ring and radials (urban, effective 35 km/h with signals, GK)
road("Ring Eindhoven", [1031, 1032, 1033, 1034, 1031], "primary", 2, 35, cap=900)
road("Eindhoven radial West (to A2 Airport)", [1032, 1005], "primary", 2, 50, cap=900)
road("Kennedylaan (to A50/A58 Ekkersrijt)", [1031, 1004], "primary", 2, 50, cap=900)
road("Boschdijk (to A2/A58 Batadorp)", [1031, 1003], "primary", 2, 50, cap=900)
road("Aalsterweg (to A2 exit 33)", [1033, 1008], "primary", 2, 50, cap=900)
road("Leenderweg (to Leenderheide)", [1033, 1009], "primary", 2, 50, cap=900)
road("Geldropseweg", [1034, 1010], "primary", 1, 50, cap=900)
# N69: new N69 (Westparallel) 8.5 km S, 2x1 separated, 80 S; N69 Zuid 7.5 km D, 80 S
road("N69", [1016, 1035, 1036], "trunk", 1, 80, cap=1500, chain="N69N")
road("N69 Zuid", [1036, 1037, 1038], "trunk", 1, 80, cap=1500, chain="N69Z")
road("old N69 Aalsterweg", [1008, 1039, 1040, 1036], "primary", 1, 70, chain="N69OLD")
road("N397", [1017, 1041, 1042, 1035], "primary", 1, 80)
road("Diepveldenweg", [1043, 1042], "secondary", 1, 60, chain="DIEP")  # 4.9 km, 60 S
road("Bergeijk local", [1044, 1043], "local", 1, 50)
road("Bergeijk-Luyksgestel", [1044, 1045], "local", 1, 60)
road("Lommelsedijk", [1045, 1046], "local", 1, 60)
road("Gestelsedijk", [1046, 1047], "local", 1, 50)
road("Lommel centre-N71", [1047, 1060], "local", 1, 50)
road("Lommel centre-Kolonie", [1047, 1038], "local", 1, 50)
road("N284", [1018, 1048, 1049], "primary", 1, 80)                       # 80 S (n284.nl)
road("N284 Turnhoutseweg", [1049, 1050], "primary", 1, 50, cap=900)       # through Reusel centre
road("Reusel-Arendonk (BE)", [1050, 1051], "secondary", 1, 70)
road("N269", [1049, 1078, 1082], "secondary", 1, 80)
road("N74", [1038, 1052, 1053], "trunk", 2, 90, chain="N74")   # 2x2 autoweg; 120 limit, 90 effective GK
road("N74", [1053, 1054, 1055], "primary", 2, 70, chain="N74")  # at-grade, urban sections GK
# N71: FACTS gives 38.5 km Hamont-Geel, but the crow-fly distance Hamont border - Geel centre is
# already ~40 km, so the source length cannot refer to these end points; use coordinates x 1.05
# (a nearly straight road) instead and flag it in SOURCES.md.
road("N71", [1058, 1057, 1056, 1052, 1060, 1061, 1062, 1063], "primary", 1, 70, factor=1.05)
road("Hamont-Budel (Hamonterweg)", [1058, 1059], "local", 1, 60)
road("Budel-A2", [1059, 1014], "secondary", 1, 60)
road("Achel-Hamont", [1085, 1057], "local", 1, 50)
road("Achel-Neerpelt", [1085, 1056], "local", 1, 60)
road("Achel-Achelse Kluis", [1085, 1086], "local", 1, 60)
road("Achelse Kluis-Borkel", [1086, 1037], "local", 1, 60)
road("N18", [1069, 1066, 1021, 1065, 1064, 1062], "primary", 1, 70)
road("N118", [1065, 1020, 1051], "primary", 1, 70)
road("N139", [1051, 1066], "secondary", 1, 70)
road("N19", [1067, 1022], "primary", 1, 70)
road("N19", [1067, 1072, 1063], "primary", 1, 70)
road("R13 Turnhout", [1067, 1068, 1069, 1067], "primary", 1, 50, cap=900)
road("Turnhout-West access", [1068, 1023], "primary", 1, 70)
road("N12", [1026, 1071, 1070, 1068], "primary", 1, 70)
road("Beerse-E34", [1070, 1024], "secondary", 1, 70)
road("Turnhout-Ravels", [1069, 1074], "secondary", 1, 70)
road("Ravels-Poppel", [1074, 1075], "secondary", 1, 70)
road("Poppel-Goirle-Tilburg", [1075, 1082], "secondary", 1, 80)
road("Herentals-E313", [1073, 1027], "secondary", 1, 50)
road("Herentals-Kasterlee", [1073, 1072], "secondary", 1, 70)
road("Herentals-Geel", [1073, 1063], "secondary", 1, 70)
road("Geel-E313 West", [1063, 1028], "secondary", 1, 70)
road("Geel-E313 Oost", [1063, 1029], "secondary", 1, 70)
road("Mol-Balen", [1062, 1077], "secondary", 1, 70)
road("Balen-N71", [1077, 1061], "secondary", 1, 70)
road("Balen-Leopoldsburg", [1077, 1076], "secondary", 1, 70)
road("Leopoldsburg-Hechtel", [1076, 1053], "secondary", 1, 70)
road("Hasselt-Genk", [1055, 1087], "primary", 2, 70)

# sourced chain lengths (km): the links of a chain are scaled so that they sum to this
CHAIN_KM = {
    "E34": 45.0,     # S FACTS §2: A21/E34 Ranst - NL border 45 km (de.wikipedia A21)
    "N69N": 8.5,     # S FACTS §2: new N69 Veldhoven-West - Valkenswaard 8.5 km
    "N69Z": 7.5,     # D FACTS §2: N69 whole 16 km - 8.5 km
    "N69OLD": 9.2,   # D FACTS §2: old N69 exit 33 - border 16.7 km - N69 Zuid 7.5 km
    "N74": 39.0,     # S FACTS §2: N74 border - Hasselt 39 km
    "DIEP": 4.9,     # S FACTS §2: Diepveldenweg 4.9 km
}
# A67 De Hogt - border: FACTS says ~22 GK; kept from coordinates x 1.10 (checked in SOURCES)

# centroid connectors: zone name -> junction ids
CONN = {
    "Eindhoven Centrum": [1032, 1033, 1031],
    "Eindhoven Noord": [1031, 1005, 1003],
    "Eindhoven Zuid": [1033, 1008],
    "Eindhoven Oost": [1034, 1009],
    "Veldhoven": [1007, 1016],
    "Veldhoven ASML": [1007, 1008],
    "Waalre": [1039, 1008],
    "Valkenswaard": [1040, 1036],
    "Bergeijk": [1044, 1043],
    "Eersel": [1041, 1017],
    "Bladel": [1048, 1018],
    "Reusel": [1049],
    "Oirschot": [1079],
    "Best": [1001, 1003],
    "Son en Breugel": [1004],
    "Geldrop-Mierlo": [1010, 1034],
    "Heeze-Leende": [1012],
    "Budel": [1059, 1014, 1013],
    "Weert": [1015],
    "Helmond": [1080],
    "Turnhout": [1067, 1068, 1069],
    "Oud-Turnhout": [1066],
    "Ravels": [1074],
    "Arendonk": [1051],
    "Retie": [1065],
    "Dessel": [1064],
    "Mol": [1062],
    "Balen": [1077],
    "Geel": [1063, 1028],
    "Kasterlee": [1072],
    "Beerse": [1070, 1024],
    "Herentals": [1073, 1027],
    "Lommel": [1047, 1060],
    "Pelt": [1056, 1052],
    "Hamont-Achel": [1057, 1085],
    "Leopoldsburg": [1076],
    "Hasselt": [1055],
    "Genk": [1087],
    "Antwerpen": [1026],
    "Tilburg": [1082],
    "'s-Hertogenbosch": [1081],
    "Venlo-Duitsland": [1084],
    "Roermond-Maastricht": [1083],
}
CONN_SPEED = 30.0      # km/h, local access (GK)
CONN_FACTOR = 1.3      # detour on the centroid-junction crow-fly distance
CONN_MIN_KM = 0.5

# ---------------------------------------------------------------------------------------------
# 3. Public transport. Stops: (id, name, lat, lon, zone name, kind). Coordinates GK (station /
#    stop positions from general knowledge, +-300 m). Buses call at the rail station stop in
#    towns that have one (the bus station is treated as the same stop).
# ---------------------------------------------------------------------------------------------
STOPS = [
    ("EHV", "Eindhoven Centraal", 51.4433, 5.4812, "Eindhoven Centrum", "rail"),
    ("GDM", "Geldrop", 51.4213, 5.5563, "Geldrop-Mierlo", "rail"),
    ("HZE", "Heeze", 51.3827, 5.5748, "Heeze-Leende", "rail"),
    ("MZ", "Maarheeze", 51.3122, 5.6178, "Budel", "rail"),
    ("WT", "Weert", 51.2480, 5.7059, "Weert", "rail"),
    ("RM", "Roermond", 51.1930, 5.9936, "Roermond-Maastricht", "rail"),
    ("HM", "Helmond", 51.4755, 5.6617, "Helmond", "rail"),
    ("VL", "Venlo", 51.3650, 6.1717, "Venlo-Duitsland", "rail"),
    ("BET", "Best", 51.5099, 5.3900, "Best", "rail"),
    ("HT", "'s-Hertogenbosch", 51.6906, 5.2936, "'s-Hertogenbosch", "rail"),
    ("TB", "Tilburg", 51.5606, 5.0833, "Tilburg", "rail"),
    ("ANT", "Antwerpen-Centraal", 51.2172, 4.4211, "Antwerpen", "rail"),
    ("LIR", "Lier", 51.1436, 4.5616, "Antwerpen", "rail"),
    ("HRT", "Herentals", 51.1808, 4.8293, "Herentals", "rail"),
    ("GEL", "Geel", 51.1685, 4.9889, "Geel", "rail"),
    ("MOL", "Mol", 51.1906, 5.1157, "Mol", "rail"),
    ("LML", "Lommel", 51.2170, 5.3110, "Lommel", "rail"),
    ("NPT", "Neerpelt", 51.2262, 5.4207, "Pelt", "rail"),
    ("HAM", "Hamont", 51.2506, 5.5472, "Hamont-Achel", "rail"),
    ("TNT", "Turnhout", 51.3215, 4.9405, "Turnhout", "rail"),
    ("LPB", "Leopoldsburg", 51.1171, 5.2570, "Leopoldsburg", "rail"),
    ("HST", "Hasselt", 50.9310, 5.3270, "Hasselt", "rail"),
    ("GNK", "Genk", 50.9667, 5.4997, "Genk", "rail"),
    ("EAP", "Eindhoven Airport", 51.4503, 5.3895, "Eindhoven Noord", "bus"),
    ("EWO", "Eindhoven Woensel", 51.4690, 5.4700, "Eindhoven Noord", "bus"),
    ("EZU", "Eindhoven Aalsterweg", 51.4220, 5.4790, "Eindhoven Zuid", "bus"),
    ("ETO", "Eindhoven Tongelre", 51.4460, 5.5150, "Eindhoven Oost", "bus"),
    ("ASML", "Veldhoven ASML (De Run)", 51.4065, 5.4135, "Veldhoven ASML", "bus"),
    ("VHV", "Veldhoven Centrum", 51.4180, 5.4030, "Veldhoven", "bus"),
    ("WLR", "Waalre Aalst", 51.3950, 5.4690, "Waalre", "bus"),
    ("VKW", "Valkenswaard Centrum", 51.3510, 5.4600, "Valkenswaard", "bus"),
    ("BGK", "Bergeijk 't Hof", 51.3200, 5.3570, "Bergeijk", "bus"),
    ("ERS", "Eersel", 51.3570, 5.3180, "Eersel", "bus"),
    ("BLD", "Bladel", 51.3680, 5.2200, "Bladel", "bus"),
    ("RSL", "Reusel", 51.3620, 5.1650, "Reusel", "bus"),
    ("OIR", "Oirschot", 51.5050, 5.3100, "Oirschot", "bus"),
    ("SON", "Son en Breugel", 51.5150, 5.4950, "Son en Breugel", "bus"),
    ("BDL", "Budel", 51.2740, 5.5750, "Budel", "bus"),
    ("ACH", "Achel", 51.2530, 5.4800, "Hamont-Achel", "bus"),
    ("BRS", "Beerse", 51.3200, 4.8600, "Beerse", "bus"),
    ("OTH", "Oud-Turnhout", 51.3190, 4.9850, "Oud-Turnhout", "bus"),
    ("RTE", "Retie", 51.2660, 5.0820, "Retie", "bus"),
    ("DSL", "Dessel", 51.2380, 5.1140, "Dessel", "bus"),
    ("KST", "Kasterlee", 51.2410, 4.9660, "Kasterlee", "bus"),
    ("RAV", "Ravels", 51.3720, 4.9930, "Ravels", "bus"),
    ("ARD", "Arendonk", 51.3210, 5.0830, "Arendonk", "bus"),
    ("BLN", "Balen", 51.1680, 5.1710, "Balen", "bus"),
]

# commercial speeds for estimated bus run times (GK): stop-to-stop crow-fly x 1.3 / speed
BUS_SPEED = {"urban": 18.0, "regional": 30.0, "express": 45.0, "coach": 60.0}
BUS_DETOUR = 1.3

# lines: id, name, mode, operator, headway peak, headway off-peak, service hours, both directions,
#        stops: list of (stop, minutes) with minutes None = estimate from BUS_SPEED[speed]
LINES = [
    # --- rail, NS (run times GK from FACTS §3 where given, else distance-based estimates) ---
    ("NS-IC-EHV-RM", "NS Intercity Eindhoven-Weert-Roermond", "rail", "NS", 15, 15, 18, 1, None,
     [("EHV", 0), ("WT", 18), ("RM", 32)]),
    ("NS-SPR-EHV-WT", "NS Sprinter Eindhoven-Geldrop-Heeze-Maarheeze-Weert", "rail", "NS", 30, 30, 18, 1, None,
     [("EHV", 0), ("GDM", 6), ("HZE", 11), ("MZ", 19), ("WT", 27)]),
    ("NS-IC-EHV-VL", "NS Intercity Eindhoven-Helmond-Venlo", "rail", "NS", 30, 30, 18, 1, None,
     [("EHV", 0), ("HM", 9), ("VL", 36)]),
    ("NS-SPR-EHV-HM", "NS Sprinter Eindhoven-Helmond", "rail", "NS", 30, 30, 18, 1, None,
     [("EHV", 0), ("HM", 12)]),
    ("NS-IC-EHV-HT", "NS Intercity Eindhoven-'s-Hertogenbosch", "rail", "NS", 15, 15, 18, 1, None,
     [("EHV", 0), ("HT", 20)]),
    ("NS-SPR-EHV-HT", "NS Sprinter Eindhoven-Best-Boxtel-'s-Hertogenbosch", "rail", "NS", 30, 30, 18, 1, None,
     [("EHV", 0), ("BET", 7), ("HT", 29)]),
    ("NS-IC-EHV-TB", "NS Intercity Eindhoven-Tilburg", "rail", "NS", 15, 15, 18, 1, None,
     [("EHV", 0), ("TB", 24)]),
    # Cross-border rail outside the study area: Tilburg-Breda (NS IC) + Breda-Antwerpen (NS/NMBS
    # IC Brussel), folded into one line with a 5 min transfer allowance inside its run time (GK).
    # Without it the base has no realistic NL-BE rail path and cross-border PT is far too slow.
    ("RAIL-TB-ANT", "NS/NMBS Tilburg-Breda-Antwerpen (IC Brussel via Breda)", "rail", "NS/NMBS", 60, 60, 18, 1, None,
     [("TB", 0), ("ANT", 55)]),
    # --- rail, NMBS ---
    ("NMBS-ANT-MOL", "NMBS Antwerpen-Lier-Herentals-Geel-Mol", "rail", "NMBS", 60, 60, 17, 1, None,
     [("ANT", 0), ("LIR", 13), ("HRT", 31), ("GEL", 43), ("MOL", 53)]),
    ("NMBS-MOL-HAM", "NMBS Mol-Lommel-Neerpelt-Hamont", "rail", "NMBS", 60, 60, 17, 1, None,
     [("MOL", 0), ("LML", 13), ("NPT", 21), ("HAM", 30)]),
    ("NMBS-ANT-TNT", "NMBS Antwerpen-Lier-Herentals-Turnhout", "rail", "NMBS", 60, 60, 17, 1, None,
     [("ANT", 0), ("LIR", 13), ("HRT", 31), ("TNT", 46)]),
    ("NMBS-HRT-TNT", "NMBS Herentals-Turnhout (Brussels trains)", "rail", "NMBS", 60, 60, 17, 1, None,
     [("HRT", 0), ("TNT", 15)]),
    ("NMBS-MOL-HST", "NMBS Mol-Leopoldsburg-Hasselt", "rail", "NMBS", 60, 60, 17, 1, None,
     [("MOL", 0), ("LPB", 13), ("HST", 38)]),
    ("NMBS-ANT-HST", "NMBS IC Antwerpen-Lier-Aarschot-Diest-Hasselt", "rail", "NMBS", 60, 60, 17, 1, None,
     [("ANT", 0), ("LIR", 13), ("HST", 60)]),
    ("NMBS-HST-GNK", "NMBS Hasselt-Genk", "rail", "NMBS", 30, 60, 17, 1, None,
     [("HST", 0), ("GNK", 14)]),
    # --- bus, De Lijn ---
    ("DL-410", "De Lijn 410 Antwerpen-Oostmalle-Beerse-Turnhout", "bus", "De Lijn", 15, 30, 16, 1, "regional",
     [("ANT", 0), ("BRS", None), ("TNT", None)]),
    ("DL-X18", "De Lijn X18 Lommel-Hasselt", "bus", "De Lijn", 30, 30, 16, 1, "express",
     [("LML", 0), ("HST", None)]),
    ("DL-TNT-MOL", "De Lijn 470/490 Turnhout-Oud-Turnhout-Retie-Dessel-Mol", "bus", "De Lijn", 30, 60, 16, 1, "regional",
     [("TNT", 0), ("OTH", None), ("RTE", None), ("DSL", None), ("MOL", None)]),
    ("DL-TNT-GEL", "De Lijn 470/490 Turnhout-Kasterlee-Geel", "bus", "De Lijn", 30, 60, 16, 1, "regional",
     [("TNT", 0), ("KST", None), ("GEL", None)]),
    ("DL-84", "De Lijn 84 Geel-Mol-Lommel-Neerpelt-Hamont", "bus", "De Lijn", 60, 60, 16, 1, "regional",
     [("GEL", 0), ("MOL", None), ("LML", None), ("NPT", None), ("HAM", None)]),
    ("DL-TNT-ARD", "De Lijn Turnhout-Arendonk", "bus", "De Lijn", 30, 60, 16, 1, "regional",
     [("TNT", 0), ("ARD", None)]),
    ("DL-TNT-RAV", "De Lijn Turnhout-Ravels", "bus", "De Lijn", 30, 60, 16, 1, "regional",
     [("TNT", 0), ("RAV", None)]),
    ("DL-HAM-NPT", "De Lijn Hamont-Achel-Neerpelt", "bus", "De Lijn", 60, 60, 16, 1, "regional",
     [("HAM", 0), ("ACH", None), ("NPT", None)]),
    ("DL-MOL-LPB", "De Lijn Mol-Balen-Leopoldsburg", "bus", "De Lijn", 60, 60, 16, 1, "regional",
     [("MOL", 0), ("BLN", None), ("LPB", None)]),
    # --- bus, Hermes (NL) and cross-border ---
    ("HER-VKW", "Hermes Eindhoven-Waalre-Valkenswaard", "bus", "Hermes", 15, 30, 17, 1, "regional",
     [("EHV", 0), ("EZU", None), ("WLR", None), ("VKW", None)]),
    ("HER-BGK", "Hermes Valkenswaard-Bergeijk", "bus", "Hermes", 30, 60, 16, 1, "regional",
     [("VKW", 0), ("BGK", None)]),
    ("HER-REU", "Hermes Eindhoven-Veldhoven-Eersel-Bladel-Reusel", "bus", "Hermes", 30, 30, 17, 1, "regional",
     [("EHV", 0), ("VHV", None), ("ERS", None), ("BLD", None), ("RSL", None)]),
    ("HER-119", "Hermes 119 Eindhoven Centraal-ASML (express)", "bus", "Hermes", 15, 30, 16, 1, "regional",
     [("EHV", 0), ("ASML", None)]),
    ("HER-11", "Hermes 11 Eindhoven-Budel-Weert", "bus", "Hermes", 30, 60, 16, 1, "express",
     [("EHV", 0), ("BDL", None), ("WT", None)]),
    ("HER-AIR", "Hermes 400/401 Eindhoven Centraal-Eindhoven Airport", "bus", "Hermes", 15, 15, 18, 1, "regional",
     [("EHV", 0), ("EAP", None)]),
    ("HER-SON", "Hermes Eindhoven-Woensel-Son en Breugel", "bus", "Hermes", 15, 30, 17, 1, "regional",
     [("EHV", 0), ("EWO", None), ("SON", None)]),
    ("HER-GDM", "Hermes Eindhoven-Tongelre-Geldrop", "bus", "Hermes", 15, 30, 17, 1, "urban",
     [("EHV", 0), ("ETO", None), ("GDM", None)]),
    ("HER-OIR", "Eindhoven-Oirschot bus", "bus", "Hermes", 30, 60, 16, 1, "regional",
     [("EHV", 0), ("OIR", None)]),
    ("BB-277", "Buurtbus 277 Achel-Valkenswaard-Veldhoven", "bus", "Buurtbus", 60, 60, 10, 1, "regional",
     [("ACH", 0), ("VKW", 30), ("VHV", None)]),   # Achel-Valkenswaard ~30 min S (ad.nl 2023-01)
    ("FLX-EHV-ANT", "Flixbus Eindhoven-Turnhout-Antwerpen (night coach)", "coach", "Flixbus", 1440, 1440, 24, 1, "coach",
     [("EHV", 0), ("TNT", None), ("ANT", None)]),
]


def main():
    # ---- zones
    zones = []
    for name, lat, lon, ps, js in EINDHOVEN_SPLIT:
        zones.append([name, "Eindhoven", "NL", lat, lon, None, "core", "eindhoven", 0, ps, js])
    for z in Z:
        zones.append(list(z) + [None, None])
    # populations of Eindhoven districts: round to 100, remainder to Noord
    pops = {}
    for zz in zones[:4]:
        pops[zz[0]] = int(round(EINDHOVEN_POP * zz[9] / 100.0)) * 100
    pops["Eindhoven Noord"] += EINDHOVEN_POP - sum(pops.values())
    for zz in zones[:4]:
        zz[5] = pops[zz[0]]

    # jobs calibration: municipality-level jobs = pop * mult[class] * s ; Bladel fixed
    muni_pop, muni_cls = {}, {}
    for zz in zones:
        muni_pop[zz[1]] = muni_pop.get(zz[1], 0) + zz[5]
        muni_cls.setdefault(zz[1], zz[6])
    target = MRE_RATIO * sum(muni_pop[m] for m in MRE_MEMBERS)
    fixed = BLADEL_JOBS
    weighted = sum(muni_pop[m] * JOB_CLASS_MULT[muni_cls[m]] for m in MRE_MEMBERS if m != "Bladel")
    s = (target - fixed) / weighted
    muni_jobs = {}
    for m, p in muni_pop.items():
        muni_jobs[m] = BLADEL_JOBS if m == "Bladel" else p * JOB_CLASS_MULT[muni_cls[m]] * s
    jobs = {}
    for zz in zones:
        m = zz[1]
        if m == "Eindhoven":
            j = muni_jobs[m] * zz[10]
        elif m == "Veldhoven":
            j = muni_jobs[m] * (ASML_JOB_SHARE if zz[0] == "Veldhoven ASML" else 1 - ASML_JOB_SHARE)
        else:
            j = muni_jobs[m]
        jobs[zz[0]] = int(round(j / 100.0)) * 100
    zid = {zz[0]: i + 1 for i, zz in enumerate(zones)}

    with open(os.path.join(OUT, "zones.csv"), "w") as f:
        f.write("zone_id,name,municipality,country,lat,lon,population,jobs,corridor,external,centroid_node\n")
        for zz in zones:
            i = zid[zz[0]]
            f.write(f"{i},{zz[0]},{zz[1]},{zz[2]},{zz[3]:.4f},{zz[4]:.4f},{zz[5]},{jobs[zz[0]]},{zz[7]},{zz[8]},{i}\n")

    # ---- nodes
    node = {}
    with open(os.path.join(OUT, "node.csv"), "w") as f:
        f.write("node_id,name,x_coord,y_coord,node_type,zone_id\n")
        for zz in zones:
            i = zid[zz[0]]
            node[i] = (zz[3], zz[4])
            f.write(f"{i},{zz[0]} centroid,{zz[4]:.4f},{zz[3]:.4f},centroid,{i}\n")
        for nid, name, lat, lon in J:
            node[nid] = (lat, lon)
            f.write(f"{nid},{name},{lon:.4f},{lat:.4f},junction,\n")

    # ---- links: lengths
    raw = []
    for name, a, b, cls, lanes, speed, cap, chain, factor in L:
        d = hav_km(*node[a], *node[b]) * (factor or CLS[cls]["f"])
        raw.append([name, a, b, cls, lanes, speed, cap, chain, d])
    chain_sum = {}
    for r in raw:
        if r[7]:
            chain_sum[r[7]] = chain_sum.get(r[7], 0) + r[8]
    scale = {c: CHAIN_KM[c] / chain_sum[c] for c in CHAIN_KM}
    rows = []
    for name, a, b, cls, lanes, speed, cap, chain, d in raw:
        if chain in scale:
            d *= scale[chain]
        c = CLS[cls]
        rows.append((name, a, b, cls, round(d, 2), lanes, speed, cap or c["cap"], c["a"], c["b"]))
    for zname, js in CONN.items():
        z = zid[zname]
        for j in js:
            d = max(CONN_MIN_KM, hav_km(*node[z], *node[j]) * CONN_FACTOR)
            rows.append((f"connector {zname}", z, j, "connector", round(d, 2), 1, CONN_SPEED, 9999, 0.0, 4.0))
    with open(os.path.join(OUT, "link.csv"), "w") as f:
        f.write("link_id,name,from_node_id,to_node_id,facility_type,length,lanes,free_speed,capacity,"
                "vdf_alpha,vdf_beta,toll,allowed_uses\n")
        lid = 1
        for name, a, b, cls, d, lanes, speed, cap, al, be in rows:
            for (x, y) in ((a, b), (b, a)):
                f.write(f"{lid},{name},{x},{y},{cls},{d:.2f},{lanes},{speed:g},{cap},{al:g},{be:g},0,auto;truck\n")
                lid += 1

    with open(os.path.join(OUT, "config.csv"), "w") as f:
        f.write("dataset_name,short_length,long_length,speed,crs,currency\n")
        f.write("brainport-kempen,m,km,kmh,EPSG:4326,EUR\n")

    # ---- PT
    st = {s[0]: s for s in STOPS}
    with open(os.path.join(OUT, "stops.csv"), "w") as f:
        f.write("stop_id,name,lat,lon,zone_id,kind\n")
        for sid, name, lat, lon, zname, kind in STOPS:
            f.write(f"{sid},{name},{lat:.4f},{lon:.4f},{zid[zname]},{kind}\n")
    with open(os.path.join(OUT, "lines.csv"), "w") as f, \
            open(os.path.join(OUT, "line_stops.csv"), "w") as g:
        f.write("line_id,name,mode,operator,headway_peak_min,headway_offpeak_min,service_hours,both_directions\n")
        g.write("line_id,seq,stop_id,minutes\n")
        for lid, name, mode, op, hp, ho, sh, both, spd, seq in LINES:
            f.write(f"{lid},{name},{mode},{op},{hp},{ho},{sh},{both}\n")
            t = 0
            prev = None
            for k, (sid, m) in enumerate(seq):
                if k == 0:
                    t = 0
                elif m is not None:
                    t = m
                else:
                    d = hav_km(st[prev][2], st[prev][3], st[sid][2], st[sid][3]) * BUS_DETOUR
                    t = t + max(1, int(round(d / BUS_SPEED[spd] * 60)))
                g.write(f"{lid},{k + 1},{sid},{t}\n")
                prev = sid

    print(f"jobs scale s={s:.4f}; ratios:", {k: round(v * s, 3) for k, v in JOB_CLASS_MULT.items()})
    print("chain scale factors:", {c: round(v, 3) for c, v in scale.items()})
    print("MRE modelled pop", sum(muni_pop[m] for m in MRE_MEMBERS), "target jobs", round(target))


if __name__ == "__main__":
    main()
