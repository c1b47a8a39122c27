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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An infusion into a compartment other than the dosing one: zero-order input into a gut depot with
 * bioavailability F, absorbed by ka into one compartment. While it runs at rate R the central
 * amount is (F R / k) (1 - (ka e^-kt - k e^-ka t) / (ka - k)), k = CL/V, and AUC(0-inf) is F D /
 * CL, in both solvers.
 */
class InfusionCompartmentTest {
  private static final double KA = 0.9;
  private static final double F = 0.7;
  private static final double CL = 5;
  private static final double V = 60;
  private static final double DOSE_MG = 120;
  private static final double DURATION_H = 6;

  private static DoseLine infusion(String compartment) {
    return new DoseLine(
        Dose.of(DOSE_MG, DoseUnit.MG),
        DoseLine.Route.INFUSION,
        DURATION_H,
        0,
        0,
        1,
        compartment,
        false);
  }

  /** Concentration in ng/mL while the infusion into the gut runs. */
  private static double concentration(double t) {
    double k = CL / V;
    double rate = DOSE_MG / DURATION_H;
    double amount = F * rate / k * (1 - (KA * Math.exp(-k * t) - k * Math.exp(-KA * t)) / (KA - k));
    return amount / V * 1000;
  }

  @ParameterizedTest(name = "exact solver: {0}")
  @ValueSource(booleans = {true, false})
  void aZeroOrderInputIntoTheDepotMatchesTheClosedForm(boolean exact) {
    Model model = Fixtures.oral(KA, F, CL, V);
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    Regimen regimen = Regimen.of(infusion("gut"));
    TimeGrid grid = TimeGrid.uniform(24, 0.25);
    PatientResult result = Fixtures.solve(exact, model, parameters, regimen, grid);
    assertEquals(Status.OK, result.status());
    double tolerance = exact ? 1e-10 : 1e-7;
    for (int i = 1; grid.time(i) <= DURATION_H; i++) {
      double expected = concentration(grid.time(i));
      double actual = result.concentration(0, i);
      assertTrue(
          Fixtures.relativeDifference(expected, actual) <= tolerance,
          "C(" + grid.time(i) + " h): expected " + expected + ", got " + actual);
    }
    double auc = F * DOSE_MG / CL * 1000;
    assertTrue(
        Fixtures.relativeDifference(auc, result.metric(0, Metric.AUC_0_INF)) <= tolerance,
        "AUC(0-inf) " + result.metric(0, Metric.AUC_0_INF) + " against " + auc);
  }

  @Test
  void infusionsIntoTwoCompartmentsAreRefused() {
    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> new Regimen(List.of(infusion("gut"), infusion(null))));
    assertEquals(
        "regimen[1].compartment: 'the dosing compartment' is not allowed; allowed: gut: every"
            + " infusion of a regimen goes into one compartment",
        error.getMessage());
    // A bolus may go elsewhere: only the infusions share the input.
    new Regimen(List.of(infusion("gut"), DoseLine.bolus(Dose.of(10, DoseUnit.MG), 0, 0, 1, null)));
  }

  @Test
  void aSolverRefusesASystemWhoseInputEntersElsewhere() {
    Model model = Fixtures.oral(KA, F, CL, V);
    Schedule intoGut = new Schedule(Regimen.of(infusion("gut")), TimeGrid.uniform(24, 1));
    CompartmentSystem dosingCompartmentInput = new CompartmentSystem(model);
    assertThrows(
        IllegalArgumentException.class, () -> new ExactSolver(dosingCompartmentInput, intoGut));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DormandPrinceSolver(dosingCompartmentInput, intoGut, 1e-9, 1e-14));
  }
}
