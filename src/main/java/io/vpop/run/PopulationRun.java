package io.vpop.run;

import io.vpop.backend.Backend;
import io.vpop.backend.BatchResult;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import java.io.IOException;
import java.util.concurrent.ExecutorService;

/**
 * The flow of a population run, left to right: patients are sampled in batches of fixed index
 * ranges, solved by a backend, and fed in index order to the statistics (and to a per-patient sink,
 * if any). Only one batch is held at a time, so memory does not grow with the number of patients.
 */
public final class PopulationRun {
  /** Receives each solved batch, in index order. */
  @FunctionalInterface
  public interface Sink {
    void accept(PatientBatch batch, BatchResult result) throws IOException;
  }

  /** Told how many patients are done after each batch. */
  @FunctionalInterface
  public interface Progress {
    void done(long patients);
  }

  private PopulationRun() {}

  /**
   * Runs {@code patients} patients.
   *
   * @param executor threads for sampling and band statistics
   * @param threads how many of them to use
   */
  public static void run(
      PopulationSampler sampler,
      Backend backend,
      long patients,
      PatientBatch batch,
      BatchResult result,
      ExecutorService executor,
      int threads,
      Sink sink,
      Progress progress)
      throws IOException {
    for (long first = 0; first < patients; first += batch.capacity()) {
      int count = (int) Math.min(batch.capacity(), patients - first);
      sampler.fill(batch, first, count, executor, threads);
      backend.solve(batch, result);
      sink.accept(batch, result);
      progress.done(first + count);
    }
  }
}
