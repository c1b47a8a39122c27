package io.vpop.run;

import io.vpop.backend.Backend;
import io.vpop.backend.BatchResult;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The flow of a population run, left to right: patients are sampled in batches of fixed index
 * ranges, solved by a backend, and fed in index order to the statistics (and to a per-patient sink,
 * if any). One batch is held at a time (two for a GPU), so memory does not grow with the number of
 * patients.
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

  /** A batch of patients and the result it is solved into. */
  public record Slot(PatientBatch batch, BatchResult result) {}

  /**
   * Runs {@code patients} patients. With a backend that {@link Backend#overlaps overlaps}, through
   * two slots in turn: while it solves one batch (on a GPU, without holding this thread), the next
   * is sampled into the other slot and the one before is fed to the sink. Otherwise through one
   * slot: sample, solve, sink. The sink sees the batches one at a time, in index order, either way.
   *
   * @param slots makes a slot (called once, or twice for a backend that overlaps)
   * @param executor threads for sampling and statistics
   * @param threads how many of them to use
   */
  public static void run(
      PopulationSampler sampler,
      Backend backend,
      long patients,
      Supplier<Slot> slots,
      ExecutorService executor,
      int threads,
      Sink sink,
      Progress progress)
      throws IOException {
    if (!backend.overlaps()) {
      Slot slot = slots.get();
      for (long first = 0; first < patients; first += slot.batch().capacity()) {
        int count = (int) Math.min(slot.batch().capacity(), patients - first);
        sampler.fill(slot.batch(), first, count, executor, threads);
        backend.solve(slot.batch(), slot.result());
        sink.accept(slot.batch(), slot.result());
        progress.done(first + count);
      }
      return;
    }
    Slot[] pair = {slots.get(), slots.get()};
    Slot solving = null;
    long solvedUpTo = 0;
    int capacity = pair[0].batch().capacity();
    int turn = 0;
    for (long first = 0; first < patients; first += capacity) {
      int count = (int) Math.min(capacity, patients - first);
      Slot next = pair[turn++ % 2];
      sampler.fill(next.batch(), first, count, executor, threads);
      backend.finish();
      backend.start(next.batch(), next.result());
      if (solving != null) {
        sink.accept(solving.batch(), solving.result());
        progress.done(solvedUpTo);
      }
      solving = next;
      solvedUpTo = first + count;
    }
    backend.finish();
    sink.accept(solving.batch(), solving.result());
    progress.done(solvedUpTo);
  }
}
