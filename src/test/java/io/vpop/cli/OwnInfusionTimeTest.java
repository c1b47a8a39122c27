package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.solve.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infusion at a rate of a dose that differs between patients (in mg/kg, or a population table's
 * dose_mg) lasts each patient's own dose over the rate, through {@code vpop simulate} as a user
 * runs it: three daily infusions at 20 mg/h into one compartment (CL with variability). Each
 * patient's Cmax, at the end of its last infusion, and tmax equal the closed form of the
 * one-compartment infusion from its own patients.csv CL and dose; a patient whose infusion would
 * outlast the interval fails alone.
 */
class OwnInfusionTimeTest {
  private static final double V = 40;
  private static final double RATE = 20;
  private static final double TAU = 24;
  private static final int PATIENTS = 1000;

  private static final String MODEL =
      Fixtures.oneCompartmentText(4, V)
          + """
          variability:
            all:
              CL: { omega: 0.3, source: "[A] test" }
          """;

  /** 1 mg/kg at 20 mg/h daily, three times: 3.5 h for a 70-kg patient. */
  private static final String PER_KG_DAILY =
      "{ dose: 1, unit: mg/kg, rate_mg_per_h: 20, interval_h: 24, count: 3 }";

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private List<String[]> simulate(
      String population, double typicalWeightKg, String regimen, String... extra) throws Exception {
    Files.writeString(directory.resolve("one.yaml"), MODEL);
    Path scenario =
        Files.writeString(
            directory.resolve("rate.yaml"),
            """
            name: rate
            model_file: one.yaml
            parameter_set: test
            population: %s
            typical_patient: { age_y: 40, weight_kg: %s, height_cm: 175 }
            regimen: [%s]
            time_grid: { end_h: 72, step_h: 0.5 }
            """
                .formatted(population, typicalWeightKg, regimen));
    Path out = directory.resolve("out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--scenario",
                scenario.toString(),
                "--per-patient",
                "--no-bands",
                "--allow-failures",
                "--plots",
                "none",
                "--quiet",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("patients.csv"))) {
      rows.add(line.split(","));
    }
    return rows;
  }

  /**
   * Checks every row's Cmax and tmax against three infusions of its dose at {@link #RATE}, each
   * lasting dose / rate: the peak is at the end of the last, R / CL (1 - e^(-k T)) (1 + e^(-k tau)
   * + e^(-2 k tau)) in mg/L, times 1000 for ng/mL.
   *
   * @return the number of rows checked
   */
  private static int checkPeaks(List<String[]> rows, double tolerance) {
    List<String> header = Arrays.asList(rows.get(0));
    int cl = header.indexOf("CL_L_per_h");
    int dose = header.indexOf("dose_mg");
    int cmax = header.indexOf("drug_cmax_ng_per_mL");
    int tmax = header.indexOf("drug_tmax_h");
    int status = header.indexOf("status");
    int checked = 0;
    for (String[] row : rows.subList(1, rows.size())) {
      double ke = Double.parseDouble(row[cl]) / V;
      double duration = Double.parseDouble(row[dose]) / RATE;
      if (duration > TAU) {
        assertEquals("timing_out_of_range", row[status], String.join(",", row));
        continue;
      }
      assertEquals("ok", row[status], String.join(",", row));
      double accumulation = 1 + Math.exp(-ke * TAU) + Math.exp(-2 * ke * TAU);
      double peak =
          1000 * RATE / Double.parseDouble(row[cl]) * -Math.expm1(-ke * duration) * accumulation;
      assertEquals(peak, Double.parseDouble(row[cmax]), tolerance * peak, String.join(",", row));
      assertEquals(2 * TAU + duration, Double.parseDouble(row[tmax]), 1e-9, String.join(",", row));
      checked++;
    }
    return checked;
  }

  private static final String SAMPLED =
      "{ ages: { min_y: 18, max_y: 80 }, fraction_male: 0.5,"
          + " omega: { adult: all, pediatric: all } }";

  @Test
  void aDoseInMgPerKgAtARateLastsEachPatientsOwnTime() throws Exception {
    List<String[]> rows =
        simulate(SAMPLED, 70, PER_KG_DAILY, "--patients", String.valueOf(PATIENTS));
    assertEquals(PATIENTS, checkPeaks(rows, 1e-10));
    List<String> header = Arrays.asList(rows.get(0));
    int weight = header.indexOf("weight_kg");
    int dose = header.indexOf("dose_mg");
    for (String[] row : rows.subList(1, rows.size())) {
      assertEquals(Double.parseDouble(row[weight]), Double.parseDouble(row[dose]), 1e-9);
    }
  }

  @Test
  void theAdaptiveSolverAgrees() throws Exception {
    List<String[]> rows =
        simulate(SAMPLED, 70, PER_KG_DAILY, "--patients", "200", "--solver", "dopri5");
    assertEquals(200, checkPeaks(rows, 1e-7));
  }

  @Test
  void aPatientWhoseInfusionOutlastsTheIntervalFailsAlone() throws Exception {
    // 8 mg/kg at 20 mg/h lasts 0.4 h per kg: 20 h for a typical 50-kg patient, and past the 24-h
    // interval for a patient over 60 kg.
    List<String[]> rows =
        simulate(
            SAMPLED,
            50,
            "{ dose: 8, unit: mg/kg, rate_mg_per_h: 20, interval_h: 24, count: 3 }",
            "--patients",
            "400");
    int ok = checkPeaks(rows, 1e-10);
    assertTrue(ok > 0 && ok < 400, ok + " of 400 solved");
  }

  @Test
  void aTableDoseAtARateLastsEachRowsOwnTime() throws Exception {
    StringBuilder table = new StringBuilder("age_y,sex,weight_kg,height_cm,dose_mg\n");
    double[] doses = {10, 35, 70, 140, 479, 481};
    for (int i = 0; i < doses.length; i++) {
      table.append(30 + i).append(",female,70,170,").append(doses[i]).append('\n');
    }
    Files.writeString(directory.resolve("patients-in.csv"), table.toString());
    List<String[]> rows =
        simulate(
            "{ table: patients-in.csv, omega: { adult: all, pediatric: all } }",
            70,
            "{ dose: 70, unit: mg, rate_mg_per_h: 20, interval_h: 24, count: 3 }");
    // 481 mg at 20 mg/h lasts 24.05 h, past the interval: that row fails, the rest solve.
    assertEquals(doses.length - 1, checkPeaks(rows, 1e-10));
  }
}
