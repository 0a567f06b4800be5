#!/usr/bin/env python3
"""tools/scripts/adopt_calibration.py on a small hand-written region (known answer: the exact
patched demand.toml text), its idempotence on a second adoption, and its refusals (a key the
calibrated file lacks, a value changed that calibration.toml does not free)."""
import os
import subprocess
import sys
import tempfile
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "tools", "scripts", "adopt_calibration.py")

DEMAND = """# Demand of a test region.
[other]
trips_per_resident = 0.85     # ~65 % of ODiN trips (D)
asc = [0.0, -0.2, 0.0]        # car, pt, bike

[pt]
headway_slope = 0.5
"""
SPEC = """[[parameter]]
key = "other.asc[1]"
lower = -3.0
upper = 3.0
[[parameter]]
key = "other.asc[2]"
lower = -3.0
upper = 3.0
[[parameter]]
key = "other.trips_per_resident"
lower = 0.4
upper = 1.0
[[parameter]]
key = "pt.wait_factor"
lower = 0.3
upper = 1.0
"""
CALIBRATED = """[other]
trips_per_resident = 0.582902
asc = [0.0, 1.0847203, -1.4064]
[pt]
headway_slope = 0.5
wait_factor = 0.61234
"""
PARAMS = """parameter,start,estimate,lower,upper,std_error,at_bound,identified
other.asc[1],-0.2,1.0847203,-3,3,2.77,no,yes
other.asc[2],0,-1.4064,-3,3,0.409,no,yes
other.trips_per_resident,0.85,0.582902,0.4,1,0.0983,no,yes
pt.wait_factor,0.5,0.61234,0.3,1,,yes,yes
"""
LOG = "iteration ...\ncost 22.3 -> 2.47 (10 targets fitted) after 6 iterations, converged; 47 model runs, 12.6 s\n"

EXPECTED = """# >>> calibrated by tools/scripts/calibrate_region.sh on 2026-12-03: `corridor calibrate` (region/calibration.toml)
# fitted to the calibration rows of observed/ (docs/model-validation.md has the tables):
#   other.asc[1] = 1.08472 (± 2.77; start -0.2)
#   other.asc[2] = -1.4064 (± 0.409; start 0)
#   other.trips_per_resident = 0.582902 (± 0.0983; start 0.85)
#   pt.wait_factor = 0.61234 (at a bound; start 0.5)
#   cost 22.3 -> 2.47 (10 targets fitted) after 6 iterations, converged; 47 model runs, 12.6 s
# <<< calibrated
# Demand of a test region.
[other]
trips_per_resident = 0.5829     # calibrated 2026-12-03, was 0.85; ~65 % of ODiN trips (D)
asc = [0.0, 1.085, -1.406]        # calibrated 2026-12-03, was [1] -0.2, [2] 0.0; car, pt, bike

[pt]
headway_slope = 0.5
wait_factor = 0.6123  # calibrated 2026-12-03, was the default
"""


class AdoptCalibration(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.region = os.path.join(d, "region")
        self.out = os.path.join(d, "out")
        os.makedirs(self.region)
        os.makedirs(self.out)
        self.write(self.region, "demand.toml", DEMAND)
        self.write(self.region, "calibration.toml", SPEC)
        self.write(self.out, "demand.toml", CALIBRATED)
        self.write(self.out, "parameters.csv", PARAMS)
        self.log = self.write(self.out, "calibrate.log", LOG)

    def tearDown(self):
        self.tmp.cleanup()

    @staticmethod
    def write(folder, name, text):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def adopt(self, date="2026-12-03"):
        return subprocess.run([sys.executable, SCRIPT, self.region, self.out, self.log,
                               "--date", date], capture_output=True, text=True)

    def demand(self):
        with open(os.path.join(self.region, "demand.toml"), encoding="utf-8") as f:
            return f.read()

    def test_patches_values_in_place_keeping_comments(self):
        r = self.adopt()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.demand(), EXPECTED)
        t = tomllib.loads(self.demand())
        self.assertEqual(t["other"]["asc"], [0.0, 1.085, -1.406])
        self.assertEqual(t["pt"]["headway_slope"], 0.5)

    def test_second_adoption_replaces_the_block_and_notes(self):
        self.assertEqual(self.adopt().returncode, 0)
        r = self.adopt("2026-12-04")
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.demand()
        self.assertEqual(text.count("# >>> calibrated"), 1)
        self.assertIn("asc = [0.0, 1.085, -1.406]        # calibrated 2026-12-04, was [1] 1.085, "
                      "[2] -1.406; car, pt, bike\n", text)
        self.assertIn("~65 % of ODiN trips (D)", text)
        self.assertNotIn("2026-12-03", text)

    def test_refuses_a_key_the_calibrated_file_lacks(self):
        self.write(self.out, "demand.toml", CALIBRATED.replace("wait_factor = 0.61234\n", ""))
        r = self.adopt()
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no value at 'pt.wait_factor'", r.stderr)
        self.assertEqual(self.demand(), DEMAND)  # untouched

    def test_refuses_when_the_run_did_not_finish(self):
        self.write(self.out, "calibrate.log", "iteration 3 ...\n")
        r = self.adopt()
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(self.demand(), DEMAND)


if __name__ == "__main__":
    unittest.main()
