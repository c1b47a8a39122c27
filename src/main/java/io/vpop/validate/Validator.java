package io.vpop.validate;

import io.vpop.batch.Metric;
import io.vpop.model.Covariates;
import io.vpop.model.Model;
import io.vpop.population.AgeDistribution;
import io.vpop.population.BodySurfaceArea;
import io.vpop.population.Demographics;
import io.vpop.population.VariabilityRule;
import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.DoseUnit;
import io.vpop.regimen.Regimen;
import io.vpop.run.Simulation;
import io.vpop.scenario.Scenario;
import io.vpop.solve.PatientResult;
import io.vpop.solve.TimeGrid;
import io.vpop.stats.Percentiles;
import io.vpop.sweep.Exposure;
import io.vpop.sweep.ExposureRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Runs a model against every published figure of shared/reference/temsirolimus.md and returns one
 * {@link Check} per figure. Figures a parameter was derived from are marked by construction; the
 * rifampin Cmax, which a clearance-only modifier cannot reproduce, is a known miss; pediatric rows
 * have no published number in the reference and show the model's extrapolation without a verdict.
 */
public final class Validator {
  private static final double LABEL_DOSE_MG = 25;
  private static final double LABEL_INFUSION_H = 0.5;
  private static final TimeGrid PROFILE = TimeGrid.uniform(1000, 1);
  private static final Covariates ADULT =
      new Covariates(40, null, 70, 175, Math.sqrt(175 * 70 / 3600.0));

  /** The outputs the reference's figures are about, found by name in the model. */
  private final int temsirolimus;

  private final int sirolimus;
  private final int sum;
  private final Simulation simulation;
  private final int patients;

  /**
   * @param simulation a simulation of {@link #adults} for the model (the typical patients use its
   *     solver)
   * @param patients the size of the adult population for population figures
   * @throws io.vpop.InvalidInputException naming {@code outputs} if the model lacks an output the
   *     reference's figures are about
   */
  public Validator(Simulation simulation, int patients) {
    Model model = simulation.scenario().model();
    this.temsirolimus = model.outputIndex("temsirolimus", "outputs");
    this.sirolimus = model.outputIndex("sirolimus", "outputs");
    this.sum = model.outputIndex("sum", "outputs");
    this.simulation = simulation;
    this.patients = patients;
  }

  /**
   * The adults of the label's population figures, 18-80 y, on one label dose (the typical one 70
   * kg): the scenario every check varies.
   */
  public static Scenario adults(Model model) {
    return new Scenario(
        "validate",
        "adults 18-80 y, 25 mg over 0.5 h",
        model,
        model.parameterSet("adult-label", "parameter_set"),
        ADULT,
        new Demographics(
            AgeDistribution.uniform(18, 80),
            0.5,
            Demographics.Window.ANY,
            Demographics.Window.ANY,
            BodySurfaceArea.MOSTELLER),
        null,
        new VariabilityRule("adult", "pediatric", 18),
        single(LABEL_DOSE_MG, DoseUnit.MG),
        TimeGrid.uniform(168, 24),
        List.of(),
        List.of(),
        List.of(),
        false,
        false,
        "");
  }

