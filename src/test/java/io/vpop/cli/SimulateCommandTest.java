package io.vpop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vpop.backend.CudaBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code vpop simulate} end to end, in process: files written, keys and units, and bad input. */
class SimulateCommandTest {
  @TempDir Path directory;

  private final InProcessCli cli = new InProcessCli();

  @Test
  void typicalAdultLabelWritesEveryMetricWithItsUnit() throws Exception {
    Path outDir = directory.resolve("out");
    int code =
        cli.run("simulate", "--preset", "adult-label", "--typical", "--out", outDir.toString());
    assertEquals(0, code, cli.err());
    JsonNode summary = new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
    for (String analyte : List.of("temsirolimus", "sirolimus", "sum")) {
      for (String metric : List.of("auc_0_t", "auc_tau", "cmax", "tmax", "trough")) {
        JsonNode node = summary.path("metrics").path(analyte).path(metric);
        assertTrue(node.path("value").isNumber(), analyte + "." + metric + " in " + summary);
        String expectedUnit =
            metric.startsWith("auc") ? "ng*h/mL" : metric.equals("tmax") ? "h" : "ng/mL";
        assertEquals(expectedUnit, node.path("unit").asText(), analyte + "." + metric);
      }
    }
    // The last of four weekly doses: the temsirolimus AUC over it is the single-dose AUC0-inf,
    // 25000/16.2.
    double aucTau =
        summary.path("metrics").path("temsirolimus").path("auc_tau").path("value").asDouble();
    assertEquals(25000 / 16.2, aucTau, 1e-3 * aucTau);
    assertTrue(Files.size(outDir.resolve("profile.csv")) > 0);
    assertTrue(cli.out().contains("auc_0_t (ng*h/mL)"), cli.out());
  }

  @Test
  void bothSolversGiveTheSameSummaryMetrics() throws Exception {
    Path exact = directory.resolve("exact");
    Path dopri = directory.resolve("dopri");
    assertEquals(
        0, cli.run("simulate", "--preset", "adult-single", "--typical", "--out", exact.toString()));
    assertEquals(
        0,
        cli.run(
            "simulate",
            "--preset",
            "adult-single",
            "--typical",
            "--solver",
            "dopri5",
            "--out",
            dopri.toString()));
    JsonNode a =
        new ObjectMapper().readTree(exact.resolve("summary.json").toFile()).path("metrics");
    JsonNode b =
        new ObjectMapper().readTree(dopri.resolve("summary.json").toFile()).path("metrics");
    for (String analyte : List.of("temsirolimus", "sirolimus", "sum")) {
      for (String metric : List.of("auc_0_t", "auc_tau", "cmax", "tmax")) {
        double x = a.path(analyte).path(metric).path("value").asDouble();
        double y = b.path(analyte).path(metric).path("value").asDouble();
        assertEquals(x, y, 1e-6 * Math.abs(x), analyte + "." + metric);
      }
    }
  }

