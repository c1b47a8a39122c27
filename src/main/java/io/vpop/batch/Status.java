package io.vpop.batch;

/** Why a patient's solve succeeded or failed; a failed patient is counted, not dropped silently. */
public enum Status {
  OK,
  /** A value became NaN or infinite. */
  NON_FINITE,
  /** The adaptive step size fell below the smallest step the time resolution allows. */
  STEP_SIZE_UNDERFLOW,
  /** The adaptive integrator took more steps than it is allowed. */
  STEP_LIMIT,
  /**
   * The patient's own lag time or infusion duration is not one the timeline takes: a single dose
   * would arrive after the horizon, a repeated dose (with its infusion) would not be in before the
   * next one is given, or an infusion would last no time.
   */
  TIMING_OUT_OF_RANGE
}
