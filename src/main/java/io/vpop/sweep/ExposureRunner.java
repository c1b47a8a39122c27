package io.vpop.sweep;

import io.vpop.InvalidInputException;
import io.vpop.backend.Backend;
import io.vpop.backend.Backends;
import io.vpop.backend.BatchResult;
import io.vpop.model.Model;
import io.vpop.model.ParameterSet;
import io.vpop.population.Demographics;
import io.vpop.population.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.population.VariabilityRule;
import io.vpop.regimen.Regimen;
import io.vpop.run.PopulationRun;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import io.vpop.solve.TimeGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;

/**
 * Simulates a population on a regimen and returns one exposure metric per patient, in index order.
 * Every call with the same demographics uses the same virtual patients (the streams depend only on
 * the seed and the patient index): common random numbers, so exposure is a smooth function of the
 * dose. Keeps the backend of its last run for the next one with the same timeline: close it when
 * done. Not thread-safe.
 */
public final class ExposureRunner implements AutoCloseable {
  private final Model model;
  private final ParameterSet parameterSet;
  private final VariabilityRule variability;
  private final double[] modifierFactors;
  private final Exposure exposure;
  private final String backend;
  private final int patients;
  private final Integer batchSize;
  private final long seed;
  private final ExecutorService executor;
  private final int threads;
  private final CompartmentSystem system;
  private Backend solver;
  private Schedule solverSchedule;

  /**
   * @param backend auto, cpu or cuda ({@link Backends#select})
   * @param batchSize patients per batch, or null for the backend's choice (the results do not
   *     depend on it)
   * @param executor threads for sampling and statistics
   */
  public ExposureRunner(
      Model model,
      ParameterSet parameterSet,
      VariabilityRule variability,
      double[] modifierFactors,
      Exposure exposure,
      String backend,
      int patients,
      Integer batchSize,
      long seed,
      ExecutorService executor,
      int threads) {
    this.model = model;
    this.parameterSet = parameterSet;
    this.variability = variability;
    this.modifierFactors = modifierFactors.clone();
    this.exposure = exposure;
    this.backend = backend;
    this.patients = patients;
    this.batchSize = batchSize;
    this.seed = seed;
    this.executor = executor;
    this.threads = threads;
    this.system = new CompartmentSystem(model);
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
    Schedule schedule = new Schedule(regimen, grid);
    PopulationSampler sampler =
        new PopulationSampler(
            model, parameterSet, demographics, variability, regimen, modifierFactors, seed);
    double[] values = new double[patients];
    Backend solver = solverFor(schedule);
    int capacity = solver.batchCapacity();
    try {
      // An exposure is a metric: no profiles, no bands.
      PopulationRun.run(
          sampler,
          solver,
          patients,
          () ->
              new PopulationRun.Slot(
                  new PatientBatch(capacity, regimen.infusions().size(), system.parameterCount()),
                  new BatchResult(capacity, system.outputs(), grid.size(), false, false)),
          executor,
          threads,
          (rows, results) -> {
            for (int i = 0; i < rows.size(); i++) {
              if (results.status(i) != PatientResult.Status.OK) {
                throw InvalidInputException.of(
                    "patients",
                    "patient "
                        + (rows.index(i) + 1)
                        + " failed to solve ("
                        + results.status(i)
                        + ")");
              }
              values[(int) rows.index(i)] = results.metric(exposure.output(), exposure.metric(), i);
            }
          },
          done -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  /**
   * The backend of the last run when the schedule has its timeline (a dose search changes only the
   * amounts), else a new one: a GPU backend costs a context, a module and pinned buffers to make.
   */
  private Backend solverFor(Schedule schedule) {
    if (solver != null && solverSchedule.sameTimeline(schedule)) {
      return solver;
    }
    close();
    solver =
        Backends.select(
            backend, system, schedule, SolverKind.EXACT, threads, batchSize, patients, line -> {});
    solverSchedule = schedule;
    return solver;
  }

  /** Releases the backend of the last run (threads, or a GPU context). */
  @Override
  public void close() {
    if (solver != null) {
      Backend last = solver;
      solver = null;
      solverSchedule = null;
      last.close();
    }
  }
}
