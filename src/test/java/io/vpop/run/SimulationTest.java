package io.vpop.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vpop.backend.BackendChoice;
import io.vpop.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** What a simulation keeps from run to run. */
class SimulationTest {
  /**
   * A backend kept from a small run would solve a large one in batches of the small run's size: the
   * simulation makes a new one then, and keeps it while it is large enough.
   */
  @Test
  void aBackendMadeForAFewPatientsIsNotKeptForMany() {
    Execution execution = Execution.defaults().withThreads(1).withBackend(BackendChoice.CPU);
    try (Simulation simulation =
        Simulation.open(ScenarioLoader.preset("adult-label", "preset"), 3, execution)) {
      assertEquals(3, simulation.batchCapacity(3));
      assertEquals(1024, simulation.batchCapacity(20_000));
      assertEquals(1024, simulation.batchCapacity(5));
      assertEquals(1024, simulation.batchCapacity(50_000));
    }
  }
}
