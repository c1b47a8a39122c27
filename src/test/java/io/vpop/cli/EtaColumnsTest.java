package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vpop.YamlDocument;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ETA columns of patients.csv are the random effects the patients' parameters were made from:
 * the written parameters follow from the written etas and covariates through the model's equations,
 * and the same seed writes the same etas whatever the threads and batches.
 */
class EtaColumnsTest {
  private static final Model MODEL = ModelLoader.builtIn("temsirolimus", "model");

  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  /** patients.csv as a header and rows of cells. */
  private record Table(List<String> header, List<String[]> rows) {
    double value(String[] row, String column) {
      int index = header.indexOf(column);
      if (index < 0) {
        throw new AssertionError("no column " + column + " in " + header);
      }
      return Double.parseDouble(row[index]);
    }
  }

  private static Table read(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(","));
    }
    return new Table(Arrays.asList(lines.get(0).split(",")), rows);
  }

  private double typical(String parameter) {
    return MODEL.parameterSet("adult-label", "parameter_set")
        .values()[MODEL.parameterIndex(parameter)];
  }

  @Test
  void theWrittenParametersFollowFromTheWrittenEtasThroughTheModelsEquations() throws Exception {
    Path out = directory.resolve("population");
    int code =
        cli.run(
            "population",
            "--preset",
            "pediatric-phase2",
            "--patients",
            "300",
            "--seed",
            "5",
            "--out",
            out.toString());
    assertEquals(0, code, cli.err());
    Table table = read(out.resolve("patients.csv"));
    // Every parameter that varies in the adult or the pediatric Omega, in the model's order,
    // beside the parameters.
    int afterParameters = table.header().indexOf("AGE50_y") + 1;
    assertEquals(
        List.of("ETA_CL", "ETA_V1", "ETA_Q3", "ETA_CLm", "ETA_Vm"),
        table.header().subList(afterParameters, afterParameters + 5));
    assertEquals(afterParameters + 5, table.header().size());
    // The covariate equations of temsirolimus.yaml, written out: allometry on weight / 70 kg
    // (exponent 0.75 on clearances, 1 on volumes), CL times (dose per kg / (25/70 mg/kg)) ^
    // THETA_DOSE, CLm times age / (age + AGE50) below 18 y; then exp(eta).
    int children = 0;
    for (String[] row : table.rows()) {
      double weight = table.value(row, "weight_kg");
      double age = table.value(row, "age_y");
      double size = weight / 70;
      double dosePerKg = table.value(row, "dose_mg") / weight;
      double maturation = age < 18 ? age / (age + typical("AGE50")) : 1;
      assertClose(
          typical("CL")
              * Math.pow(size, 0.75)
              * Math.pow(dosePerKg / (25.0 / 70), typical("THETA_DOSE"))
              * Math.exp(table.value(row, "ETA_CL")),
          table.value(row, "CL_L_per_h"));
      assertClose(
          typical("V1") * size * Math.exp(table.value(row, "ETA_V1")), table.value(row, "V1_L"));
      assertClose(
          typical("Q3") * Math.pow(size, 0.75) * Math.exp(table.value(row, "ETA_Q3")),
          table.value(row, "Q3_L_per_h"));
      assertClose(
          typical("CLm")
              * Math.pow(size, 0.75)
              * maturation
              * Math.exp(table.value(row, "ETA_CLm")),
          table.value(row, "CLm_L_per_h"));
      assertClose(
          typical("Vm") * size * Math.exp(table.value(row, "ETA_Vm")), table.value(row, "Vm_L"));
      // The adult Omega has no eta on Q3; the pediatric one has.
      if (age < 18) {
        children++;
        assertNotEquals(0.0, table.value(row, "ETA_Q3"));
      } else {
        assertEquals(0.0, table.value(row, "ETA_Q3"));
      }
    }
    // Ages 1-21 y: most patients are children, some adults.
    assertNotEquals(0, children);
    assertNotEquals(table.rows().size(), children);
  }

  /** Equal to a few rounding errors of the products and powers. */
  private static void assertClose(double expected, double written) {
    assertEquals(expected, written, 1e-12 * expected);
  }

  private byte[] simulatedTable(String name, int threads, int batch) throws Exception {
    Path scenario =
        YamlDocument.preset("pediatric-phase2")
            .withoutPlots()
            .set("time_grid", "{ end_h: 672, step_h: 24 }")
            .write(directory.resolve("scenario.yaml"));
    Path out = directory.resolve(name);
    int code =
        cli.run(
            "simulate",
            "--scenario",
            scenario.toString(),
            "--per-patient",
            "--no-bands",
            "--quiet",
            "--patients",
            "300",
            "--seed",
            "3",
            "--threads",
            Integer.toString(threads),
            "--batch-size",
            Integer.toString(batch),
            "--out",
            out.toString());
    assertEquals(0, code, cli.err());
    return Files.readAllBytes(out.resolve("patients.csv"));
  }

  @Test
  void theSameSeedWritesTheSameEtasWhateverTheThreadsAndBatches() throws Exception {
    byte[] reference = simulatedTable("a", 1, 300);
    assertArrayEquals(reference, simulatedTable("b", 2, 64));
    assertArrayEquals(reference, simulatedTable("c", 2, 7));
    Table table = read(directory.resolve("a").resolve("patients.csv"));
    // The etas sit between the parameters and the metrics, and vary from patient to patient.
    int first = table.header().indexOf("ETA_CL");
    assertEquals("AGE50_y", table.header().get(first - 1));
    assertEquals("temsirolimus_auc_0_t_ng_h_per_mL", table.header().get(first + 5));
    assertNotEquals(
        table.value(table.rows().get(0), "ETA_CL"), table.value(table.rows().get(1), "ETA_CL"));
  }
}