  @Test
  void pathsAndSizesThatCannotWorkAreRejectedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(directory.resolve("plain"), "x");
    assertEquals(
        2,
        cli.run(
            "simulate",
            "--scenario",
            directory.toString(),
            "--out",
            directory.resolve("a").toString()));
    assertTrue(cli.err().contains("--scenario: '" + directory + "' is not allowed"), cli.err());
    cli.clearErr();
    assertEquals(
        2, cli.run("simulate", "--patients", "10", "--out", file.resolve("below").toString()));
    assertTrue(cli.err().contains("(" + file + " is a file)"), cli.err());
    cli.clearErr();
    assertEquals(
        2,
        cli.run(
            "simulate",
            "--patients",
            "100000",
            "--batch-size",
            "100000",
            "--step-h",
            "0.01",
            "--out",
            directory.resolve("b").toString()));
    assertTrue(
        cli.err().startsWith("vpop: --batch-size: 100000 is not allowed; allowed: at most"),
        cli.err());
    assertFalse(Files.exists(directory.resolve("a")) || Files.exists(directory.resolve("b")));
  }

  @Test
  void anOutputPathThatIsAFileIsRejectedBeforeAnyWork() throws Exception {
    Path file = Files.writeString(directory.resolve("taken"), "keep");
    assertEquals(2, cli.run("simulate", "--typical", "--out", file.toString()));
    assertTrue(cli.err().contains("--out: '" + file + "' is not allowed; allowed: a directory"));
    assertEquals("keep", Files.readString(file));
  }

  @Test
  void withoutAGpuAutoSaysSoInOneLineAndRunsOnTheCpu() throws Exception {
    assumeFalse(CudaBackend.probe().available(), "this machine has a CUDA device");
    Path outDir = directory.resolve("auto");
    assertEquals(
        0,
        cli.run("simulate", "--quiet", "--patients", "50", "--out", outDir.toString()),
        cli.err());
    List<String> lines =
        cli.out().lines().filter(l -> l.contains("using the CPU backend")).toList();
    assertEquals(1, lines.size(), cli.out());
    // The short reason only ("no GPU (no CUDA driver)"): the probe's full detail is vpop info's.
    int threads = Runtime.getRuntime().availableProcessors();
    assertTrue(
        lines
            .get(0)
            .endsWith(
                " ("
                    + CudaBackend.probe().reason()
                    + "); using the CPU backend with "
                    + threads
                    + (threads == 1 ? " thread" : " threads")),
        lines.get(0));
    JsonNode summary = new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
    assertTrue(
        summary.path("backend").asText().startsWith("cpu"), summary.path("backend").asText());
  }

  @Test
  void withoutAGpuTheCudaBackendIsACleanErrorWithExitTwo() {
    assumeFalse(CudaBackend.probe().available(), "this machine has a CUDA device");
    Path outDir = directory.resolve("cuda");
    assertEquals(2, cli.run("simulate", "--backend", "cuda", "--out", outDir.toString()));
    String error = cli.err().strip();
    assertEquals(1, error.lines().count(), error);
    assertTrue(
        error.startsWith(
            "vpop: --backend: 'cuda' is not allowed; allowed: auto, cpu (no CUDA device: "),
        error);
    assertFalse(Files.exists(outDir));
    cli.clearErr();
    assertEquals(2, cli.run("selftest", "--patients", "10"));
    assertTrue(cli.err().startsWith("vpop: --backend: 'cuda' is not allowed"), cli.err());
  }

  @Test
  void metricsOnlyRunsWriteNoBands() throws Exception {
    Path outDir = directory.resolve("nobands");
    assertEquals(
        0,
        cli.run(
            "simulate", "--quiet", "--no-bands", "--patients", "50", "--out", outDir.toString()));
    assertFalse(Files.exists(outDir.resolve("bands.csv")));
    assertFalse(Files.exists(outDir.resolve("bands_sum_log.png")));
    assertTrue(Files.exists(outDir.resolve("hist_sum_cmax.png")));
    JsonNode summary = new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
    assertTrue(summary.path("bands").isMissingNode());
    assertTrue(summary.path("metrics").path("sum").path("cmax").path("mean").isNumber());
  }

  @Test
  void infoReportsTheKernelsAndTheDevice() {
    assertEquals(0, cli.run("info"));
    String text = cli.out();
    assertTrue(text.contains("CUDA kernels in the jar: "), text);
    assertTrue(text.contains("CUDA device: "), text);
    CudaBackend.Probe probe = CudaBackend.probe();
    if (!probe.available()) {
      assertTrue(text.contains("CUDA device: none (" + probe.reason() + ")\n"), text);
      assertTrue(text.contains("  " + probe.detailLine() + "\n"), text);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--preset nope --typical | --preset: 'nope' is not allowed; allowed: adult-label, adult-single",
        "--typical --dose -5 | --dose: -5.0 is not allowed; allowed: a finite amount > 0 mg",
        "--typical --duration-h 0 | --duration-h: 0.0 is not allowed; allowed: a finite duration > 0 h",
        "--typical --dose-unit g | --dose-unit: 'g' is not allowed; allowed: mg, mg/kg, mg/m2",
        "--typical --solver rk4 | --solver: 'rk4' is not allowed; allowed: exact, dopri5",
        "--typical --end-h 100 | --end-h: 100.0 is not allowed",
        "--typical --bogus | Unknown option: '--bogus'",
        "--typical --interval-h 0.1 --doses 1 | --interval-h: 0.1 is not allowed; allowed: at least the"
            + " infusion duration 0.5 h",
        "--typical --duration-h 1e-12 | --duration-h: 1.0E-12 is not allowed",
        "--typical --modifier cyp3a4-strong-inhibitor --modifier cyp3a4-strong-inducer | --modifier:"
            + " 'cyp3a4-strong-inducer' is not allowed; allowed: one modifier per parameter",
        "--typical --step-h 1e-17 | --step-h: 1.0E-17 is not allowed",
        "--typical --end-h 0.5 | --end-h: 0.5 is not allowed; allowed: at least the grid step 1.0 h",
        "--patients 0 | --patients: 0 is not allowed; allowed: 1 to",
      })
  void badInputIsOneLineExitTwoAndNoFile(String arguments, String message) {
    Path outDir = directory.resolve("never");
    List<String> args = new java.util.ArrayList<>(List.of("simulate", "--out", outDir.toString()));
    args.addAll(List.of(arguments.trim().split(" ")));
    int code = cli.run(args.toArray(String[]::new));
    assertEquals(2, code);
    String error = cli.err().strip();
    assertEquals(1, error.lines().count(), error);
    assertTrue(error.startsWith("vpop: "), error);
    assertTrue(error.contains(message.trim()), error);
    assertFalse(Files.exists(outDir), "no output may be written on bad input");
  }
}
