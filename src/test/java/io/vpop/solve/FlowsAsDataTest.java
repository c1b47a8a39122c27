package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.InvalidInputException;
import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.model.Model;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import org.junit.jupiter.api.Test;

/**
 * First-order flows given as data: a depot of amounts only absorbed by a rate constant, elimination
 * by a rate constant, and one-way transfers by clearances, in both solvers, against closed forms
 * and against the flows they must equal.
 */
class FlowsAsDataTest {
  private static final double KA = 0.9;
  private static final double KE = 0.15;
  private static final double V = 30;
  private static final double DOSE_MG = 100;
  private static final double INPUT_H = 2;

  /**
   * Zero-order input into a depot (no volume), absorbed into the central compartment by KA (1/h)
   * and eliminated by KE (1/h); outputs the central concentration and the depot's amount.
   */
  private static final Model DEPOT =
      Fixtures.model(
          """
          name: depot
          analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
          compartments:
            - { name: depot, analyte: drug }
            - { name: central, analyte: drug, volume: V }
          dosing_compartment: depot
          transfer: [{ from: depot, to: central, rate_constant: KA }]
          elimination: [{ from: central, rate_constant: KE }]
          outputs:
            - { name: drug, compartments: [central] }
            - { name: depot, measure: amount, compartments: [depot] }
          parameter_sets:
            test:
              parameters:
                KA: { value: %s, unit: 1/h, source: "[A] test" }
                KE: { value: %s, unit: 1/h, source: "[A] test" }
                V: { value: %s, unit: L, source: "[A] test" }
          """
              .formatted(KA, KE, V));

  private static final Regimen INPUT =
      Regimen.of(new DoseLine(Dose.of(DOSE_MG, DoseUnit.MG), INPUT_H, 0, 0, 1));

  private static final TimeGrid GRID = TimeGrid.uniform(96, 0.5);

  /**
   * The central amount under a constant input R into the depot from 0 to T: while it runs, R / ke
   * (1 - e^(-ke t)) - R (e^(-ka t) - e^(-ke t)) / (ke - ka); after it, that minus the same started
   * at T, written with expm1 so that nothing cancels: R / ke e^(-ke t) (e^(ke T) - 1) + R / (ke -
   * ka) (e^(-ka t) (e^(ka T) - 1) - e^(-ke t) (e^(ke T) - 1)).
   */
  private static double central(double rate, double t) {
    if (t <= INPUT_H) {
      return rate / KE * -Math.expm1(-KE * t)
          - rate * (Math.exp(-KA * t) - Math.exp(-KE * t)) / (KE - KA);
    }
    double eliminated = Math.exp(-KE * t) * Math.expm1(KE * INPUT_H);
    double absorbed = Math.exp(-KA * t) * Math.expm1(KA * INPUT_H);
    return rate / KE * eliminated + rate / (KE - KA) * (absorbed - eliminated);
  }

  /**
   * The depot's amount: R / ka (1 - e^(-ka t)) while the input runs, R / ka e^(-ka t) (e^(ka T) -
   * 1) after.
   */
  private static double depot(double rate, double t) {
    return t <= INPUT_H
        ? rate / KA * -Math.expm1(-KA * t)
        : rate / KA * Math.exp(-KA * t) * Math.expm1(KA * INPUT_H);
  }

