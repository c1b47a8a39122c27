package io.vpop.run;

import io.vpop.InvalidInputException;
import io.vpop.Workers;
import io.vpop.backend.BackendChoice;
import io.vpop.backend.Backends;
import io.vpop.batch.BandBuckets;
import io.vpop.batch.BandCounter;
import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.scenario.Scenario;
import io.vpop.solve.CompartmentSystem;
import io.vpop.stats.BandAccumulator;
import io.vpop.stats.Percentiles;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Solves the same virtual patients on the CPU backend and on another one and checks that every
 * metric and grid value agrees to {@value #TOLERANCE} relative, that the band counts the backend
 * makes itself equal its own values counted here (bit for bit: the band kernel), and that every
 * band percentile equals the CPU's (or lies one bucket away, where a value sits within rounding of
 * a bucket edge), so an installation with only the jar and a Java runtime can be verified.
 */
public final class SelfTest {
  /** The agreement required. */
  public static final double TOLERANCE = 1e-6;

  /**
   * Patients per batch unless asked otherwise: both backends keep every profile here, so batches
   * stay smaller than a GPU run's.
   */
  public static final int BATCH = 1 << 16;

  /**
   * What a check found.
   *
   * @param patients the patients compared
   * @param worst the largest relative difference of a metric or grid value
   * @param worstWhere where it is, or empty
   * @param mismatches values (and statuses) beyond the tolerance
   * @param counted whether the checked backend counted bands itself
   * @param countsAgree whether those counts equal its values counted here (true when not counted)
   * @param bandsEqual band percentiles equal to the CPU's
   * @param bandsOneBucketApart band percentiles one bucket from the CPU's
   * @param bandsFarther band percentiles farther from the CPU's
   */
  public record Report(
      long patients,
      double worst,
      String worstWhere,
      long mismatches,
      boolean counted,
      boolean countsAgree,
      long bandsEqual,
      long bandsOneBucketApart,
      long bandsFarther) {
    /** Whether every check passed. */
    public boolean passed() {
      return mismatches == 0 && countsAgree && bandsFarther == 0;
    }
  }

  private final int outputs;
  private final int gridSize;
  private final BandAccumulator cpuBands;
  private final BandAccumulator checkedValueBands;
  private final BandAccumulator checkedCountedBands;
  private boolean counted;
  private double worst;
  private String worstWhere = "";
  private long mismatches;

  private SelfTest(int outputs, int gridSize) {
    this.outputs = outputs;
    this.gridSize = gridSize;
    this.cpuBands = new BandAccumulator(outputs, gridSize);
    this.checkedValueBands = new BandAccumulator(outputs, gridSize);
    this.checkedCountedBands = new BandAccumulator(outputs, gridSize);
  }

  /** Told the two backends' descriptions before the comparison starts. */
  @FunctionalInterface
  public interface Start {
    void comparing(String checked, String reference);
  }

  /**
   * Checks the backend of {@code execution} against the CPU backend on the first {@code patients}
   * patients of a scenario, in batches of the execution's batch size (else {@value #BATCH}).
   *
   * @throws InvalidInputException naming {@code backend} when the CUDA backend cannot run here
   */
  public static Report run(
      Scenario scenario, long seed, long patients, Execution execution, Start start) {
    if (execution.backend() != BackendChoice.CPU) {
      Backends.cudaObstacle(
              new CompartmentSystem(scenario.model(), scenario.regimen().infusionCompartment()),
              scenario.schedule())
          .ifPresent(
              obstacle -> {
                throw new InvalidInputException(
                    "backend",
                    execution.backend().key(),
                    "a CUDA device that works ("
                        + obstacle.detail()
                        + "): selftest checks one against the CPU backend");
              });
    }
    Execution checkedExecution =
        execution.withBatchSize(OptionalInt.of(execution.batchSize().orElse(BATCH)));
    try (Simulation checked = Simulation.open(scenario, seed, checkedExecution)) {
      int capacity = checked.batchCapacity(patients);
      Execution referenceExecution =
          execution.withBackend(BackendChoice.CPU).withBatchSize(OptionalInt.of(capacity));
      try (Simulation reference = Simulation.open(scenario, seed, referenceExecution);
          Workers workers = new Workers(execution.threads())) {
        start.comparing(
            checked.backendDescription(patients), reference.backendDescription(patients));
        SelfTest test = new SelfTest(scenario.model().outputs().size(), scenario.grid().size());
        // Both sample the same patients: patient i depends only on the seed and i.
        Optional<BandCounter> counter = checked.bandCounter(patients);
        for (long first = 0; first < patients; first += capacity) {
          PatientRange range = new PatientRange(first, Math.min(patients, first + capacity));
          test.compare(reference.profiles(range), checked.profiles(range), workers);
        }
        counter.ifPresent(c -> test.addCounted(c.take()));
        return test.report(patients);
      }
    }
  }

  private void compare(Simulation.Profiles expected, Simulation.Profiles actual, Workers workers) {
    int count = expected.batch().size();
    cpuBands.recordProfiles(expected.result(), count, workers);
    checkedValueBands.recordProfiles(actual.result(), count, workers);
    for (int i = 0; i < count; i++) {
      comparePatient(expected.result(), actual.result(), i, expected.batch().index(i) + 1);
    }
  }

  /** The band counts the checked backend made itself of every batch. */
  private void addCounted(int[] counts) {
    counted = true;
    checkedCountedBands.add(counts);
  }

  private void comparePatient(BatchResult expected, BatchResult actual, int i, long patient) {
    if (expected.status(i) != actual.status(i)) {
      mismatches++;
      return;
    }
    for (int k = 0; k < outputs; k++) {
      for (Metric metric : Metric.ALL) {
        note(
            relative(expected.metric(k, metric, i), actual.metric(k, metric, i)),
            "patient " + patient + " output " + k + " " + metric.key());
      }
      for (int g = 0; g < gridSize; g++) {
        note(
            relative(expected.concentration(k, g, i), actual.concentration(k, g, i)),
            "patient " + patient + " output " + k + " grid point " + g);
      }
    }
  }

  private void note(double difference, String where) {
    if (difference > worst) {
      worst = difference;
      worstWhere = where;
    }
    mismatches += difference > TOLERANCE ? 1 : 0;
  }

  /**
   * The report; a band percentile is a bucket's value: equal to the CPU's, or a bucket away when a
   * value lies within rounding of a bucket edge.
   */
  private Report report(long patients) {
    long equal = 0;
    long oneBucket = 0;
    long farther = 0;
    for (int k = 0; k < outputs; k++) {
      for (int g = 0; g < gridSize; g++) {
        for (int level = 0; level < Percentiles.count(); level++) {
          double percent = Percentiles.level(level);
          double cpu = cpuBands.percentile(k, g, percent);
          double other = checkedValueBands.percentile(k, g, percent);
          if (relative(cpu, other) <= TOLERANCE) {
            equal++;
          } else if (Math.abs(BandBuckets.of(cpu) - BandBuckets.of(other)) == 1) {
            oneBucket++;
          } else {
            farther++;
          }
        }
      }
    }
    boolean countsAgree = !counted || checkedCountedBands.sameCounts(checkedValueBands);
    return new Report(
        patients, worst, worstWhere, mismatches, counted, countsAgree, equal, oneBucket, farther);
  }

  /** The relative difference; 0 for two NaNs (a band without solved patients on both sides). */
  private static double relative(double a, double b) {
    if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
      return 0;
    }
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }
}
