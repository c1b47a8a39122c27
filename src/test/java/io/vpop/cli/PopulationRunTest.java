package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.YamlDocument;
import io.vpop.batch.Metric;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.regimen.Regimen;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.ExactSolver;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vpop simulate} on populations, end to end. */
class PopulationRunTest {
  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);
  private static final String[] LEVELS = {"p5", "p50", "p95"};
  private static final double[] PROBABILITIES = {0.05, 0.50, 0.95};

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  private JsonNode simulate(String name, String... extra) throws Exception {
    Path out = directory.resolve(name);
    List<String> args = new ArrayList<>(List.of("simulate", "--quiet", "--out", out.toString()));
    args.addAll(List.of(extra));
    assertEquals(0, cli.run(args.toArray(String[]::new)), cli.err());
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
  }

  /**
   * The shipped model without covariate effects and with variability on one parameter only, so
   * AUC(0-inf) = dose / CL_i (temsirolimus) or Fm (MW_sir/MW_tem) dose / CLm_i (sirolimus) is
   * log-normal with known quantiles.
   */
  private Path scenarioWithVariabilityOn(String parameter, double omega, String targets)
      throws Exception {
    YamlDocument.resource("/io/vpop/models/temsirolimus.yaml")
        .remove("covariates")
        .set(
            "variability",
            "{ only: { " + parameter + ": { omega: " + omega + ", source: \"[A] test\" } } }")
        .write(directory.resolve("model.yaml"));
    YamlDocument scenario =
        YamlDocument.preset("adult-single")
            .remove("model")
            .add("model_file", "model.yaml")
            .set("population.omega.adult", "only")
            .set("population.omega.pediatric", "only")
            .set("time_grid", "{ end_h: 3000, step_h: 100 }")
            .set("regimen[0].interval_h", "0");
    scenario.withoutPlots();
    if (!targets.isEmpty()) {
      scenario.add("targets", targets);
    }
    return scenario.write(directory.resolve(parameter + ".yaml"));
  }

  @Test
  void temsirolimusAucPercentilesMatchTheLogNormalAnswerWithVariabilityOnClOnly() throws Exception {
    double omega = 0.3;
    double threshold = 1800;
    Path scenario =
        scenarioWithVariabilityOn(
            "CL",
            omega,
            "[{ analyte: temsirolimus, metric: auc_0_inf, comparison: \">=\", threshold: "
                + threshold
                + ", unit: \"ng*h/mL\" }]");
    int patients = 40_000;
    JsonNode summary =
        simulate(
            "cl",
            "--scenario",
            scenario.toString(),
            "--patients",
            Integer.toString(patients),
            "--seed",
            "5");
    double median = 25_000 / 16.2;
    assertLogNormalPercentiles(
        summary.path("metrics").path("temsirolimus").path("auc_0_inf"), median, omega, patients);
    // P(AUC >= t) = P(-eta >= ln(t / median)) = 1 - Phi(ln(t / median) / omega), inside the 95 %
    // interval.
    double expected = 1 - STANDARD.cumulativeProbability(Math.log(threshold / median) / omega);
    JsonNode attainment = summary.path("target_attainment").get(0);
    double low = attainment.path("ci95_clopper_pearson").get(0).asDouble();
    double high = attainment.path("ci95_clopper_pearson").get(1).asDouble();
    assertTrue(
        low <= expected && expected <= high, expected + " outside [" + low + ", " + high + "]");
  }

  @Test
  void sirolimusAucPercentilesMatchTheLogNormalAnswerWithVariabilityOnClmOnly() throws Exception {
    double omega = 0.3;
    Path scenario = scenarioWithVariabilityOn("CLm", omega, "");
    int patients = 40_000;
    JsonNode summary =
        simulate(
            "clm",
            "--scenario",
            scenario.toString(),
            "--patients",
            Integer.toString(patients),
            "--seed",
            "6");
    double median = (914.2 / 1030.3) * 25_000 / 5.32;
    assertLogNormalPercentiles(
        summary.path("metrics").path("sirolimus").path("auc_0_inf"), median, omega, patients);
  }

  /**
   * Each simulated percentile within 3 standard errors sqrt(p (1 - p) / n) / f(x_p) of the exact
   * one.
   */
  private static void assertLogNormalPercentiles(
      JsonNode metric, double median, double omega, int n) {
    assertTrue(metric.path("percentiles_exact").asBoolean());
    for (int i = 0; i < LEVELS.length; i++) {
      double p = PROBABILITIES[i];
      double z = STANDARD.inverseCumulativeProbability(p);
      double exact = median * Math.exp(omega * z);
      double density = STANDARD.density(z) / (exact * omega);
      double standardError = Math.sqrt(p * (1 - p) / n) / density;
      double simulated = metric.path("percentiles").path(LEVELS[i]).asDouble();
      assertTrue(
          Math.abs(simulated - exact) <= 3 * standardError,
          LEVELS[i] + ": simulated " + simulated + ", exact " + exact + ", SE " + standardError);
    }
  }

  @Test
  void threadsAndBatchSizesGiveTheSameNumbers() throws Exception {
    String[] base = {
      "--scenario", withoutPlots("pediatric-phase2").toString(), "--patients", "3000", "--seed", "9"
    };
    JsonNode a = simulate("t1", concat(base, "--threads", "1", "--batch-size", "1000"));
    JsonNode b = simulate("t2", concat(base, "--threads", "2", "--batch-size", "4096"));
    JsonNode c = simulate("t3", concat(base, "--threads", "2", "--batch-size", "777"));
    assertEquals(a.path("metrics"), b.path("metrics"));
    assertEquals(a.path("metrics"), c.path("metrics"));
    byte[] bands = Files.readAllBytes(directory.resolve("t1/bands.csv"));
    assertTrue(
        java.util.Arrays.equals(bands, Files.readAllBytes(directory.resolve("t2/bands.csv"))));
    assertTrue(
        java.util.Arrays.equals(bands, Files.readAllBytes(directory.resolve("t3/bands.csv"))));
  }

  @Test
  void interactionPresetsReproduceThePublishedRatios() throws Exception {
    for (String[] study :
        new String[][] {{"adult-ketoconazole", "3.1"}, {"adult-rifampin", "0.44"}}) {
      Path without =
          YamlDocument.preset(study[0])
              .set("modifiers", "[]")
              .withoutPlots()
              .write(directory.resolve(study[0] + "-without.yaml"));
      String[] common = {"--patients", "500", "--seed", "4", "--step-h", "24"};
      JsonNode with =
          simulate(
              study[0],
              concat(new String[] {"--scenario", withoutPlots(study[0]).toString()}, common));
      JsonNode none =
          simulate(
              study[0] + "-none", concat(new String[] {"--scenario", without.toString()}, common));
      double ratio = geometricMean(with, "sirolimus") / geometricMean(none, "sirolimus");
      double expected = Double.parseDouble(study[1]);
      assertEquals(expected, ratio, 0.01 * expected, study[0] + " sirolimus AUC ratio");
      assertEquals(
          1.0,
          geometricMean(with, "temsirolimus") / geometricMean(none, "temsirolimus"),
          1e-12,
          study[0] + " temsirolimus unchanged");
    }
  }

  @Test
  void perPatientRowsEqualASinglePatientSolve() throws Exception {
    Path out = directory.resolve("rows");
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--quiet",
            "--scenario",
            withoutPlots("pediatric-phase2").toString(),
            "--patients",
            "200",
            "--per-patient",
            "--out",
            out.toString()),
        cli.err());
    List<String> lines = Files.readAllLines(out.resolve("patients.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    Model model = ModelLoader.builtIn("temsirolimus", "model");
    Scenario scenario = ScenarioLoader.preset("pediatric-phase2", "--preset");
    Regimen regimen = scenario.regimen();
    CompartmentSystem system = new CompartmentSystem(model);
    ExactSolver solver = new ExactSolver(system, new Schedule(regimen, scenario.grid()));
    PatientResult result = new PatientResult(system.outputs(), scenario.grid().size());
    int firstParameter = header.indexOf("CL_L_per_h");
    for (int row = 1; row < lines.size(); row += 17) {
      String[] cells = lines.get(row).split(",");
      double[] parameters = new double[model.parameterNames().size()];
      for (int p = 0; p < parameters.length; p++) {
        parameters[p] = Double.parseDouble(cells[firstParameter + p]);
      }
      solver.solve(
          parameters, new double[] {Double.parseDouble(cells[header.indexOf("dose_mg")])}, result);
      for (int k = 0; k < system.outputs(); k++) {
        String name = system.outputList().get(k).name();
        for (Metric metric : Metric.values()) {
          if (!scenario.reportedMetrics().shows(k, metric)) {
            // No threshold, no time above it: the table has no column for it.
            String prefix = name + "_" + metric.key() + "_";
            assertTrue(header.stream().noneMatch(c -> c.startsWith(prefix)), prefix);
            continue;
          }
          String unit = metric.unit("ng/mL").replace("/", "_per_").replace("*", "_");
          double written =
              Double.parseDouble(cells[header.indexOf(name + "_" + metric.key() + "_" + unit)]);
          assertEquals(
              result.metric(k, metric), written, 0, "row " + row + " " + name + " " + metric.key());
        }
      }
    }
  }

  @Test
  void aRunThatFailsLeavesNoFileBehind() throws Exception {
    Path scenario =
        YamlDocument.preset("pediatric-phase2")
            .add("population.weight_kg", "{ min: 199, max: 200 }")
            .write(directory.resolve("narrow.yaml"));
    Path out = directory.resolve("failed");
    assertEquals(
        2,
        cli.run(
            "simulate",
            "--quiet",
            "--scenario",
            scenario.toString(),
            "--per-patient",
            "--out",
            out.toString()));
    assertTrue(cli.err().startsWith("vpop: population: the weight window"), cli.err());
    assertFalse(Files.exists(out) && Files.list(out).findAny().isPresent(), "files left in " + out);
  }

  /** A preset as a scenario file that writes no plots (no test here looks at them). */
  private Path withoutPlots(String preset) throws Exception {
    return YamlDocument.preset(preset)
        .withoutPlots()
        .write(directory.resolve(preset + "-no-plots.yaml"));
  }

  private static double geometricMean(JsonNode summary, String analyte) {
    return summary
        .path("metrics")
        .path(analyte)
        .path("auc_0_inf")
        .path("geometric_mean")
        .asDouble();
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