  /** Every check, in the order of the reference. */
  public List<Check> run() {
    List<Check> checks = new ArrayList<>();
    PatientResult label = typical(ADULT, single(LABEL_DOSE_MG, DoseUnit.MG), PROFILE, List.of());
    double[] populationAuc = population(Metric.AUC_0_INF);
    double[] populationCmax = population(Metric.CMAX);
    checks.add(
        new Check(
            "temsirolimus AUC(0-inf), population mean (ng*h/mL)",
            "adults 18-80 y, 25 mg over 0.5 h",
            1627,
            "[V] TORISEL label, mean (CV 26 %)",
            mean(populationAuc),
            spread(populationAuc),
            0.10,
            "CL is the label's systemic CL 16.2 L/h [S], which implies 1543; the label's own mean AUC implies"
                + " 15.4-15.9 L/h: the two label figures are 5 % apart, so 10 %",
            false,
            false));
    checks.add(
        new Check(
            "temsirolimus AUC(0-inf), population CV (%)",
            "adults 18-80 y, 25 mg over 0.5 h",
            26,
            "[V] TORISEL label",
            100 * cv(populationAuc),
            spread(populationAuc),
            0.25,
            "omega(CL) is derived from this CV [D]; weight and dose-per-kg effects add spread: 25 %",
            true,
            false));
    checks.add(
        new Check(
            "temsirolimus Cmax, typical patient (ng/mL)",
            "70 kg adult, 25 mg over 0.5 h",
            585,
            "[V] TORISEL label",
            label.metric(temsirolimus, Metric.CMAX),
            "",
            0.01,
            "V1 was fitted to it [D]: the 1 % is the fit's rounding",
            true,
            false));
    checks.add(
        new Check(
            "temsirolimus Cmax, population mean (ng/mL)",
            "adults 18-80 y, 25 mg over 0.5 h",
            585,
            "[V] TORISEL label, mean (CV 14 %)",
            mean(populationCmax),
            spread(populationCmax),
            0.14,
            "one CV of the published spread: weight and V1 variability move the mean",
            false,
            false));
    checks.add(
        new Check(
            "temsirolimus terminal half-life (h)",
            "70 kg adult, 25 mg over 0.5 h, log-linear 200-300 h",
            17.3,
            "[S] seed document",
            halfLife(label, temsirolimus, 200, 300),
            "",
            0.005,
            "Q3 was fitted to it [D]",
            true,
            false));
    checks.add(
        new Check(
            "sirolimus terminal half-life (h)",
            "70 kg adult, 25 mg over 0.5 h, log-linear 600-900 h",
            54.6,
            "[S] seed document",
            halfLife(label, sirolimus, 600, 900),
            "",
            0.005,
            "Vm2 was fitted to it [D]",
            true,
            false));
    checks.add(
        new Check(
            "sirolimus / temsirolimus AUC(0-inf)",
            "70 kg adult, 25 mg over 0.5 h",
            2.7,
            "[S] secondary transcription",
            label.metric(sirolimus, Metric.AUC_0_INF)
                / label.metric(temsirolimus, Metric.AUC_0_INF),
            "",
            0.005,
            "CLm was derived from it [D]",
            true,
            false));
    double[] doses = {1, 2.5, 5, 10, 25};
    PatientResult[] doseSeries = new PatientResult[doses.length];
    for (int i = 0; i < doses.length; i++) {
      doseSeries[i] = typical(ADULT, single(doses[i], DoseUnit.MG), PROFILE, List.of());
    }
    checks.add(
        new Check(
            "temsirolimus AUC power exponent in dose, 1-25 mg",
            "70 kg adult, 0.5 h infusions",
            0.68,
            "[V] less than dose-proportional (label); exponent 1 - THETA_DOSE [D]",
            exponent(doses, doseSeries, temsirolimus),
            "",
            0.05,
            "THETA_DOSE was derived from the DDI studies' AUC ratios [D]; the published statement is only"
                + " 'less than proportional', so any exponent well below 1 agrees",
            true,
            false));
    checks.add(
        new Check(
            "sirolimus AUC power exponent in dose, 1-25 mg",
            "70 kg adult, 0.5 h infusions",
            1.0,
            "[V] dose-proportional (label)",
            exponent(doses, doseSeries, sirolimus),
            "",
            0.02,
            "all cleared temsirolimus forms sirolimus (Fm = 1 [A]) and CLm does not depend on dose",
            false,
            false));
    addInteraction(checks, "cyp3a4-strong-inhibitor", 5, "ketoconazole", 3.1);
    addInteraction(checks, "cyp3a4-strong-inducer", 25, "rifampin", 0.44);
    PatientResult rifampin =
        typical(ADULT, single(25, DoseUnit.MG), PROFILE, List.of("cyp3a4-strong-inducer"));
    PatientResult control = typical(ADULT, single(25, DoseUnit.MG), PROFILE, List.of());
    checks.add(
        new Check(
            "sirolimus Cmax ratio with / without rifampin",
            "70 kg adult, 25 mg",
            0.35,
            "[V] rifampin study: sirolimus Cmax -65 %",
            rifampin.metric(sirolimus, Metric.CMAX) / control.metric(sirolimus, Metric.CMAX),
            "",
            0.10,
            "a clearance-only modifier cannot lower Cmax this much: a documented limit of the model",
            false,
            true));
    addPediatric(checks);
    return checks;
  }

  private void addInteraction(
      List<Check> checks, String modifier, double doseMg, String drug, double ratio) {
    PatientResult with = typical(ADULT, single(doseMg, DoseUnit.MG), PROFILE, List.of(modifier));
    PatientResult without = typical(ADULT, single(doseMg, DoseUnit.MG), PROFILE, List.of());
    checks.add(
        new Check(
            "sirolimus AUC(0-inf) ratio with / without " + drug,
            "70 kg adult, " + doseMg + " mg",
            ratio,
            "[V] " + drug + " interaction study (label)",
            with.metric(sirolimus, Metric.AUC_0_INF) / without.metric(sirolimus, Metric.AUC_0_INF),
            "",
            0.005,
            "the modifier divides CLm by this ratio [V]",
            true,
            false));
    checks.add(
        new Check(
            "temsirolimus AUC(0-inf) ratio with / without " + drug,
            "70 kg adult, " + doseMg + " mg",
            1.0,
            "[V] " + drug + " study: temsirolimus unchanged",
            with.metric(temsirolimus, Metric.AUC_0_INF)
                / without.metric(temsirolimus, Metric.AUC_0_INF),
            "",
            0.005,
            "the modifier touches only sirolimus clearance",
            false,
            false));
  }

