package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.solve.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated observations through {@code vpop simulate}, as a user runs it: a 100 mg bolus into one
 * compartment (CL and V with variability) observed at ten times. Each IPRED equals the patient's
 * own closed form D / V exp(-CL / V t) from patients.csv; DV scatters around it as the model's
 * residual error says, over 10,000 patients x 10 times = 100,000 observations (the SDs within 1 %,
 * the means within 0.5 % of the proportional scale, or four standard errors); the BLQ count equals
 * the predicted count below the limit within four binomial standard errors; and asking for
 * observations changes no other file.
 */
class ObservationTest {
  private static final double DOSE_MG = 100;
  private static final int PATIENTS = 10_000;
  private static final double[] TIMES = {0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24};

  private static final String OBSERVED =
      "observations: { times_h: [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24] }";

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  /** The one-compartment model (CL 4 L/h, V 40 L) with variability and a residual error. */
  private static String model(String residualError) {
    return Fixtures.oneCompartmentText(4, 40)
            .replace(
                "outputs: [{ name: drug, compartments: [central] }]",
                "outputs: [{ name: drug, compartments: [central], residual_error: "
                    + residualError
                    + " }]")
        + """
        variability:
          all:
            CL: { omega: 0.3, source: "[A] test" }
            V: { omega: 0.2, source: "[A] test" }
        """;
  }

  private Path scenario(String residualError, String observations) throws Exception {
    Files.writeString(directory.resolve("one.yaml"), model(residualError));
    return Files.writeString(
        directory.resolve("observed.yaml"),
        Fixtures.sampledAdultsScenario(
                "one.yaml",
                70,
                "{ route: bolus, dose: " + DOSE_MG + ", unit: mg, interval_h: 24, count: 1 }",
                "{ end_h: 24, step_h: 1 }")
            + observations
            + "\n");
  }

  /** Runs the scenario with patients.csv; returns the output folder. */
  private Path simulate(Path scenario, String name, int patients, String... extra) {
    Path out = directory.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "simulate",
                "--scenario",
                scenario.toString(),
                "--patients",
                String.valueOf(patients),
                "--per-patient",
                "--plots",
                "none",
                "--quiet",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    return out;
  }

  /** One observation: its patient's CL (L/h) and V (L), time, IPRED, DV, limit and flag. */
  private record Observation(
      double cl, double v, double time, double ipred, double dv, double lloq, boolean blq) {}

