package io.vpop.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vpop.Workers;
import io.vpop.backend.Backend;
import io.vpop.backend.CpuBackend;
import io.vpop.batch.BatchResult;
import io.vpop.batch.Metric;
import io.vpop.batch.PatientBatch;
import io.vpop.population.PopulationSampler;
import io.vpop.scenario.Scenario;
import io.vpop.scenario.ScenarioLoader;
import io.vpop.solve.CompartmentSystem;
import io.vpop.solve.Schedule;
import io.vpop.solve.SolverKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PopulationRun with a backend that works only when asked to finish, as the GPU does: a batch
 * sampled into the slot still being solved, or a sink fed the wrong slot, would change the answers.
 */
class PopulationRunPipelineTest {
  private static final int PATIENTS = 2_500;
  private static final int CAPACITY = 300;

  private final Workers workers = new Workers(2);

  @AfterEach
  void stop() {
    workers.close();
  }

  /** Solves on finish(), from the batch it was started with. */
  private static final class DeferredBackend implements Backend {
    private final CpuBackend cpu;
    private PatientBatch batch;
    private BatchResult result;

    DeferredBackend(CpuBackend cpu) {
      this.cpu = cpu;
    }

    @Override
    public String description() {
      return "deferred " + cpu.description();
    }

    @Override
    public void start(PatientBatch batch, BatchResult result) {
      this.batch = batch;
      this.result = result;
    }

    @Override
    public void finish() {
      if (batch != null) {
        cpu.solve(batch, result);
        batch = null;
      }
    }

    @Override
    public boolean overlaps() {
      return true;
    }

    @Override
    public int batchCapacity() {
      return cpu.batchCapacity();
    }

    @Override
    public void close() {
      cpu.close();
    }
  }

  @Test
  void aDeferredBackendSeesEveryPatientOnceInOrder() throws Exception {
    double[] direct = cmax(false);
    double[] deferred = cmax(true);
    assertArrayEquals(direct, deferred);
  }

  /**
   * The Cmax of every patient, in index order, checking that the sink sees the indices in order.
   */
  private double[] cmax(boolean deferred) throws Exception {
    Scenario scenario = ScenarioLoader.preset("adult-label", "preset");
    CompartmentSystem system = new CompartmentSystem(scenario.model());
    Schedule schedule = new Schedule(scenario.regimen(), scenario.grid());
    PopulationSampler sampler = scenario.sampler(scenario.modifierFactors("modifiers"), 7);
    int lines = scenario.regimen().lines().size();
    double[] cmax = new double[PATIENTS];
    long[] next = {0};
    CpuBackend cpu = new CpuBackend(system, schedule, SolverKind.EXACT, workers, CAPACITY);
    try (Backend backend = deferred ? new DeferredBackend(cpu) : cpu) {
      PopulationRun.run(
          sampler,
          backend,
          PatientRange.of(PATIENTS),
          () ->
              new PopulationRun.Slot(
                  new PatientBatch(
                      CAPACITY, lines, system.parameterCount(), scenario.etaParameters().size()),
                  new BatchResult(CAPACITY, system.outputs(), scenario.grid().size(), false)),
          workers,
          (batch, result) -> {
            for (int i = 0; i < batch.size(); i++) {
              assertEquals(next[0]++, batch.index(i));
              cmax[(int) batch.index(i)] = result.metric(0, Metric.CMAX, i);
            }
          },
          Progress.NONE);
    }
    assertEquals(PATIENTS, next[0]);
    return cmax;
  }
}
