package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The peak search's first estimate: the root of a slope's cubic Hermite interpolant. For a slope
 * that is itself a cubic, the interpolant is the slope, so the estimate is its root to the search's
 * tolerance; slopes out of range still give a point inside the segment.
 */
class HermiteRootTest {
  @ParameterizedTest(name = "root at {0} h of a {1} h segment")
  @CsvSource({"0.3, 1", "0.01, 0.5", "0.49, 0.5", "17, 24", "2.5, 4"})
  void aCubicSlopesRootIsFound(double root, double h) {
    // s(t) = -(t - root)(1 + t^2), decreasing through the root: a cubic with one real root.
    double s0 = slope(0, root);
    double s1 = slope(h, root);
    double c0 = derivative(0, root);
    double c1 = derivative(h, root);
    assertEquals(root, ExactSolver.hermiteRoot(s0, c0, s1, c1, h), 1e-10);
  }

  @ParameterizedTest(name = "s0 = {0}, s1 = {1}")
  @CsvSource({"1e308, -1e308", "Infinity, -1", "1, -Infinity"})
  void slopesOutOfRangeStillGiveAPointInTheSegment(double s0, double s1) {
    double root = ExactSolver.hermiteRoot(s0, -1, s1, -1, 2.0);
    assertTrue(root >= 0 && root <= 2.0, "root " + root);
  }

  private static double slope(double t, double root) {
    return -(t - root) * (1 + t * t);
  }

  private static double derivative(double t, double root) {
    return -(1 + t * t) - (t - root) * 2 * t;
  }
}
