package io.vpop.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Time ticks fall on round values: hours up to 12 days, whole weeks beyond. */
class TimeAxisTest {
  @ParameterizedTest(name = "{0} h: every {2} {1}")
  @CsvSource({
    "6, h, 1",
    "24, h, 2",
    "48, h, 4",
    "72, h, 6",
    "168, h, 24",
    "288, h, 24",
    "336, days, 2",
    "576, days, 2",
    "600, days, 7",
    "672, days, 7",
    "2016, days, 7",
    "2184, days, 14",
    "4368, days, 28",
    "8760, days, 56",
    "1000000, days, 3640"
  })
  void ticksAreRound(double endH, String unit, double step) {
    TimeAxis axis = TimeAxis.of(endH);
    assertEquals(unit.equals("h") ? 1 : 24, axis.hoursPerUnit());
    assertEquals(step, axis.step());
    // At most 12 intervals, and the next smaller round step would give more.
    double end = axis.x(endH);
    assertTrue(end / step <= 12, "intervals: " + end / step);
    double[] steps =
        unit.equals("h")
            ? new double[] {1, 2, 3, 4, 6, 12, 24}
            : new double[] {2, 7, 14, 28, 56, 84, 182, 364, 728, 1820, 3640};
    for (double smaller : steps) {
      if (smaller < step) {
        assertTrue(end / smaller > 12, "a step of " + smaller + " would do: " + end / smaller);
      }
    }
  }
}
