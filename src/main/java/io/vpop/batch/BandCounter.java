package io.vpop.batch;

/**
 * The band counts a backend makes itself of every batch it solves (a GPU, where profiles would have
 * to cross the bus): a run's statistics ask a backend for one instead of its profiles.
 */
@FunctionalInterface
public interface BandCounter {
  /**
   * The counts of the batches solved since the last call, {@code counts[row * BandBuckets.COUNT +
   * bucket]} for row {@code output * gridSize + g}, which then start again from zero. Call it with
   * no batch in flight.
   */
  int[] take();
}
