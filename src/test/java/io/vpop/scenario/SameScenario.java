package io.vpop.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vpop.solve.TimeGrid;
import java.util.stream.IntStream;

/**
 * Compares two loaded scenarios part by part, for tests: everything a run uses, but not the text
 * they were read from (comments may differ) and the model by name (each load parses its own).
 */
public final class SameScenario {
  private SameScenario() {}

  /** Fails, naming the first part that differs, unless the two scenarios simulate the same. */
  public static void assertSame(Scenario expected, Scenario actual, String what) {
    assertEquals(expected.name(), actual.name(), what + ": name");
    assertEquals(expected.description(), actual.description(), what + ": description");
    assertEquals(expected.model().name(), actual.model().name(), what + ": model");
    assertEquals(expected.parameterSet(), actual.parameterSet(), what + ": parameter set");
    assertEquals(expected.typicalPatient(), actual.typicalPatient(), what + ": typical patient");
    assertEquals(expected.demographics(), actual.demographics(), what + ": population");
    assertEquals(expected.variability(), actual.variability(), what + ": omega");
    assertEquals(expected.regimen(), actual.regimen(), what + ": regimen");
    assertArrayEquals(times(expected.grid()), times(actual.grid()), what + ": time grid");
    assertEquals(expected.modifiers(), actual.modifiers(), what + ": modifiers");
    assertEquals(expected.targets(), actual.targets(), what + ": targets");
    assertEquals(expected.perPatient(), actual.perPatient(), what + ": outputs.per_patient");
    assertEquals(expected.plots(), actual.plots(), what + ": outputs.plots");
  }

  private static double[] times(TimeGrid grid) {
    return IntStream.range(0, grid.size()).mapToDouble(grid::time).toArray();
  }
}
