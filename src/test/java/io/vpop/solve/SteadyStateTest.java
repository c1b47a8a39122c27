package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.model.Model;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Lines at steady state in both solvers: one-compartment bolus, infusion and first-order absorption
 * against the accumulation-factor closed forms, and the steady state of an oral and of an infused
 * temsirolimus regimen against the state after 100 repeated doses.
 */
class SteadyStateTest {
  private static final double CL = 4;
  private static final double V = 40;
  private static final double KE = CL / V;
  private static final double DOSE_MG = 50;
  private static final double TAU = 12;

  /** The bioavailability of the oral dose: the fraction that reaches the gut. */
  private static final double F_ORAL = 0.6;

  /** Relative tolerance of the exact solver against the closed forms. */
  private static final double EXACT = 1e-10;

  /** The adaptive solver's, at rtol 1e-11. */
  private static final double ADAPTIVE = 1e-7;

  /**
   * Checks one dose at steady state over one interval (grid 0 to tau by 0.25 h): the profile, the
   * peak, the trough and AUC over the interval, which at steady state is the amount that arrives
   * over CL.
   */
  private static void assertSteadyState(
      Model model,
      DoseLine line,
      DoubleUnaryOperator concentration,
      double cmax,
      double tmax,
      double arrivingMg,
      boolean exact) {
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    TimeGrid grid = TimeGrid.uniform(TAU, 0.25);
    PatientResult result = Fixtures.solve(exact, model, parameters, Regimen.of(line), grid);
    assertEquals(Status.OK, result.status());
    String who = exact ? " (exact)" : " (adaptive)";
    for (int g = 0; g < grid.size(); g++) {
      double t = grid.time(g);
      assertClose(
          concentration.applyAsDouble(t), result.concentration(0, g), exact, "at " + t + who);
    }
    assertClose(cmax, result.metric(0, Metric.CMAX), exact, "cmax" + who);
    assertEquals(tmax, result.metric(0, Metric.TMAX), exact ? 1e-8 : 1e-5, "tmax" + who);
    assertClose(concentration.applyAsDouble(TAU), result.metric(0, Metric.TROUGH), exact, "trough");
    assertClose(1000 * arrivingMg / CL, result.metric(0, Metric.AUC_TAU), exact, "auc_tau" + who);
    // Cavg at steady state: the amount that arrives per interval over CL and tau.
    assertClose(1000 * arrivingMg / (CL * TAU), result.metric(0, Metric.CAVG), exact, "cavg" + who);
  }

  @Test
  void aBolusAtSteadyStateCarriesTheAccumulationFactor() {
    Model model = Fixtures.oneCompartment(CL, V);
    DoseLine line = DoseLine.bolus(Dose.of(DOSE_MG, DoseUnit.MG), 0, TAU, 1, null).atSteadyState();
    // C(t) = D / V e^(-k t) / (1 - e^(-k tau)), the grid value at 0 h after the dose.
    double accumulation = 1 / -Math.expm1(-KE * TAU);
    DoubleUnaryOperator c = t -> 1000 * DOSE_MG / V * accumulation * Math.exp(-KE * t);
    for (boolean exact : new boolean[] {true, false}) {
      assertSteadyState(model, line, c, c.applyAsDouble(0), 0, DOSE_MG, exact);
    }
  }

  @Test
  void anInfusionAtSteadyStateStartsAtItsTrough() {
    Model model = Fixtures.oneCompartment(CL, V);
    double duration = 2;
    double rate = DOSE_MG / duration;
    DoseLine line =
        new DoseLine(Dose.of(DOSE_MG, DoseUnit.MG), duration, 0, TAU, 1).atSteadyState();
    // The trough amount A0 = R / k (1 - e^(-k d)) e^(-k (tau - d)) / (1 - e^(-k tau)); then the
    // infusion adds R / k (1 - e^(-k t)) to A0 e^(-k t), and its end amount decays.
    double trough =
        rate
            / KE
            * -Math.expm1(-KE * duration)
            * Math.exp(-KE * (TAU - duration))
            / -Math.expm1(-KE * TAU);
    DoubleUnaryOperator amount =
        t ->
            t <= duration
                ? trough * Math.exp(-KE * t) + rate / KE * -Math.expm1(-KE * t)
                : (trough * Math.exp(-KE * duration) + rate / KE * -Math.expm1(-KE * duration))
                    * Math.exp(-KE * (t - duration));
    DoubleUnaryOperator c = t -> 1000 * amount.applyAsDouble(t) / V;
    for (boolean exact : new boolean[] {true, false}) {
      assertSteadyState(model, line, c, c.applyAsDouble(duration), duration, DOSE_MG, exact);
    }
  }

