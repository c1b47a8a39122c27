package io.vpop.solve;

import io.vpop.batch.Metric;
import io.vpop.batch.Status;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.model.ModelLoader;
import io.vpop.model.Omega;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.run.Typical;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/** Models, regimens and one-call solves shared by the solver tests. */
public final class Fixtures {
  static final Model TEMSIROLIMUS = ModelLoader.builtIn("temsirolimus", "model");
  static final int TEMSIROLIMUS_OUT = 0;
  static final int SIROLIMUS_OUT = 1;
  static final int SUM_OUT = 2;

  /**
   * A model of flows the temsirolimus one lacks: a depot of amounts only, with a bioavailability,
   * absorbed by a rate constant, one-way transfers by clearances, elimination by a rate constant
   * beside one by a clearance that forms a metabolite, and an amount output.
   */
  static final Model DEPOT_METABOLITE =
      Fixtures.model(
          """
          name: depot-metabolite
          analytes:
            - { name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }
            - { name: metabolite, molecular_weight_g_per_mol: 400, source: "[A] test" }
          compartments:
            - { name: depot, analyte: drug, bioavailability: F }
            - { name: central, analyte: drug, volume: V }
            - { name: peripheral, analyte: drug, volume: VP }
            - { name: metabolite, analyte: metabolite, volume: VM }
          dosing_compartment: depot
          transfer:
            - { from: depot, to: central, rate_constant: KA }
            - { from: central, to: peripheral, clearance: Q }
            - { from: peripheral, to: central, clearance: Q }
          elimination:
            - { from: central, clearance: CL }
            - { from: central, rate_constant: KE0 }
            - { from: metabolite, rate_constant: KM }
          formation: [{ from: central, to: metabolite, clearance: CL, fraction: FM }]
          outputs:
            - { name: drug, compartments: [central] }
            - { name: metabolite, compartments: [metabolite] }
            - { name: depot, measure: amount, compartments: [depot] }
          parameter_sets:
            test:
              parameters:
                KA: { value: 1.2, unit: 1/h, source: "[A] test" }
                CL: { value: 6, unit: L/h, source: "[A] test" }
                KE0: { value: 0.02, unit: 1/h, source: "[A] test" }
                Q: { value: 9, unit: L/h, source: "[A] test" }
                V: { value: 40, unit: L, source: "[A] test" }
                VP: { value: 90, unit: L, source: "[A] test" }
                KM: { value: 0.05, unit: 1/h, source: "[A] test" }
                VM: { value: 150, unit: L, source: "[A] test" }
                FM: { value: 0.6, unit: "1", source: "[A] test" }
                F: { value: 0.7, unit: "1", source: "[A] test" }
          """);

  /** The reference adult of the parameter set: 70 kg (the model's reference weight), 40 y. */
  static final Covariates ADULT = new Covariates(40, null, 70, 175, Math.sqrt(175 * 70 / 3600.0));

  /** Relative tolerance of the Dormand-Prince solves the acceptance criteria name. */
  static final double DP_RTOL = 1e-9;

  /**
   * Absolute tolerance small enough that the relative tolerance governs every state, tails
   * included.
   */
  static final double DP_ATOL = 1e-14;

  private Fixtures() {}

