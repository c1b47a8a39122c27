package io.vpop.run;

import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import java.io.IOException;

/**
 * Receives a run's solved batches one at a time, in index order: the patients (slots 0 to {@code
 * batch.size() - 1}) and their results. Both are reused for the next batch once this returns.
 */
@FunctionalInterface
public interface PatientSink {
  /** Takes nothing. */
  PatientSink NONE = (batch, result) -> {};

  void accept(PatientBatch batch, BatchResult result) throws IOException;
}
