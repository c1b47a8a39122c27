package io.vpop.run;

import io.vpop.Workers;
import io.vpop.backend.Backend;
import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import io.vpop.population.PopulationSampler;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The flow of a population run, left to right: patients are sampled in batches of fixed index
 * ranges, solved by a backend, and fed in index order to a sink (the statistics, and a per-patient
 * file if any). One batch is held at a time (two for a GPU), so memory does not grow with the
 * number of patients.
 */
final class PopulationRun {
  private PopulationRun() {}

  /** A batch of patients and the result it is solved into. */
  record Slot(PatientBatch batch, BatchResult result) {}

  /**
   * Runs the patients of {@code range}. With a backend that {@link Backend#overlaps overlaps},
   * through two slots in turn: while it solves one batch (on a GPU, without holding this thread),
   * the next is sampled into the other slot and the one before is fed to the sink. Otherwise
   * through one slot: sample, solve, sink. The sink sees the batches one at a time, in index order,
   * either way.
   *
   * @param slots makes a slot (called once, or twice for a backend that overlaps)
   * @param workers threads for sampling
   */
  static void run(
      PopulationSampler sampler,
      Backend backend,
      PatientRange range,
      Supplier<Slot> slots,
      Workers workers,
      PatientSink sink,
      Progress progress)
      throws IOException {
    if (!backend.overlaps()) {
      Slot slot = slots.get();
      for (long first = range.first(); first < range.end(); first += slot.batch().capacity()) {
        int count = (int) Math.min(slot.batch().capacity(), range.end() - first);
        sampler.fill(slot.batch(), first, count, workers);
        backend.solve(slot.batch(), slot.result());
        sink.accept(slot.batch(), slot.result());
        progress.done(first + count - range.first());
      }
      return;
    }
    Slot[] pair = {slots.get(), slots.get()};
    Slot solving = null;
    long solvedUpTo = range.first();
    int capacity = pair[0].batch().capacity();
    int turn = 0;
    for (long first = range.first(); first < range.end(); first += capacity) {
      int count = (int) Math.min(capacity, range.end() - first);
      Slot next = pair[turn++ % 2];
      sampler.fill(next.batch(), first, count, workers);
      backend.finish();
      backend.start(next.batch(), next.result());
      if (solving != null) {
        sink.accept(solving.batch(), solving.result());
        progress.done(solvedUpTo - range.first());
      }
      solving = next;
      solvedUpTo = first + count;
    }
    backend.finish();
    if (solving != null) {
      sink.accept(solving.batch(), solving.result());
      progress.done(solvedUpTo - range.first());
    }
  }
}
