package io.vpop.backend;

import io.vpop.batch.BandCounter;
import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import java.util.Optional;

/**
 * Solves batches of patients: structure-of-arrays parameters in, metrics and grid values out. A
 * backend is built for one model and timeline (it solves every schedule that differs only in its
 * dose amounts) and may hold threads or device memory: close it when done.
 */
public interface Backend extends AutoCloseable {
  /** A short name for reports, e.g. {@code cpu (2 threads, exact)}. */
  String description();

  /**
   * The patients per batch this backend was made for (the batches and results it is given must have
   * this capacity): as asked, or the backend's own choice.
   */
  int batchCapacity();

  /**
   * Starts solving every patient of the batch into {@code result} (slots 0 to batch.size() - 1),
   * with the profiles if the result {@link BatchResult#hasProfiles() keeps them}. Once this returns
   * the batch may be refilled; the result is complete when {@link #finish} returns. A backend may
   * do all the work here (the CPU) or queue it on a device and return at once (the GPU), so that
   * the caller samples the next batch and takes in the last one meanwhile.
   */
  void start(PatientBatch batch, BatchResult result);

  /** Waits until the batch started last is solved into its result. */
  void finish();

  /** Solves a batch: {@link #start}, then {@link #finish}. */
  default void solve(PatientBatch batch, BatchResult result) {
    start(batch, result);
    finish();
  }

  /**
   * Whether {@link #start} returns before the batch is solved (the GPU), so that a run gains by
   * holding a second batch to sample meanwhile.
   */
  default boolean overlaps() {
    return false;
  }

  /** The device time of the batches solved so far, for a backend that measures it (the GPU). */
  default Optional<DeviceTime> deviceTime() {
    return Optional.empty();
  }

  /**
   * Asks this backend to count the concentration bands of every batch it solves from now on itself
   * (a GPU, so that profiles need not cross the bus), from zero, until the counter's counts are
   * taken: a run asks for a counter when it starts and takes its counts when it ends.
   *
   * @return the counter, or empty when this backend does not count bands: then the bands need the
   *     batches' profiles
   */
  default Optional<BandCounter> bandCounter() {
    return Optional.empty();
  }

  @Override
  void close();
}
