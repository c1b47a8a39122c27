package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.batch.Status;
import io.vpop.population.Demographics;
import io.vpop.regimen.Regimen;
import io.vpop.run.PatientRange;
import io.vpop.run.Simulation;
import io.vpop.solve.TimeGrid;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Simulates a population on a regimen and returns one exposure metric per patient, in index order.
 * Every call with the same demographics uses the same virtual patients (the streams depend only on
 * the seed and the patient index): common random numbers, so exposure is a smooth function of the
 * dose. The runs go through one {@link Simulation}, which keeps its backend from run to run while
 * the timeline stays the same. Not thread-safe.
 */
public final class ExposureRunner {
  private final Simulation simulation;
  private final Exposure exposure;
  private final int patients;

  /**
   * @param simulation the scenario whose model, parameter set, variability and modifiers apply
   * @param patients the patients of every run
   */
  public ExposureRunner(Simulation simulation, Exposure exposure, int patients) {
    this.simulation = simulation;
    this.exposure = exposure;
    this.patients = patients;
  }

  public Exposure exposure() {
    return exposure;
  }

  /**
   * The exposure of every patient of {@code demographics} on {@code regimen}, its profile on {@code
   * grid}.
   *
   * @throws InvalidInputException if a patient's solve fails (the sweep cannot leave patients out:
   *     its comparisons need the same patients at every dose)
   */
  public double[] run(Demographics demographics, Regimen regimen, TimeGrid grid) {
    Simulation cell = simulation.with(simulation.scenario().with(demographics, regimen, grid));
    double[] values = new double[patients];
    try {
      // An exposure is a metric: no profiles, no bands.
      cell.population(
          PatientRange.of(patients),
          Simulation.Bands.SKIP,
          (batch, results) -> {
            for (int i = 0; i < batch.size(); i++) {
              if (results.status(i) != Status.OK) {
                throw InvalidInputException.of(
                    "patients",
                    "patient "
                        + (batch.index(i) + 1)
                        + " failed to solve ("
                        + results.status(i)
                        + ")");
              }
              values[(int) batch.index(i)] =
                  results.metric(exposure.output(), exposure.metric(), i);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }
}
