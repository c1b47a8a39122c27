package io.vpop.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.backend.BackendChoice;
import io.vpop.batch.Metric;
import io.vpop.plot.PlotFormat;
import io.vpop.report.PatientTable;
import io.vpop.report.PopulationReport;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.RunAggregate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A population run in shards, each run apart, written, read back and merged in index order, gives
 * every output file of one run byte for byte: summary.json, bands.csv and patients.csv (the plots
 * are drawn from the aggregate alone, whose written form is compared too).
 */
class ShardMergeTest {
  private static final int PATIENTS = 1000;

  /** Shard ends for 1, 2, 3 and 7 shards of unequal sizes (one of a single patient). */
  private static final long[][] SPLITS = {
    {PATIENTS}, {613, PATIENTS}, {1, 500, PATIENTS}, {90, 91, 250, 480, 700, 999, PATIENTS}
  };

  @TempDir Path directory;

  /** Pediatric phase 2, daily grid points so that the bands are small. */
  private static Scenario scenario() {
    Scenario preset = ScenarioLoader.preset("pediatric-phase2", "preset");
    TimeGrid daily = TimeGrid.uniform(preset.grid().endH(), 24);
    return preset.with(preset.regimen(), daily, preset.modifiers());
  }

  /**
   * Exact percentiles (all 1,000 values kept), and a sketch for the whole run beyond 150 values,
   * where some shards keep their values and others have a sketch of their own.
   */
  @ParameterizedTest(name = "exact limit {0}")
  @ValueSource(ints = {1_000_000, 150})
  void shardsMergedInOrderGiveTheFilesOfOneRun(int exactLimit) throws Exception {
    Execution execution =
        Execution.defaults()
            .withThreads(2)
            .withBackend(BackendChoice.CPU)
            .withBatchSize(OptionalInt.of(128))
            .withExactLimit(exactLimit);
    Scenario scenario = scenario();
    try (Simulation simulation = Simulation.open(scenario, 3, execution)) {
      StringWriter rows = new StringWriter();
      RunAggregate whole = run(simulation, PatientRange.of(PATIENTS), rows);
      assertEquals(exactLimit > PATIENTS, whole.summary(0, Metric.CMAX).exact());
      Path expected = write(scenario, whole, rows, "whole");
      for (long[] ends : SPLITS) {
        StringWriter shardRows = new StringWriter();
        RunAggregate merged = null;
        long first = 0;
        for (long end : ends) {
          RunAggregate shard = run(simulation, new PatientRange(first, end), shardRows);
          // Each shard crosses to the merge in its written form, as it would from another machine.
          RunAggregate read =
              RunAggregate.read(new ByteArrayInputStream(bytes(shard)), shard.shape());
          if (merged == null) {
            merged = read;
          } else {
            merged.merge(read);
          }
          first = end;
        }
        assertArrayEquals(bytes(whole), bytes(merged), ends.length + " shards: written aggregate");
        Path actual = write(scenario, merged, shardRows, ends.length + "-shards");
        for (String file : List.of("summary.json", "bands.csv", "patients.csv")) {
          assertArrayEquals(
              Files.readAllBytes(expected.resolve(file)),
              Files.readAllBytes(actual.resolve(file)),
              ends.length + " shards: " + file);
        }
      }
    }
  }

  @Test
  void aggregatesMergeOnlyInIndexOrderWithTheirOwnShapeAndSeed() throws Exception {
    Execution execution = Execution.defaults().withThreads(1).withBackend(BackendChoice.CPU);
    try (Simulation simulation = Simulation.open(scenario(), 3, execution)) {
      RunAggregate first = run(simulation, new PatientRange(0, 10), new StringWriter());
      RunAggregate third = run(simulation, new PatientRange(20, 30), new StringWriter());
      assertThrows(IllegalArgumentException.class, () -> first.merge(third));
      RunAggregate metricsOnly =
          simulation
              .population(new PatientRange(10, 20), Simulation.Bands.SKIP, PatientSink.NONE)
              .aggregate();
      assertThrows(IllegalArgumentException.class, () -> first.merge(metricsOnly));
      try (Simulation otherSeed = Simulation.open(scenario(), 4, execution)) {
        RunAggregate second = run(otherSeed, new PatientRange(10, 20), new StringWriter());
        assertThrows(IllegalArgumentException.class, () -> first.merge(second));
      }
      byte[] written = bytes(first);
      IOException wrongShape =
          assertThrows(
              IOException.class,
              () -> RunAggregate.read(new ByteArrayInputStream(written), metricsOnly.shape()));
      assertTrue(wrongShape.getMessage().contains("shape"), wrongShape.getMessage());
      written[0] ^= 1;
      assertThrows(
          IOException.class,
          () -> RunAggregate.read(new ByteArrayInputStream(written), first.shape()));
      assertEquals(10, first.patients());
    }
  }

  /** Runs a range with bands, writing its patients.csv rows. */
  private static RunAggregate run(Simulation simulation, PatientRange range, StringWriter rows)
      throws IOException {
    PatientTable table = table(simulation.scenario());
    return simulation
        .population(
            range, Simulation.Bands.KEEP, (batch, result) -> table.writeRows(batch, result, rows))
        .aggregate();
  }

  private static PatientTable table(Scenario scenario) {
    return new PatientTable(
        scenario.parameterSet().parameters(),
        scenario.etaParameters(),
        scenario.model().declaredCovariates(),
        scenario.regimen().lines().size(),
        scenario.model().outputs(),
        scenario.reportedMetrics());
  }

  private static byte[] bytes(RunAggregate aggregate) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    aggregate.write(out);
    return out.toByteArray();
  }

  /** The files of a run from its aggregate (same backend name and run time for all). */
  private Path write(Scenario scenario, RunAggregate aggregate, StringWriter rows, String name)
      throws IOException {
    Path out = Files.createDirectories(directory.resolve(name));
    Simulation.Outcome outcome = new Simulation.Outcome(aggregate, "cpu", Optional.empty(), 0);
    PopulationReport.of("test", scenario, 3, outcome).write(out, PlotFormat.NONE);
    StringWriter file = new StringWriter();
    table(scenario).writeHeader(file);
    Files.writeString(out.resolve("patients.csv"), file + rows.toString());
    return out;
  }
}