  private void addPediatric(List<Check> checks) {
    Covariates child = new Covariates(8, null, 25.75, 128.1, Math.sqrt(128.1 * 25.75 / 3600));
    TimeGrid weekly = TimeGrid.uniform(672, 1);
    Regimen adultLabel =
        Regimen.of(new DoseLine(Dose.of(25, DoseUnit.MG), LABEL_INFUSION_H, 0, 168, 4));
    Regimen phase2 = Regimen.of(new DoseLine(Dose.of(75, DoseUnit.MG_PER_M2), 1, 0, 168, 4));
    PatientResult adult = typical(ADULT, adultLabel, weekly, List.of());
    PatientResult phase2Child = typical(child, phase2, weekly, List.of());
    checks.add(
        new Check(
            "sum AUC over the last week, 8-y child at 75 mg/m2 / adult at 25 mg",
            "phase II dose, weekly x 4",
            Double.NaN,
            "[V] phase II at 75 mg/m2 weekly; no exposure figure in the reference",
            phase2Child.metric(sum, Metric.AUC_TAU) / adult.metric(sum, Metric.AUC_TAU),
            "",
            Double.NaN,
            "extrapolation: the pediatric variability is [S] and no pediatric exposure is recorded",
            false,
            false));
    Regimen combination = Regimen.of(new DoseLine(Dose.of(15, DoseUnit.MG_PER_M2), 1, 0, 168, 1));
    PatientResult low = typical(child, combination, PROFILE, List.of());
    checks.add(
        new Check(
            "sirolimus / temsirolimus AUC(0-inf), 8-y child at 15 mg/m2",
            "combination-trial dose, once",
            Double.NaN,
            "[V] 15 mg/m2 in combination trials; no ratio in the reference",
            low.metric(sirolimus, Metric.AUC_0_INF) / low.metric(temsirolimus, Metric.AUC_0_INF),
            "",
            Double.NaN,
            "extrapolation: the dose effect and the maturation of CLm decide it",
            false,
            false));
  }

  private static Regimen single(double dose, DoseUnit unit) {
    return Regimen.of(new DoseLine(Dose.of(dose, unit), LABEL_INFUSION_H, 0, 0, 1));
  }

  private PatientResult typical(
      Covariates patient, Regimen regimen, TimeGrid grid, List<String> modifiers) {
    Scenario scenario =
        simulation.scenario().withTypicalPatient(patient).with(regimen, grid, modifiers);
    return simulation.with(scenario).typical().result();
  }

  /** A metric of temsirolimus for every adult of the population, after one label dose. */
  private double[] population(Metric metric) {
    Exposure exposure = new Exposure(temsirolimus, "temsirolimus", metric, "", "mean");
    Scenario adults = simulation.scenario();
    return new ExposureRunner(simulation, exposure, patients)
        .run(adults.demographics(), adults.regimen(), adults.grid());
  }

  /** The slope of log AUC(0-inf) on log dose: the power-model exponent. */
  private static double exponent(double[] doses, PatientResult[] results, int output) {
    SimpleRegression logLog = new SimpleRegression();
    for (int i = 0; i < doses.length; i++) {
      logLog.addData(Math.log(doses[i]), Math.log(results[i].metric(output, Metric.AUC_0_INF)));
    }
    return logLog.getSlope();
  }

  private double halfLife(PatientResult result, int output, int fromH, int toH) {
    double slope =
        Math.log(result.concentration(output, toH) / result.concentration(output, fromH))
            / (toH - fromH);
    return -Math.log(2) / slope;
  }

  /** "median M (90 % P5-P95)" of population values. */
  private static String spread(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(
        java.util.Locale.ROOT,
        "median %.4g (90 %% %.4g-%.4g)",
        Percentiles.exact(sorted, sorted.length, 50),
        Percentiles.exact(sorted, sorted.length, 5),
        Percentiles.exact(sorted, sorted.length, 95));
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  private static double cv(double[] values) {
    double mean = mean(values);
    double variance =
        Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
    return Math.sqrt(variance) / mean;
  }
}