  @Test
  void anOralDoseAtSteadyStateFollowsTheAccumulatedBateman() {
    double ka = 1.1;
    Model model = Fixtures.oral(ka, F_ORAL, CL, V);
    DoseLine line = DoseLine.bolus(Dose.of(DOSE_MG, DoseUnit.MG), 0, TAU, 1, "gut").atSteadyState();
    // C(t) = F D ka / (V (ka - k)) (e^(-k t) / (1 - e^(-k tau)) - e^(-ka t) / (1 - e^(-ka tau))),
    // whose peak is where its slope vanishes: t = ln(ka (1 - e^(-k tau)) / (k (1 - e^(-ka tau))))
    // / (ka - k).
    double scale = 1000 * F_ORAL * DOSE_MG * ka / (V * (ka - KE));
    double slow = -Math.expm1(-KE * TAU);
    double fast = -Math.expm1(-ka * TAU);
    DoubleUnaryOperator c = t -> scale * (Math.exp(-KE * t) / slow - Math.exp(-ka * t) / fast);
    double tmax = Math.log(ka * slow / (KE * fast)) / (ka - KE);
    for (boolean exact : new boolean[] {true, false}) {
      assertSteadyState(model, line, c, c.applyAsDouble(tmax), tmax, F_ORAL * DOSE_MG, exact);
    }
  }

  @Test
  void theSteadyStateOfAnOralRegimenWithAMetaboliteIsWhereOneHundredDosesLead() {
    Model model = Fixtures.DEPOT_METABOLITE;
    DoseLine oral = DoseLine.bolus(Dose.of(DOSE_MG, DoseUnit.MG), 0, TAU, 1, null);
    // An infusion into the depot beside it, at its own interval (24 h, a multiple of 12 h).
    DoseLine infusion = new DoseLine(Dose.of(20, DoseUnit.MG), 1.5, 0, 24, 1);
    assertHundredDosesLeadThere(model, List.of(oral, infusion), 24, 1);
  }

  @Test
  void theSteadyStateOfAnInfusionIntoAnOralDepotIsWhereOneHundredDosesLead() {
    // Zero-order absorption: a 4-h infusion into the gut (F, ka) every 12 h; the system's input
    // enters the gut, not the dosing compartment.
    Model model = Fixtures.oral(0.8, F_ORAL, CL, V);
    DoseLine intoGut =
        new DoseLine(
            Dose.of(DOSE_MG, DoseUnit.MG), DoseLine.Route.INFUSION, 4, 0, 12, 1, "gut", false);
    assertHundredDosesLeadThere(model, List.of(intoGut), 12, 0.5);
  }

  @Test
  void theSteadyStateOfWeeklyTemsirolimusIsWhereOneHundredDosesLead() {
    DoseLine weekly = new DoseLine(Dose.of(25, DoseUnit.MG), 0.5, 0, 168, 1);
    assertHundredDosesLeadThere(Fixtures.TEMSIROLIMUS, List.of(weekly), 168, 2);
  }

