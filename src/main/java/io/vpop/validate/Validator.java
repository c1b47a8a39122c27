package io.vpop.validate;

import io.vpop.regimen.Dose;
import io.vpop.regimen.DoseLine;
import io.vpop.regimen.Regimen;
import io.vpop.run.Simulation;
import io.vpop.run.Typical;
import io.vpop.scenario.Scenario;
import io.vpop.solve.PatientResult;
import io.vpop.stats.Percentiles;
import io.vpop.sweep.Exposure;
import io.vpop.sweep.ExposureRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Runs a {@link ValidationPlan}: each of its rows' simulated quantities, beside the published
 * figure, as one {@link Check} per row. Typical runs and population metrics are solved once each,
 * however many rows use them.
 */
public final class Validator {
  private final Simulation simulation;
  private final ValidationPlan plan;
  private final int patients;
  private final Map<String, Typical> typicalRuns = new HashMap<>();
  private final Map<String, double[]> populationValues = new HashMap<>();

  /**
   * @param simulation a simulation of the plan's scenario (the typical runs use its solver)
   * @param plan the rows and runs
   * @param patients the size of the population for population rows
   */
  public Validator(Simulation simulation, ValidationPlan plan, int patients) {
    this.simulation = simulation;
    this.plan = plan;
    this.patients = patients;
  }

  /** Every check, in the plan's order. */
  public List<Check> run() {
    List<Check> checks = new ArrayList<>();
    for (ValidationPlan.Row row : plan.rows()) {
      checks.add(
          new Check(
              row.quantity(),
              row.conditions(),
              row.published(),
              row.source(),
              value(row.simulated()),
              spread(row.simulated()),
              row.tolerance(),
              row.why(),
              row.byConstruction(),
              row.knownMiss()));
    }
    return checks;
  }

  private double value(ValidationPlan.Quantity quantity) {
    if (quantity instanceof ValidationPlan.PopulationStatistic p) {
      return p.statistic().equals("mean") ? mean(population(p)) : 100 * cv(population(p));
    }
    if (quantity instanceof ValidationPlan.RunMetric m) {
      return typical(m.run()).result().metric(m.output(), m.metric());
    }
    if (quantity instanceof ValidationPlan.HalfLife h) {
      return halfLife(h);
    }
    if (quantity instanceof ValidationPlan.ParameterValue p) {
      Typical typical = typical(p.run());
      double value = typical.parameters()[p.parameter()];
      return p.perKg() ? value / typical.patient().weightKg() : value;
    }
    if (quantity instanceof ValidationPlan.DoseExponent e) {
      return exponent(e);
    }
    ValidationPlan.Ratio r = (ValidationPlan.Ratio) quantity;
    return value(r.numerator()) / value(r.denominator());
  }

  /** "median M (90 % P5-P95)" of a population row's values; empty for other rows. */
  private String spread(ValidationPlan.Quantity quantity) {
    if (!(quantity instanceof ValidationPlan.PopulationStatistic p)) {
      return "";
    }
    double[] sorted = population(p).clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "median %.4g (90 %% %.4g-%.4g)",
        Percentiles.exact(sorted, sorted.length, 50),
        Percentiles.exact(sorted, sorted.length, 5),
        Percentiles.exact(sorted, sorted.length, 95));
  }

  private Typical typical(String run) {
    return typicalRuns.computeIfAbsent(run, name -> typical(plan.runs().get(name)));
  }

  private Typical typical(Scenario scenario) {
    return simulation.with(scenario).typical();
  }

  /** A metric of an output for every patient of the plan's population. */
  private double[] population(ValidationPlan.PopulationStatistic p) {
    return populationValues.computeIfAbsent(
        p.outputName() + "/" + p.metric().key(),
        key -> {
          Exposure exposure = new Exposure(p.output(), p.outputName(), p.metric(), "", "mean");
          Scenario scenario = plan.scenario();
          return new ExposureRunner(simulation, exposure, patients)
              .run(scenario.demographics(), scenario.regimen(), scenario.grid());
        });
  }

  private double halfLife(ValidationPlan.HalfLife h) {
    PatientResult result = typical(h.run()).result();
    Scenario run = plan.runs().get(h.run());
    double slope =
        Math.log(
                result.concentration(h.output(), h.toIndex())
                    / result.concentration(h.output(), h.fromIndex()))
            / (run.grid().time(h.toIndex()) - run.grid().time(h.fromIndex()));
    return -Math.log(2) / slope;
  }

  /** The slope of log metric on log dose: the power-model exponent. */
  private double exponent(ValidationPlan.DoseExponent e) {
    Scenario run = plan.runs().get(e.run());
    List<DoseLine> lines = run.regimen().lines();
    SimpleRegression logLog = new SimpleRegression();
    for (double dose : e.doses()) {
      List<DoseLine> atDose = new ArrayList<>(lines);
      DoseLine first = lines.get(0);
      atDose.set(0, first.withDose(new Dose(dose, first.dose().unit(), first.dose().capMg())));
      Scenario scenario = run.with(new Regimen(atDose), run.grid(), run.modifiers());
      logLog.addData(
          Math.log(dose), Math.log(typical(scenario).result().metric(e.output(), e.metric())));
    }
    return logLog.getSlope();
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
