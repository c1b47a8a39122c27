package io.vpop.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vpop.batch.Metric;
import io.vpop.model.Model;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import org.junit.jupiter.api.Test;

/**
 * The peak search where the rates are far beyond its dyadic propagators' reach: a parent cleared at
 * a = 10,000 /h (CL 10,000 L/h, V 1 L) into a metabolite cleared at b = 0.1 /h (1 L), one 1 mg
 * infusion over 1 h. ||R||_1 h is about 20,000, more than the {@value ExactSolver#MAX_LEVELS}
 * levels reach, so each move ends with an exponential of its rest. The metabolite peaks about
 * 2.3e-4 h after the infusion ends; its amount has a closed form (the Bateman function under a
 * zero-order input), and its peak is where a A1 = b A2, found here by bisection on that form.
 */
class StiffMetabolitePeakTest {
  private static final double A = 10_000;
  private static final double B = 0.1;
  private static final double RATE = 1.0;
  private static final double T = 1.0;

  /** Metabolite amount (mg) at time t after the start of the infusion, t >= T. */
  private static double metabolite(double t) {
    double tau = t - T;
    return metaboliteAtEnd() * Math.exp(-B * tau)
        + A * parentAtEnd() * (Math.exp(-A * tau) - Math.exp(-B * tau)) / (B - A);
  }

  private static double parentAtEnd() {
    return RATE / A * -Math.expm1(-A * T);
  }

  private static double metaboliteAtEnd() {
    return RATE * -Math.expm1(-B * T) / B - RATE * (Math.exp(-A * T) - Math.exp(-B * T)) / (B - A);
  }

  /** The metabolite's slope a A1 - b A2 after the infusion, mg/h. */
  private static double slope(double t) {
    return A * parentAtEnd() * Math.exp(-A * (t - T)) - B * metabolite(t);
  }

  @Test
  void theMetabolitePeakMatchesTheClosedForm() {
    Model model =
        Fixtures.model(
            """
            name: stiff
            analytes:
              - { name: parent, molecular_weight_g_per_mol: 500, source: "[A] test" }
              - { name: metabolite, molecular_weight_g_per_mol: 500, source: "[A] test" }
            compartments:
              - { name: parent, analyte: parent, volume: V }
              - { name: metabolite, analyte: metabolite, volume: Vm }
            dosing_compartment: parent
            elimination:
              - { from: parent, clearance: CL }
              - { from: metabolite, clearance: CLm }
            formation: [{ from: parent, to: metabolite, clearance: CL, fraction: Fm }]
            outputs: [{ name: metabolite, compartments: [metabolite] }]
            parameter_sets:
              test:
                parameters:
                  CL: { value: 10000, unit: L/h, source: "[A] test" }
                  V: { value: 1, unit: L, source: "[A] test" }
                  CLm: { value: 0.1, unit: L/h, source: "[A] test" }
                  Vm: { value: 1, unit: L, source: "[A] test" }
                  Fm: { value: 1, unit: "1", source: "[A] test" }
            """);
    double[] parameters = new double[model.parameterNames().size()];
    parameters[model.parameterIndex("CL")] = A;
    parameters[model.parameterIndex("V")] = 1;
    parameters[model.parameterIndex("CLm")] = B;
    parameters[model.parameterIndex("Vm")] = 1;
    parameters[model.parameterIndex("Fm")] = 1;
    Regimen regimen = Regimen.of(new DoseLine(Dose.of(RATE * T, DoseUnit.MG), T, 0, 0, 1));
    PatientResult result = Fixtures.exact(model, parameters, regimen, TimeGrid.uniform(24, 1));

    double low = T;
    double high = T + 1;
    for (int i = 0; i < 200 && high - low > 1e-15; i++) {
      double middle = 0.5 * (low + high);
      if (slope(middle) > 0) {
        low = middle;
      } else {
        high = middle;
      }
    }
    double tmax = 0.5 * (low + high);
    assertEquals(tmax, result.metric(0, Metric.TMAX), 1e-9, "tmax, h");
    double cmax = metabolite(tmax) * 1000;
    assertEquals(cmax, result.metric(0, Metric.CMAX), 1e-10 * cmax, "Cmax, ng/mL");
  }
}
