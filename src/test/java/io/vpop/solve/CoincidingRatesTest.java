package io.vpop.solve;

import static io.vpop.solve.Fixtures.TEMSIROLIMUS;

import io.vpop.model.Model;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Monte Carlo run will meet patients where a sirolimus rate constant (an eigenvalue of its 2 x 2
 * block) equals a temsirolimus one: the full system matrix is then defective, and
 * eigen-decomposition formulas divide by zero. The exact solver must still give the Dormand-Prince
 * answer, with no NaN or infinity. CLm is chosen so that the sirolimus block has the temsirolimus
 * eigenvalue -lambda, exactly or within 1e-10:
 *
 * <pre>
 * (-lambda + (CLm + Qm)/Vm)(-lambda + Qm/Vm2) = Qm^2 / (Vm Vm2)
 *   =&gt; CLm = Vm lambda + Qm^2 / (Vm2 (Qm/Vm2 - lambda)) - Qm
 * </pre>
 */
class CoincidingRatesTest {
  private static final Model MODEL = TEMSIROLIMUS;
  private static final TimeGrid GRID = TimeGrid.uniform(672, 1);

  @ParameterizedTest(name = "temsirolimus eigenvalue {0}, exactly")
  @ValueSource(ints = {0, 1, 2})
  void exactCoincidence(int mode) {
    check(mode, 0.0);
  }

  @ParameterizedTest(name = "temsirolimus eigenvalue {0}, within 1e-10")
  @ValueSource(ints = {0, 1, 2})
  void nearCoincidence(int mode) {
    check(mode, 1e-10);
  }

  @Test
  void theConstructedCaseReallyHasARepeatedEigenvalue() {
    double[] p = coinciding(2, 0.0);
    double[] k = new double[25];
    new CompartmentSystem(MODEL).rateMatrix(p, k);
    double[] sirolimusBlock = eigenvalues(k, 3, 2);
    double lambda = -eigenvalues(k, 0, 3)[2];
    double nearest =
        Math.min(Math.abs(sirolimusBlock[0] + lambda), Math.abs(sirolimusBlock[1] + lambda));
    org.junit.jupiter.api.Assertions.assertTrue(nearest <= 1e-12 * lambda, "gap " + nearest);
  }

  private static void check(int mode, double relativeOffset) {
    double[] parameters = coinciding(mode, relativeOffset);
    var regimen = Fixtures.weekly(25, 0.5, 4);
    PatientResult exact = Fixtures.exact(MODEL, parameters, regimen, GRID);
    PatientResult dopri =
        Fixtures.dopri(MODEL, parameters, regimen, GRID, Fixtures.DP_RTOL, Fixtures.DP_ATOL);
    Fixtures.assertSolversAgree(exact, dopri, 1e-6, "mode " + mode + " offset " + relativeOffset);
  }

  /**
   * Typical adult parameters with CLm set so the sirolimus block shares temsirolimus eigenvalue
   * {@code mode}.
   */
  private static double[] coinciding(int mode, double relativeOffset) {
    double[] p = Fixtures.typicalAdult(25);
    double[] k = new double[25];
    new CompartmentSystem(MODEL).rateMatrix(p, k);
    double lambda = -eigenvalues(k, 0, 3)[mode] * (1 + relativeOffset);
    double vm = p[MODEL.parameterIndex("Vm")];
    double qm = p[MODEL.parameterIndex("Qm")];
    double vm2 = p[MODEL.parameterIndex("Vm2")];
    double clm = vm * lambda + qm * qm / (vm2 * (qm / vm2 - lambda)) - qm;
    org.junit.jupiter.api.Assertions.assertTrue(clm > 0, "CLm " + clm);
    p[MODEL.parameterIndex("CLm")] = clm;
    return p;
  }

  /** Sorted eigenvalues (most negative first) of a diagonal block of the 5 x 5 rate matrix. */
  private static double[] eigenvalues(double[] k, int from, int size) {
    double[][] block = new double[size][size];
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        block[i][j] = k[(from + i) * 5 + from + j];
      }
    }
    double[] values = new EigenDecomposition(new Array2DRowRealMatrix(block)).getRealEigenvalues();
    java.util.Arrays.sort(values);
    return values;
  }
}
