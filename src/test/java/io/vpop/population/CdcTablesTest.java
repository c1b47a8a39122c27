package io.vpop.population;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CDC 2000 file's tabulated percentiles P3..P97 follow from its L, M and S (to 1e-6
 * relative).
 */
class CdcTablesTest {
  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cdc2000/wtage.csv",
        "cdc2000/statage.csv",
        "cdc2000/bmiagerev.csv",
        "cdc2000/wtageinf.csv",
        "cdc2000/lenageinf.csv"
      })
  void percentilesFollowFromLms(String file) throws Exception {
    int checked = 0;
    try (InputStream in = getClass().getResourceAsStream("/io/vpop/growth/" + file)) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String[] header = reader.readLine().trim().split(",");
      List<Integer> columns = new ArrayList<>();
      for (int c = 0; c < header.length; c++) {
        if (header[c].matches("P\\d+")) {
          columns.add(c);
        }
      }
      String line;
      while ((line = reader.readLine()) != null) {
        String[] cells = line.trim().split(",");
        if (cells[0].equals("Sex")) {
          continue;
        }
        Lms lms =
            new Lms(
                Double.parseDouble(cells[2]),
                Double.parseDouble(cells[3]),
                Double.parseDouble(cells[4]));
        for (int c : columns) {
          double p = Integer.parseInt(header[c].substring(1)) / 100.0;
          double expected = Double.parseDouble(cells[c]);
          double actual = lms.value(STANDARD.inverseCumulativeProbability(p));
          assertTrue(
              Math.abs(actual - expected) <= 1e-6 * expected,
              file
                  + " "
                  + line.substring(0, 12)
                  + " "
                  + header[c]
                  + ": "
                  + actual
                  + " vs "
                  + expected);
          checked++;
        }
      }
    }
    assertTrue(checked > 500, "only " + checked + " values checked in " + file);
  }
}