  @Test
  void aDepotAbsorbedByARateConstantFollowsTheClosedForm() {
    double[] parameters = DEPOT.parameterSet("test", "parameter_set").values();
    double rate = DOSE_MG / INPUT_H;
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result =
          exact
              ? Fixtures.exact(DEPOT, parameters, INPUT, GRID)
              : Fixtures.dopri(DEPOT, parameters, INPUT, GRID, 1e-11, 1e-14);
      double tolerance = exact ? 1e-10 : 1e-8;
      assertEquals(Status.OK, result.status());
      for (int g = 0; g < GRID.size(); g++) {
        double t = GRID.time(g);
        // Below a millionth of the depot's peak (at T), the adaptive solver's error is the absolute
        // tolerance's: compared relative to that millionth (Fixtures.TAIL_FRACTION_OF_CMAX).
        double depotFloor = Fixtures.TAIL_FRACTION_OF_CMAX * depot(rate, INPUT_H);
        double expectedDepot = depot(rate, t);
        assertTrue(
            Math.abs(expectedDepot - result.concentration(1, g))
                <= tolerance * Math.max(expectedDepot, depotFloor),
            "depot at " + t + ": " + expectedDepot + " against " + result.concentration(1, g));
        assertClose(1000 * central(rate, t) / V, result.concentration(0, g), tolerance, "at " + t);
      }
      // Everything given is absorbed and eliminated by KE: AUC(0-inf) = dose / (ke V), in ng*h/mL.
      assertClose(
          1000 * DOSE_MG / (KE * V), result.metric(0, Metric.AUC_0_INF), tolerance, "AUC(0-inf)");
    }
  }

  /**
   * Two one-way transfers by the same clearance are a distribution, and an elimination by a rate
   * constant k is one by the clearance k V: the same solution to rounding.
   */
  @Test
  void transfersAndRateConstantsEqualTheFlowsTheyRestate() {
    String common =
        """
        name: two
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
        compartments:
          - { name: central, analyte: drug, volume: V }
          - { name: peripheral, analyte: drug, volume: VP }
        dosing_compartment: central
        outputs: [{ name: drug, compartments: [central] }]
        parameter_sets:
          test:
            parameters:
              CL: { value: 4.5, unit: L/h, source: "[A] test" }
              KE: { value: 0.15, unit: 1/h, source: "[A] test" }
              Q: { value: 7, unit: L/h, source: "[A] test" }
              V: { value: 30, unit: L, source: "[A] test" }
              VP: { value: 55, unit: L, source: "[A] test" }
        """;
    Model distribution =
        Fixtures.model(
            common
                + """
                distribution: [{ between: [central, peripheral], clearance: Q }]
                elimination: [{ from: central, clearance: CL }]
                """);
    Model transfers =
        Fixtures.model(
            common
                + """
                transfer:
                  - { from: central, to: peripheral, clearance: Q }
                  - { from: peripheral, to: central, clearance: Q }
                elimination: [{ from: central, rate_constant: KE }]
                """);
    double[] parameters = distribution.parameterSet("test", "parameter_set").values();
    Regimen regimen = Fixtures.weekly(25, 0.5, 2);
    TimeGrid grid = TimeGrid.uniform(336, 1);
    PatientResult expected = Fixtures.exact(distribution, parameters, regimen, grid);
    PatientResult actual = Fixtures.exact(transfers, parameters, regimen, grid);
    for (int g = 0; g < grid.size(); g++) {
      assertClose(expected.concentration(0, g), actual.concentration(0, g), 1e-12, "grid " + g);
    }
    for (Metric metric : Metric.values()) {
      assertClose(expected.metric(0, metric), actual.metric(0, metric), 1e-12, metric.name());
    }
  }

  @Test
  void flowsThatNeedAVolumeRefuseADepot() {
    String depotModel =
        """
        name: bad
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
        compartments:
          - { name: depot, analyte: drug }
          - { name: central, analyte: drug, volume: V }
        dosing_compartment: depot
        elimination: [{ from: central, clearance: CL }]
        outputs: [{ name: drug, compartments: [central] }]
        parameter_sets:
          test:
            parameters:
              KA: { value: 1, unit: 1/h, source: "[A] test" }
              CL: { value: 1, unit: L/h, source: "[A] test" }
              V: { value: 10, unit: L, source: "[A] test" }
        """;
    assertRefused(
        depotModel + "transfer: [{ from: depot, to: central, clearance: CL }]\n",
        "transfer[0].clearance: 'depot' is not allowed; allowed: a compartment with a volume (a"
            + " clearance out of it needs one)");
    assertRefused(
        depotModel + "transfer: [{ from: depot, to: central, rate_constant: KA, clearance: CL }]\n",
        "transfer[0]: a transfer needs either clearance (L/h) or rate_constant (1/h), not both");
    assertRefused(
        depotModel
            .replace("compartments: [central] }", "compartments: [depot] }")
            .concat("transfer: [{ from: depot, to: central, rate_constant: KA }]\n"),
        "outputs[0].compartments: 'depot' is not allowed; allowed: a compartment with a volume (a"
            + " concentration needs one)");
    assertRefused(
        depotModel.replace("value: 1, unit: 1/h", "value: -1, unit: 1/h")
            + "transfer: [{ from: depot, to: central, rate_constant: KA }]\n",
        "parameter_sets.test.parameters.KA.value: -1.0 is not allowed; allowed: from 0.0 to 10000.0"
            + " 1/h");
  }

  private static void assertRefused(String yaml, String message) {
    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> Fixtures.model(yaml));
    assertEquals(message, error.getMessage());
  }

  private static void assertClose(double expected, double actual, double tolerance, String what) {
    assertTrue(
        Fixtures.relativeDifference(expected, actual) <= tolerance,
        what + ": expected " + expected + ", got " + actual);
  }
}
