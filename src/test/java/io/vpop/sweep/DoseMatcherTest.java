package io.vpop.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where the dose search starts. */
class DoseMatcherTest {
  @Test
  void aPowerLawStartsAtItsOwnRoot() {
    // Exposure 3 d^0.8 between 1 and 300 mg/m2: the goal 3 * 12^0.8 lies at 12.
    double low = 3 * Math.pow(1, 0.8);
    double high = 3 * Math.pow(300, 0.8);
    assertEquals(12.0, DoseMatcher.powerLawStart(1, low, 300, high, 3 * Math.pow(12, 0.8)), 1e-12);
    // Linear: exposure proportional to dose.
    assertEquals(40.0, DoseMatcher.powerLawStart(10, 5, 100, 50, 20), 1e-12);
  }

  @Test
  void withoutAPowerLawItStartsInTheMiddle() {
    assertEquals(
        150.5, DoseMatcher.powerLawStart(1, 0, 300, 10, 5), "no exposure at the low bound");
    assertEquals(150.5, DoseMatcher.powerLawStart(1, 7, 300, 7, 7), "flat");
    assertEquals(150.5, DoseMatcher.powerLawStart(1, 1, 300, 10, 50), "goal beyond the range");
  }
}