  /** Reads observations.csv, each row with its patient's parameters from patients.csv. */
  private static List<Observation> observations(Path out) throws Exception {
    List<String> patients = Files.readAllLines(out.resolve("patients.csv"));
    List<String> header = Arrays.asList(patients.get(0).split(","));
    int cl = header.indexOf("CL_L_per_h");
    int v = header.indexOf("V_L");
    Map<String, String[]> byId = new HashMap<>();
    for (String line : patients.subList(1, patients.size())) {
      String[] row = line.split(",");
      byId.put(row[0], row);
    }
    List<String> lines = Files.readAllLines(out.resolve("observations.csv"));
    assertEquals("ID,TIME,DVID,output,IPRED,DV,LLOQ,BLQ", lines.get(0));
    List<Observation> observations = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] row = line.split(",", -1);
      String[] patient = byId.get(row[0]);
      assertEquals("1", row[2], line);
      assertEquals("drug", row[3], line);
      observations.add(
          new Observation(
              Double.parseDouble(patient[cl]),
              Double.parseDouble(patient[v]),
              Double.parseDouble(row[1]),
              Double.parseDouble(row[4]),
              Double.parseDouble(row[5]),
              row[6].isEmpty() ? 0 : Double.parseDouble(row[6]),
              row[7].equals("1")));
    }
    return observations;
  }

  /**
   * Runs {@link #PATIENTS} patients observed at {@link #TIMES}; checks that every patient has its
   * ten observations in time order with IPRED the closed form to 1e-10.
   */
  private List<Observation> observe(String residualError, String observations) throws Exception {
    Path out = simulate(scenario(residualError, observations), "out", PATIENTS, "--no-bands");
    List<Observation> rows = observations(out);
    assertEquals(PATIENTS * TIMES.length, rows.size());
    for (int j = 0; j < rows.size(); j++) {
      Observation o = rows.get(j);
      assertEquals(TIMES[j % TIMES.length], o.time());
      double exact = 1000 * DOSE_MG / o.v() * Math.exp(-o.cl() / o.v() * o.time());
      assertEquals(exact, o.ipred(), 1e-10 * exact, o.toString());
    }
    return rows;
  }

  /** A residual error of one relative form ({@code proportional} or {@code exponential}), SD sd. */
  private static String relative(String form, double sd) {
    return "{ " + form + ": { sd: " + sd + ", unit: \"-\", source: \"[A] test\" } }";
  }

  /** A combined residual error: proportional SD b and additive SD a (ng/mL). */
  private static String combined(double b, double a) {
    return "{ proportional: { sd: "
        + b
        + ", unit: \"-\", source: \"[A] test\" }, additive: { sd: "
        + a
        + ", unit: ng/mL, source: \"[A] test\" } }";
  }

  /** The mean and SD of values. */
  private static double[] meanAndSd(double[] values) {
    double mean = Arrays.stream(values).average().orElseThrow();
    double squares = Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum();
    return new double[] {mean, Math.sqrt(squares / (values.length - 1))};
  }

  @Test
  void proportionalErrorScattersDvAroundIpredByItsSd() throws Exception {
    double sd = 0.2;
    List<Observation> rows = observe(relative("proportional", sd), OBSERVED);
    double[] stats = meanAndSd(rows.stream().mapToDouble(o -> o.dv() / o.ipred() - 1).toArray());
    assertEquals(0, stats[0], 0.005);
    assertEquals(sd, stats[1], 0.01 * sd);
  }

  @Test
  void additiveAndCombinedErrorsHaveTheirSd() throws Exception {
    double additive = 50;
    List<Observation> rows =
        observe(
            "{ additive: { sd: " + additive + ", unit: ng/mL, source: \"[A] test\" } }", OBSERVED);
    double[] stats = meanAndSd(rows.stream().mapToDouble(o -> o.dv() - o.ipred()).toArray());
    assertEquals(0, stats[0], 4 * additive / Math.sqrt(rows.size()));
    assertEquals(additive, stats[1], 0.01 * additive);

    double proportional = 0.15;
    rows = observe(combined(proportional, additive), OBSERVED);
    double[] standardized =
        rows.stream()
            .mapToDouble(
                o ->
                    (o.dv() - o.ipred())
                        / Math.sqrt(
                            additive * additive
                                + proportional * proportional * o.ipred() * o.ipred()))
            .toArray();
    stats = meanAndSd(standardized);
    assertEquals(0, stats[0], 4 / Math.sqrt(rows.size()));
    assertEquals(1, stats[1], 0.01);
  }

  @Test
  void exponentialErrorIsNormalOnTheLogScale() throws Exception {
    double sd = 0.3;
    List<Observation> rows = observe(relative("exponential", sd), OBSERVED);
    double[] stats =
        meanAndSd(rows.stream().mapToDouble(o -> Math.log(o.dv() / o.ipred())).toArray());
    assertEquals(0, stats[0], 4 * sd / Math.sqrt(rows.size()));
    assertEquals(sd, stats[1], 0.01 * sd);
  }

  /**
   * With a limit of 100 ng/mL (concentrations fall from about 2,500 to 200 ng/mL in the typical
   * patient), the BLQ count equals the sum over observations of P(DV < LLOQ) = Phi((LLOQ - IPRED) /
   * sd(IPRED)) within four binomial standard errors, and a BLQ row's DV is the limit.
   */
  @Test
  void observationsBelowTheLimitAreFlaggedAsOftenAsPredicted() throws Exception {
    double a = 20;
    double b = 0.25;
    double lloq = 100;
    List<Observation> rows =
        observe(
            combined(b, a),
            "observations: { times_h: [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24],"
                + " lloq: [{ analyte: drug, value: "
                + lloq
                + ", unit: ng/mL }] }");
    NormalDistribution normal = NormalDistribution.of(0, 1);
    double expected = 0;
    double variance = 0;
    int flagged = 0;
    for (Observation o : rows) {
      double p = normal.cumulativeProbability((lloq - o.ipred()) / Math.hypot(a, b * o.ipred()));
      expected += p;
      variance += p * (1 - p);
      assertEquals(lloq, o.lloq());
      if (o.blq()) {
        flagged++;
        assertEquals(lloq, o.dv());
      } else {
        assertTrue(o.dv() >= lloq, o.toString());
      }
    }
    assertTrue(expected > 1000, "the case must flag many: " + expected);
    assertEquals(expected, flagged, 4 * Math.sqrt(variance));
  }

  /**
   * Asking for observations changes no other file, and observations.csv is the same byte for byte
   * on one thread or two and in batches of any size.
   */
  @Test
  void observationsChangeNothingElseAndAreDeterministic() throws Exception {
    String error = relative("proportional", 0.2);
    Path without = simulate(scenario(error, ""), "without", 3000, "--threads", "1");
    Path with = simulate(scenario(error, OBSERVED), "with", 3000, "--threads", "1");
    Path other =
        simulate(scenario(error, OBSERVED), "other", 3000, "--threads", "2", "--batch-size", "77");
    assertFalse(Files.exists(without.resolve("observations.csv")));
    for (String file : List.of("patients.csv", "bands.csv")) {
      assertArrayEquals(
          Files.readAllBytes(without.resolve(file)), Files.readAllBytes(with.resolve(file)), file);
    }
    assertArrayEquals(
        Files.readAllBytes(with.resolve("observations.csv")),
        Files.readAllBytes(other.resolve("observations.csv")));
  }

  @Test
  void badObservationInputIsRefusedInOneLine() throws Exception {
    String error = relative("proportional", 0.2);
    assertEquals(
        "vpop: observations.times_h: 30.0 is not allowed; allowed: times from 0 h to the horizon"
            + " 24.0 h (time_grid.end_h)",
        cli.refusal(
            "simulate",
            "--scenario",
            scenario(error, "observations: { times_h: [1, 30] }").toString(),
            "--out",
            directory.resolve("x").toString()));
    assertEquals(
        "vpop: observations.lloq[0].unit: 'mg/L' is not allowed; allowed: ng/mL (the unit of drug)",
        cli.refusal(
            "simulate",
            "--scenario",
            scenario(
                    error,
                    "observations: { times_h: [1], lloq: [{ analyte: drug, value: 1, unit: mg/L }] }")
                .toString(),
            "--out",
            directory.resolve("x").toString()));
    String message =
        cli.refusal(
            "simulate",
            "--scenario",
            scenario("{ additive: { sd: 1, unit: mg, source: \"[A] test\" } }", OBSERVED)
                .toString(),
            "--out",
            directory.resolve("x").toString());
    assertTrue(
        message.contains("residual_error.additive.unit: 'mg' is not allowed; allowed: ng/mL"),
        message);
    assertEquals(1, message.lines().count(), message);
  }
}