  /** A model parsed from YAML text. */
  static Model model(String yaml) {
    return ModelLoader.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  /** A one-compartment model with first-order elimination; parameters CL (L/h) and V (L). */
  static Model oneCompartment(double clearance, double volume) {
    return model(oneCompartmentText(clearance, volume));
  }

  /** The model file of {@link #oneCompartment}, without variability. */
  public static String oneCompartmentText(double clearance, double volume) {
    return """
        name: one
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
        compartments: [{ name: central, analyte: drug, volume: V }]
        dosing_compartment: central
        elimination: [{ from: central, clearance: CL }]
        outputs: [{ name: drug, compartments: [central] }]
        parameter_sets:
          test:
            parameters:
              CL: { value: %s, unit: L/h, source: "[A] test" }
              V: { value: %s, unit: L, source: "[A] test" }
        """
        .formatted(clearance, volume);
  }

  /**
   * An oral model: a gut depot with bioavailability F, absorbed by KA (1/h) into one compartment
   * (V, L) cleared by CL (L/h).
   */
  static Model oral(double ka, double bioavailability, double clearance, double volume) {
    return model(oralText(ka, bioavailability, 0, clearance, volume));
  }

  /**
   * The model file of {@link #oral} with a lag time ALAG (h) on the gut, no variability; the dosing
   * compartment is the central one, so oral doses name the gut.
   */
  public static String oralText(
      double ka, double bioavailability, double lagH, double clearance, double volume) {
    return """
        name: oral
        analytes: [{ name: drug, molecular_weight_g_per_mol: 500, source: "[A] test" }]
        compartments:
          - { name: gut, analyte: drug, bioavailability: F, lag_time: ALAG }
          - { name: central, analyte: drug, volume: V }
        dosing_compartment: central
        transfer: [{ from: gut, to: central, rate_constant: KA }]
        elimination: [{ from: central, clearance: CL }]
        outputs: [{ name: drug, compartments: [central] }]
        parameter_sets:
          test:
            parameters:
              KA: { value: %s, unit: 1/h, source: "[A] test" }
              F: { value: %s, unit: "1", source: "[A] test" }
              ALAG: { value: %s, unit: h, source: "[A] test" }
              CL: { value: %s, unit: L/h, source: "[A] test" }
              V: { value: %s, unit: L, source: "[A] test" }
        """
        .formatted(ka, bioavailability, lagH, clearance, volume);
  }

  /**
   * A scenario file for the model file {@code modelFile} (parameter set {@code test}): adults of 18
   * to 80 y, half male, Omega {@code all}, a typical patient of 40 y, {@code typicalWeightKg} and
   * 175 cm.
   *
   * @param regimen the regimen lines, in YAML flow form
   * @param grid the time grid, in YAML flow form
   */
  public static String sampledAdultsScenario(
      String modelFile, double typicalWeightKg, String regimen, String grid) {
    return """
        name: test
        model_file: %s
        parameter_set: test
        population:
          ages: { min_y: 18, max_y: 80 }
          fraction_male: 0.5
          omega: { adult: all, pediatric: all }
        typical_patient: { age_y: 40, weight_kg: %s, height_cm: 175 }
        regimen: [%s]
        time_grid: %s
        """
        .formatted(modelFile, typicalWeightKg, regimen, grid);
  }

  static Regimen weekly(double doseMg, double durationH, int count) {
    return Regimen.of(new DoseLine(Dose.of(doseMg, DoseUnit.MG), durationH, 0, 168, count));
  }

  /** The typical adult's parameters at a dose in mg (the dose enters CL through THETA_DOSE). */
  static double[] typicalAdult(double doseMg) {
    Model model = TEMSIROLIMUS;
    return Typical.parameters(
        model,
        model.parameterSet("adult-label", "parameter_set"),
        ADULT,
        weekly(doseMg, 0.5, 1),
        ones(model.parameterNames().size()));
  }

  static double[] ones(int n) {
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1.0);
    return ones;
  }

  /**
   * Temsirolimus parameters of random children, the spread of ExactVersusDormandPrinceTest: ages
   * 1-18 y, 8-80 kg, pediatric etas, 5-150 mg.
   */
  static void randomPediatricPatients(long seed, double[][] parameters, double[] doses) {
    Model model = TEMSIROLIMUS;
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
    ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
    Omega omega = model.variability().get("pediatric");
    double[] typical = model.parameterSet("adult-label", "parameter_set").values();
    for (int patient = 0; patient < parameters.length; patient++) {
      double age = 1 + 17 * rng.nextDouble();
      double weight = 8 + 72 * rng.nextDouble();
      doses[patient] = 5 + 145 * rng.nextDouble();
      double[] eta = new double[typical.length];
      for (Omega.Entry entry : omega.entries()) {
        eta[model.parameterIndex(entry.parameter())] = entry.omega() * normal.sample();
      }
      parameters[patient] = new double[typical.length];
      model.individualParameters(
          typical,
          new Covariates(age, null, weight, 120, 1.0),
          doses[patient],
          eta,
          Fixtures.ones(typical.length),
          parameters[patient]);
    }
  }

