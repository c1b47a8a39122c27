package io.vpop.scenario;

import java.util.List;

/**
 * The simulated measurements a scenario asks for ({@code observations:}): at each listed time, one
 * observation of each observed output, its exact prediction scattered by the output's residual
 * error, and flagged below the limit of quantification where the output has one.
 *
 * @param timesH the sampling times, increasing, in h from the first dose
 * @param outputs the model indices of the observed outputs, in the order listed
 * @param lloq each observed output's lower limit of quantification in its unit, in the order of
 *     {@code outputs}; 0 for none
 */
public record Observations(List<Double> timesH, List<Integer> outputs, List<Double> lloq) {
  public Observations {
    timesH = List.copyOf(timesH);
    outputs = List.copyOf(outputs);
    lloq = List.copyOf(lloq);
  }

  /** The most sampling times a scenario may list. */
  public static final int MAX_TIMES = 10_000;

  /** Observations per patient: every time, every observed output. */
  public int perPatient() {
    return timesH.size() * outputs.size();
  }
}
