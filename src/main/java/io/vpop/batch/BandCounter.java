package io.vpop.batch;

/**
 * The band counts a backend makes itself of every batch it solves (a GPU, where profiles would have
 * to cross the bus): a run's statistics ask a backend for one instead of its profiles.
 */
@FunctionalInterface
public interface BandCounter {
  /**
   * The counts of the batches solved since the counter was made, {@code counts[row *
   * BandBuckets.COUNT + bucket]} for row {@code output * gridSize + g}; counting then stops. Call
   * it once, with no batch in flight.
   *
   * @throws IllegalStateException when called again, or after a newer counter of the same backend
   */
  int[] take();
}