  /** Solves one patient with the exact solver. */
  static PatientResult exact(Model model, double[] parameters, Regimen regimen, TimeGrid grid) {
    Schedule schedule = new Schedule(regimen, grid);
    CompartmentSystem system = new CompartmentSystem(model, regimen.infusionCompartment());
    PatientResult result = new PatientResult(system.outputs(), grid.size());
    new ExactSolver(system, schedule).solve(parameters, doses(regimen), result);
    return result;
  }

  /** Solves one patient with Dormand-Prince at the given tolerances. */
  static PatientResult dopri(
      Model model, double[] parameters, Regimen regimen, TimeGrid grid, double rtol, double atol) {
    Schedule schedule = new Schedule(regimen, grid);
    CompartmentSystem system = new CompartmentSystem(model, regimen.infusionCompartment());
    PatientResult result = new PatientResult(system.outputs(), grid.size());
    new DormandPrinceSolver(system, schedule, rtol, atol).solve(parameters, doses(regimen), result);
    return result;
  }

  /**
   * Solves one patient with the exact solver, or with Dormand-Prince at rtol 1e-11 and atol 1e-14
   * (tight enough for closed-form checks at 1e-7).
   */
  static PatientResult solve(
      boolean exact, Model model, double[] parameters, Regimen regimen, TimeGrid grid) {
    return exact
        ? exact(model, parameters, regimen, grid)
        : dopri(model, parameters, regimen, grid, 1e-11, 1e-14);
  }

  static double[] doses(Regimen regimen) {
    double[] doses = new double[regimen.lines().size()];
    regimen.resolveMg(70, 1.8, doses);
    return doses;
  }

  static double relativeDifference(double a, double b) {
    if (a == b) {
      return 0;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }

  /**
   * Below this fraction of an output's peak, concentrations are compared relative to that fraction.
   */
  static final double TAIL_FRACTION_OF_CMAX = 1e-6;

  /**
   * Asserts that two solutions agree to {@code tolerance} relative in every grid value and metric.
   * Concentrations in the far tail (grid values, troughs and minima below a millionth of the
   * output's peak) are compared relative to that millionth: there the integrator's global error,
   * relative to the whole state and carried over from the fast modes earlier on, is a larger share
   * of a value no exposure depends on.
   */
  static void assertSolversAgree(
      PatientResult exact, PatientResult other, double tolerance, String who) {
    org.junit.jupiter.api.Assertions.assertEquals(Status.OK, exact.status(), who);
    org.junit.jupiter.api.Assertions.assertEquals(Status.OK, other.status(), who);
    for (int k = 0; k < exact.outputs(); k++) {
      double floor = TAIL_FRACTION_OF_CMAX * exact.metric(k, Metric.CMAX);
      for (int i = 0; i < exact.gridSize(); i++) {
        double a = exact.concentration(k, i);
        double b = other.concentration(k, i);
        org.junit.jupiter.api.Assertions.assertTrue(
            Math.abs(a - b) <= tolerance * Math.max(floor, Math.max(Math.abs(a), Math.abs(b))),
            who + " output " + k + " at grid point " + i + ": exact " + a + ", other " + b);
      }
      for (Metric metric : Metric.values()) {
        double a = exact.metric(k, metric);
        double b = other.metric(k, metric);
        double scale = Math.max(Math.abs(a), Math.abs(b));
        if (metric == Metric.TROUGH || metric == Metric.CMIN) {
          scale = Math.max(floor, scale);
        }
        org.junit.jupiter.api.Assertions.assertTrue(
            Math.abs(a - b) <= tolerance * scale,
            who + " output " + k + " " + metric.key() + ": exact " + a + ", other " + b);
      }
    }
  }
}
