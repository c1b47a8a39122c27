package io.vpop.run;

import io.vpop.InvalidInputException;
import io.vpop.batch.BatchResult;
import io.vpop.batch.PatientBatch;
import io.vpop.batch.Status;
import io.vpop.model.ResidualError;
import io.vpop.population.PatientStream;
import io.vpop.scenario.Observations;
import io.vpop.scenario.Scenario;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.PatientResult;
import io.vpop.solve.PatientSolver;
import io.vpop.solve.SolverKind;
import io.vpop.solve.TimeGrid;
import java.util.Arrays;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Simulates a scenario's {@link Observations} for the patients of solved batches: each patient is
 * solved again, by the run's solver, on the sampling times (with 0 h and the horizon), and each
 * observation is its exact prediction (IPRED) scattered by the output's residual error. The
 * deviates come from the patient's own stream under (seed, {@value #STREAM_KEY_TEXT}), one per
 * observation in time order then output order, so observations change no other output and are the
 * same whatever the thread count, batch size or backend. Reused from patient to patient; not
 * thread-safe.
 */
public final class Observer {
  /** The observations' Philox stream key: the bytes of {@value #STREAM_KEY_TEXT}. */
  static final long STREAM_KEY = 0x7670_6f70_5f6f_6273L;

  static final String STREAM_KEY_TEXT = "vpop_obs";

  private final Observations plan;
  private final long seed;
  private final PatientSolver solver;
  private final PatientResult solved;

  /** The grid index of the first sampling time: 0 when it is 0 h, else 1 (after 0 h). */
  private final int firstGridIndex;

  private final int[] observed;
  private final double[] lloq;
  private final ResidualError[] errors;
  private final double[] parameters;
  private final double[] doses;
  private final PatientStream rng = new PatientStream();
  private final ZigguratSampler.NormalizedGaussian normal =
      ZigguratSampler.NormalizedGaussian.of(rng);
  private final double[] ipred;
  private final double[] dv;
  private final boolean[] blq;

  /**
   * @throws InvalidInputException naming {@code observations.times_h} if a time lies past the
   *     scenario's horizon (a grid replaced after the file was read)
   */
  Observer(Scenario scenario, CompartmentSystem system, SolverKind kind, long seed) {
    this.plan = scenario.observations().orElseThrow();
    this.seed = seed;
    double horizon = scenario.grid().endH();
    double last = plan.timesH().get(plan.timesH().size() - 1);
    if (last > horizon) {
      throw new InvalidInputException(
          "observations.times_h", last, "times up to the horizon " + horizon + " h");
    }
    double[] times = new double[plan.timesH().size() + 2];
    int count = 0;
    times[count++] = 0;
    for (double t : plan.timesH()) {
      if (t > 0) {
        times[count++] = t;
      }
    }
    if (last < horizon) {
      times[count++] = horizon;
    }
    TimeGrid grid = TimeGrid.of(Arrays.copyOf(times, count));
    this.firstGridIndex = plan.timesH().get(0) > 0 ? 1 : 0;
    this.observed = plan.outputs().stream().mapToInt(Integer::intValue).toArray();
    this.lloq = plan.lloq().stream().mapToDouble(Double::doubleValue).toArray();
    this.solver = kind.create(system, scenario.schedule(grid));
    this.solved = new PatientResult(system.outputs(), grid.size());
    this.errors = new ResidualError[observed.length];
    for (int k = 0; k < errors.length; k++) {
      errors[k] = scenario.model().outputs().get(observed[k]).residualError().orElseThrow();
    }
    this.parameters = new double[system.parameterCount()];
    this.doses = new double[scenario.regimen().lines().size()];
    this.ipred = new double[plan.perPatient()];
    this.dv = new double[plan.perPatient()];
    this.blq = new boolean[plan.perPatient()];
  }

  public Observations plan() {
    return plan;
  }

  /**
   * Observes the patient in {@code slot} of a solved batch: afterwards {@link #ipred}, {@link #dv}
   * and {@link #belowLimit} hold its observations, observation j of time t and observed output k at
   * {@code t * outputs + k}.
   *
   * @return false, observing nothing, for a patient whose run failed (its status says why) or whose
   *     solve on the sampling times fails
   */
  public boolean observe(PatientBatch batch, int slot, BatchResult result) {
    if (result.status(slot) != Status.OK) {
      return false;
    }
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] = batch.parameter(p, slot);
    }
    for (int line = 0; line < doses.length; line++) {
      doses[line] = batch.doseMg(line, slot);
    }
    solver.solve(parameters, doses, solved);
    if (solved.status() != Status.OK) {
      return false;
    }
    rng.restart(seed, STREAM_KEY, batch.index(slot));
    int outputs = errors.length;
    int times = plan.timesH().size();
    for (int t = 0; t < times; t++) {
      for (int k = 0; k < outputs; k++) {
        int j = t * outputs + k;
        ipred[j] = solved.concentration(observed[k], firstGridIndex + t);
        double value = errors[k].observe(ipred[j], normal.sample());
        blq[j] = lloq[k] > 0 && value < lloq[k];
        dv[j] = blq[j] ? lloq[k] : value;
      }
    }
    return true;
  }

  /** Observation j's exact prediction, in its output's unit. */
  public double ipred(int j) {
    return ipred[j];
  }

  /** Observation j's observed value; the limit where it is {@link #belowLimit}. */
  public double dv(int j) {
    return dv[j];
  }

  /** Whether observation j fell below its output's limit of quantification. */
  public boolean belowLimit(int j) {
    return blq[j];
  }
}
