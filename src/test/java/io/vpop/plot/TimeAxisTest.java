package io.vpop.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    "336, days, 7",
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
    // At most 12 intervals, and the smaller round step would give more.
    double end = axis.x(endH);
    assertEquals(true, end / step <= 12, "intervals: " + end / step);
  }
}