  /**
   * The lines at steady state over one period against the same lines given for 100 periods from no
   * drug and then one more, over that last period: their grid values, peaks, troughs and AUC over
   * the last interval agree to 1e-9 (exact) and 1e-6 (adaptive, at rtol 1e-11).
   */
  private static void assertHundredDosesLeadThere(
      Model model, List<DoseLine> lines, double period, double step) {
    double[] parameters =
        model == Fixtures.TEMSIROLIMUS
            ? Fixtures.typicalAdult(25)
            : model.parameterSet("test", "parameter_set").values();
    int periods = 100;
    // At steady state, each line's administrations within the period; repeated, through 101 of it.
    Regimen steady =
        new Regimen(
            lines.stream()
                .map(l -> repeat(l, (int) Math.round(period / l.intervalH())).atSteadyState())
                .toList());
    Regimen repeated =
        new Regimen(
            lines.stream()
                .map(l -> repeat(l, (int) Math.round((periods + 1) * period / l.intervalH())))
                .toList());
    TimeGrid oneInterval = TimeGrid.uniform(period, step);
    TimeGrid hundred = TimeGrid.uniform((periods + 1) * period, step);
    int offset = (int) Math.round(periods * period / step);
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult atSteadyState = Fixtures.solve(exact, model, parameters, steady, oneInterval);
      PatientResult afterHundred = Fixtures.solve(exact, model, parameters, repeated, hundred);
      assertEquals(Status.OK, atSteadyState.status());
      assertEquals(Status.OK, afterHundred.status());
      double tolerance = exact ? 1e-9 : 1e-6;
      String who = exact ? " (exact)" : " (adaptive)";
      for (int k = 0; k < atSteadyState.outputs(); k++) {
        for (int g = 0; g < oneInterval.size(); g++) {
          double expected = afterHundred.concentration(k, offset + g);
          double actual = atSteadyState.concentration(k, g);
          assertTrue(
              Fixtures.relativeDifference(expected, actual) <= tolerance,
              "output " + k + " at " + oneInterval.time(g) + who + ": " + expected + " " + actual);
        }
        for (Metric metric : List.of(Metric.CMAX, Metric.TROUGH, Metric.AUC_TAU, Metric.CAVG)) {
          double expected = afterHundred.metric(k, metric);
          double actual = atSteadyState.metric(k, metric);
          assertTrue(
              Fixtures.relativeDifference(expected, actual) <= tolerance,
              "output " + k + " " + metric + who + ": " + expected + " " + actual);
        }
      }
    }
  }

  @Test
  void anAmountThatNeverLeavesHasNoSteadyState() {
    Model model =
        Fixtures.model(
            """
            name: accumulating
            analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
            compartments:
              - { name: central, analyte: drug, volume: V }
              - { name: urine, analyte: drug }
            dosing_compartment: central
            transfer: [{ from: central, to: urine, clearance: CL }]
            outputs: [{ name: drug, compartments: [central] }]
            parameter_sets:
              test:
                parameters:
                  CL: { value: 4, unit: L/h, source: "[A] test" }
                  V: { value: 40, unit: L, source: "[A] test" }
            """);
    // The scenario loader refuses such a line (drug in central ends in urine, and stays there); the
    // solvers, given one, fail the patient.
    assertEquals(List.of("central", "urine"), model.compartmentsWithoutExit());
    assertEquals(List.of(), Fixtures.DEPOT_METABOLITE.compartmentsWithoutExit());
    assertEquals(List.of(), Fixtures.TEMSIROLIMUS.compartmentsWithoutExit());
    double[] parameters = model.parameterSet("test", "parameter_set").values();
    DoseLine line = DoseLine.bolus(Dose.of(DOSE_MG, DoseUnit.MG), 0, TAU, 1, null).atSteadyState();
    for (boolean exact : new boolean[] {true, false}) {
      PatientResult result =
          Fixtures.solve(exact, model, parameters, Regimen.of(line), TimeGrid.uniform(TAU, 1));
      assertEquals(Status.NON_FINITE, result.status(), exact ? "exact" : "adaptive");
    }
  }

  /** The line given {@code count} times from 0 h. */
  private static DoseLine repeat(DoseLine line, int count) {
    return new DoseLine(
        line.dose(),
        line.route(),
        line.durationH(),
        0,
        line.intervalH(),
        count,
        line.compartment(),
        false);
  }

  private static void assertClose(double expected, double actual, boolean exact, String what) {
    double tolerance = exact ? EXACT : ADAPTIVE;
    assertTrue(
        Math.abs(expected - actual) <= tolerance * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }
}
