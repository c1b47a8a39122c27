package io.vpop.run;

/** Told how many patients of a run are done, after each batch. */
@FunctionalInterface
public interface Progress {
  /** Says nothing. */
  Progress NONE = patients -> {};

  /**
   * @param patients the patients done so far, counted from the start of the run's range
   */
  void done(long patients);
}
