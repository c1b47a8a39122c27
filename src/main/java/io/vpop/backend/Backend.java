package io.vpop.backend;

import io.vpop.population.PatientBatch;

/**
 * Solves batches of patients: structure-of-arrays parameters in, metrics and grid values out. A
 * backend is built for one model and schedule and may hold threads or device memory: close it when
 * done.
 */
public interface Backend extends AutoCloseable {
  /** A short name for reports, e.g. {@code cpu (2 threads, exact)}. */
  String description();

  /** Solves every patient of the batch into {@code result} (slots 0 to batch.size() - 1). */
  void solve(PatientBatch batch, BatchResult result);

  @Override
  void close();
}
