package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vpop.solve.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lag time with variability through {@code vpop simulate}, as a user runs it: oral doses every 12
 * h into a gut with F and an ALAG of omega 0.4. Every patient's AUC(0-t) is the sum of its own
 * lagged Bateman functions, from the CL and ALAG its row of patients.csv gives; the lags have the
 * model's spread; the file is the same on one thread as on two.
 */
class VaryingLagTest {
  private static final double KA = 1.1;
  private static final double F = 0.6;
  private static final double CL = 4;
  private static final double V = 40;
  private static final double DOSE_MG = 50;
  private static final double TAU = 12;
  private static final double END_H = 72;
  private static final double TYPICAL_LAG_H = 0.8;
  private static final double LAG_OMEGA = 0.4;
  private static final int PATIENTS = 2000;

  private static final String MODEL =
      Fixtures.oralText(KA, F, TYPICAL_LAG_H, CL, V)
          + """
          variability:
            all:
              CL: { omega: 0.3, source: "[A] test" }
              ALAG: { omega: 0.4, source: "[A] test" }
          """;

  private static final String SCENARIO =
      Fixtures.sampledAdultsScenario(
          "oral-lag.yaml",
          70,
          "{ dose: 50, unit: mg, route: bolus, compartment: gut, interval_h: 12, count: 4 }",
          "{ end_h: 72, step_h: 0.5 }");

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private List<String> simulate(int threads) throws Exception {
    Files.writeString(directory.resolve("oral-lag.yaml"), MODEL);
    Path scenario = Files.writeString(directory.resolve("lag.yaml"), SCENARIO);
    Path out = directory.resolve("out-" + threads);
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--scenario",
            scenario.toString(),
            "--patients",
            String.valueOf(PATIENTS),
            "--per-patient",
            "--no-bands",
            "--plots",
            "none",
            "--threads",
            String.valueOf(threads),
            "--out",
            out.toString()),
        cli.err());
    return Files.readAllLines(out.resolve("patients.csv"));
  }

  @Test
  void eachPatientsExposureFollowsItsOwnLag() throws Exception {
    List<String> rows = simulate(2);
    List<String> header = Arrays.asList(rows.get(0).split(","));
    int lagColumn = header.indexOf("ALAG_h");
    int clColumn = header.indexOf("CL_L_per_h");
    int aucColumn = header.indexOf("drug_auc_0_t_ng_h_per_mL");
    double sum = 0;
    double sumSquares = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      double lag = Double.parseDouble(cells[lagColumn]);
      double ke = Double.parseDouble(cells[clColumn]) / V;
      double scale = 1000 * F * DOSE_MG * KA / (V * (KA - ke));
      double auc = 0;
      for (int k = 0; k < 4; k++) {
        double since = END_H - k * TAU - lag;
        auc += scale * (-Math.expm1(-ke * since) / ke + Math.expm1(-KA * since) / KA);
      }
      assertEquals(auc, Double.parseDouble(cells[aucColumn]), 1e-10 * auc, row);
      double eta = Math.log(lag / TYPICAL_LAG_H);
      sum += eta;
      sumSquares += eta * eta;
    }
    assertEquals(PATIENTS, rows.size() - 1);
    // log(ALAG / 0.8) is normal with SD 0.4: its sample SD within 3 standard errors (0.4 / sqrt(2
    // n)).
    double mean = sum / PATIENTS;
    double sd = Math.sqrt(sumSquares / PATIENTS - mean * mean);
    assertEquals(LAG_OMEGA, sd, 3 * LAG_OMEGA / Math.sqrt(2.0 * PATIENTS));
    assertEquals(0, mean, 3 * LAG_OMEGA / Math.sqrt(PATIENTS));
  }

  @Test
  void theSameOnOneThreadAsOnTwo() throws Exception {
    assertEquals(simulate(1), simulate(2));
  }
}
