#!/usr/bin/env python3
"""tools/scripts/model_validation_tables.py on a hand-written run: the generated rows (known
answer: the exact table lines), the text outside the markers untouched, a rerun replacing the
block, and a document without markers refused."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "tools", "scripts", "model_validation_tables.py")

HEAD = ("target,kind,set,observed,bound,tolerance,modelled_before,modelled_after,ratio_before,"
        "ratio_after,geh_before,geh_after,within_tolerance_before,within_tolerance_after,status,"
        "year,source,file\n")
CALIBRATION = HEAD + (
    "station EHV in_out weekday NS 2018,station,calibration,65468,,9820.2,69505.3,67116.3,"
    "1.06167,1.02518,3.17228,1.30674,yes,yes,modelled,2018,NS figures,stations.csv:2\n"
    "station HT in_out weekday NS 2018,station,validation,47000,upper,7050,14395,14034,0.306,"
    "0.2986,,,yes,yes,modelled,2018,NS,stations.csv:3\n"
    "mode_share all NL-internal among car+pt+bike+walk walk 2019,mode_share,validation,0.164,,"
    "0.03,,,,,,,,,\"not modelled: the figure counts walk trips; the model has no walk mode\","
    "2019,\"ODiN, 2019\",targets.csv:5\n")
PARAMS = ("parameter,start,estimate,lower,upper,std_error,at_bound,identified\n"
          "other.asc[1],-0.2,1.08472,-3,3,2.77341,no,yes\n"
          "pt.headway_slope,0.5,1,0.3,1,,yes,yes\n")
VALIDATION = ("target,kind,set,observed,bound,tolerance,modelled,ratio,geh,within_tolerance,status,"
              "year,source,file\n"
              "station EHV in_out weekday NS 2018,station,calibration,65468,,9820.2,67116,1.025,"
              "1.3,yes,modelled,2018,NS,stations.csv:2\n")
DOC = "# Title\n\nbefore\n<!-- calibration-tables:begin -->\nold\n<!-- calibration-tables:end -->\nafter\n"


class Tables(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        for name, text in (("calibration.csv", CALIBRATION), ("parameters.csv", PARAMS),
                           ("validation.csv", VALIDATION), ("doc.md", DOC),
                           ("calibrate.log", "cost 22.3 -> 2.47 (1 targets fitted)\n")):
            with open(os.path.join(self.d, name), "w", encoding="utf-8") as f:
                f.write(text)

    def tearDown(self):
        self.tmp.cleanup()

    def run_script(self, doc="doc.md"):
        return subprocess.run([sys.executable, SCRIPT, self.d, os.path.join(self.d, doc),
                               "--validation", os.path.join(self.d, "validation.csv"),
                               "--command", "CMD"], capture_output=True, text=True)

    def doc(self):
        with open(os.path.join(self.d, "doc.md"), encoding="utf-8") as f:
            return f.read()

    def test_tables_from_the_run(self):
        r = self.run_script()
        self.assertEqual(r.returncode, 0, r.stderr)
        text = self.doc()
        self.assertTrue(text.startswith("# Title\n\nbefore\n<!-- calibration-tables:begin -->\n"))
        self.assertTrue(text.endswith("<!-- calibration-tables:end -->\nafter\n"))
        self.assertNotIn("\nold\n", text)
        self.assertIn("Fit: cost 22.3 -> 2.47 (1 targets fitted).", text)
        self.assertIn("| `other.asc[1]` | -0.2 | 1.085 | 2.77 | [-3, 3] |", text)
        self.assertIn("| `pt.headway_slope` | 0.5 | 1 | at bound | [0.3, 1] |", text)
        self.assertIn("| station EHV in_out weekday NS 2018 | 65,468 | ± 15 % | 69,505 | 67,116 | "
                      "ratio 1.03, GEH 1.3 | yes → yes | 67,116 (yes) | NS figures (2018) |", text)
        self.assertIn("| station HT in_out weekday NS 2018 | ≤ 47,000 | ± 15 % | 14,395 | 14,034 | "
                      "ratio 0.30 | yes → yes | — | NS (2018) |", text)
        self.assertIn("| 0.164 | ± 3.0 pts | — | — | not modelled: the figure counts walk trips; "
                      "the model has no walk mode | — | — | ODiN, 2019 (2019) |", text)
        self.assertIn("**Calibration set (fitted)**: 1 of 1 modelled figures within tolerance", text)
        self.assertIn("**Validation set (never fitted)**: 1 of 1 modelled figures within tolerance "
                      "after (1 not modelled).", text)
        first = text
        self.assertEqual(self.run_script().returncode, 0)
        self.assertEqual(self.doc(), first)  # a rerun on the same run changes nothing

    def test_document_without_markers_is_refused(self):
        with open(os.path.join(self.d, "plain.md"), "w", encoding="utf-8") as f:
            f.write("# no markers\n")
        r = self.run_script("plain.md")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("calibration-tables:begin", r.stderr)


if __name__ == "__main__":
    unittest.main()
