package io.vpop.solve;

import io.vpop.model.Compartment;
import io.vpop.model.Distribution;
import io.vpop.model.Elimination;
import io.vpop.model.FlowRate;
import io.vpop.model.Formation;
import io.vpop.model.Model;
import io.vpop.model.Output;
import io.vpop.model.Transfer;
import java.util.List;

/**
 * A model's compartment graph compiled to index arrays, so a patient's linear system can be
 * assembled without lookups or allocation. With amounts A (mg) and concentrations C = A / V (mg/L):
 *
 * <pre>
 * dA/dt = K A + b R(t)
 *   distribution i&lt;-&gt;j by Q:   flux Q (C_i - C_j) from i to j
 *   transfer i -&gt; j:             flux CL C_i by a clearance, k A_i by a rate constant (ka)
 *   elimination from i:          flux CL C_i or k A_i out of the body
 *   formation i -&gt; j:            flux Fm (MW_j / MW_i) CL C_i into j (CL the elimination clearance of i)
 * outputs y = W A, in ng/mL (concentrations: 1000 / V per term) or mg (amounts)
 * </pre>
 *
 * where R(t) is the total infusion rate in mg/h into the infusion compartment (b its unit vector).
 * A compartment without a volume (a depot) holds amounts only: its volume index is -1, and the
 * loader lets no clearance or concentration refer to it. Immutable and thread-safe.
 */
public final class CompartmentSystem {
  /** ng/mL per mg/L. */
  private static final double NG_PER_ML_PER_MG_PER_L = 1000.0;

  private final List<Output> outputs;
  private final Model model;
  private final int parameterCount;
  private final int states;
  private final int dosingCompartment;
  private final int[] volume;
  private final int[] bioavailability;
  private final int[] lag;
  private final boolean[] lagVaries;
  private final int[] distributionFirst;
  private final int[] distributionSecond;
  private final int[] distributionClearance;
  private final int[] transferFrom;
  private final int[] transferTo;
  private final int[] transferRate;
  private final boolean[] transferPerVolume;
  private final int[] eliminationCompartment;
  private final int[] eliminationRate;
  private final boolean[] eliminationPerVolume;
  private final int[] formationFrom;
  private final int[] formationTo;
  private final int[] formationClearance;
  private final int[] formationFraction;
  private final double[] formationMolarRatio;
  private final int[] termOutput;
  private final int[] termCompartment;
  private final double[] termFactor;
  private final boolean[] termPerVolume;

  /** The system of a model whose infusions go into its dosing compartment. */
  public CompartmentSystem(Model model) {
    this(model, null);
  }

  /**
   * @param infusionCompartment the compartment a regimen's infusions go into ({@link
   *     io.vpop.regimen.Regimen#infusionCompartment}), or null for the model's dosing compartment
   */
  public CompartmentSystem(Model model, String infusionCompartment) {
    List<Compartment> compartments = model.compartments();
    this.outputs = model.outputs();
    this.parameterCount = model.parameterNames().size();
    this.states = compartments.size();
    this.model = model;
    this.dosingCompartment = model.doseCompartmentIndex(infusionCompartment);
    this.volume =
        compartments.stream()
            .mapToInt(c -> c.hasVolume() ? model.parameterIndex(c.volumeParameter()) : -1)
            .toArray();
    this.bioavailability =
        compartments.stream()
            .mapToInt(
                c ->
                    c.bioavailabilityParameter() == null
                        ? -1
                        : model.parameterIndex(c.bioavailabilityParameter()))
            .toArray();
    this.lag =
        compartments.stream()
            .mapToInt(c -> c.lagParameter() == null ? -1 : model.parameterIndex(c.lagParameter()))
            .toArray();
    this.lagVaries = new boolean[states];
    for (int c = 0; c < states; c++) {
      String parameter = compartments.get(c).lagParameter();
      lagVaries[c] = parameter != null && model.variesBetweenPatients(parameter);
    }

    List<Distribution> distributions = model.distributions();
    this.distributionFirst =
        distributions.stream().mapToInt(d -> model.compartmentIndex(d.first())).toArray();
    this.distributionSecond =
        distributions.stream().mapToInt(d -> model.compartmentIndex(d.second())).toArray();
    this.distributionClearance =
        distributions.stream()
            .mapToInt(d -> model.parameterIndex(d.clearanceParameter()))
            .toArray();

    List<Transfer> transfers = model.transfers();
    this.transferFrom =
        transfers.stream().mapToInt(t -> model.compartmentIndex(t.from())).toArray();
    this.transferTo = transfers.stream().mapToInt(t -> model.compartmentIndex(t.to())).toArray();
    this.transferRate =
        transfers.stream().mapToInt(t -> model.parameterIndex(t.parameter())).toArray();
    this.transferPerVolume = new boolean[transfers.size()];
    for (int t = 0; t < transfers.size(); t++) {
      transferPerVolume[t] = transfers.get(t).rate() == FlowRate.CLEARANCE;
    }

    List<Elimination> eliminations = model.eliminations();
    this.eliminationCompartment =
        eliminations.stream().mapToInt(e -> model.compartmentIndex(e.compartment())).toArray();
    this.eliminationRate =
        eliminations.stream().mapToInt(e -> model.parameterIndex(e.parameter())).toArray();
    this.eliminationPerVolume = new boolean[eliminations.size()];
    for (int e = 0; e < eliminations.size(); e++) {
      eliminationPerVolume[e] = eliminations.get(e).rate() == FlowRate.CLEARANCE;
    }

    List<Formation> formations = model.formations();
    this.formationFrom =
        formations.stream().mapToInt(f -> model.compartmentIndex(f.from())).toArray();
    this.formationTo = formations.stream().mapToInt(f -> model.compartmentIndex(f.to())).toArray();
    this.formationClearance =
        formations.stream().mapToInt(f -> model.parameterIndex(f.clearanceParameter())).toArray();
    this.formationFraction =
        formations.stream().mapToInt(f -> model.parameterIndex(f.fractionParameter())).toArray();
    this.formationMolarRatio = formations.stream().mapToDouble(model::molarRatio).toArray();

    int terms = outputs.stream().mapToInt(o -> o.terms().size()).sum();
    this.termOutput = new int[terms];
    this.termCompartment = new int[terms];
    this.termFactor = new double[terms];
    this.termPerVolume = new boolean[terms];
    int t = 0;
    for (int o = 0; o < outputs.size(); o++) {
      Output output = outputs.get(o);
      for (Output.Term term : output.terms()) {
        termOutput[t] = o;
        termCompartment[t] = model.compartmentIndex(term.compartment());
        termPerVolume[t] = output.measure() == Output.Measure.CONCENTRATION;
        termFactor[t] = termPerVolume[t] ? term.factor() * NG_PER_ML_PER_MG_PER_L : term.factor();
        t++;
      }
    }
  }

  /**
   * The compiled graph as plain arrays, for a backend that rebuilds the same system elsewhere (the
   * CUDA header's {@code VpModel} has these fields, in this order).
   */
  public record Layout(
      int states,
      int outputs,
      int parameters,
      int dosing,
      int[] volume,
      int[] distributionFirst,
      int[] distributionSecond,
      int[] distributionClearance,
      int[] transferFrom,
      int[] transferTo,
      int[] transferRate,
      boolean[] transferPerVolume,
      int[] eliminationCompartment,
      int[] eliminationRate,
      boolean[] eliminationPerVolume,
      int[] formationFrom,
      int[] formationTo,
      int[] formationClearance,
      int[] formationFraction,
      double[] formationMolarRatio,
      int[] termOutput,
      int[] termCompartment,
      boolean[] termPerVolume,
      double[] termFactor) {}

  /** The compiled graph (copies of the arrays). */
  public Layout layout() {
    return new Layout(
        states,
        outputs.size(),
        parameterCount,
        dosingCompartment,
        volume.clone(),
        distributionFirst.clone(),
        distributionSecond.clone(),
        distributionClearance.clone(),
        transferFrom.clone(),
        transferTo.clone(),
        transferRate.clone(),
        transferPerVolume.clone(),
        eliminationCompartment.clone(),
        eliminationRate.clone(),
        eliminationPerVolume.clone(),
        formationFrom.clone(),
        formationTo.clone(),
        formationClearance.clone(),
        formationFraction.clone(),
        formationMolarRatio.clone(),
        termOutput.clone(),
        termCompartment.clone(),
        termPerVolume.clone(),
        termFactor.clone());
  }

  /** The number of individual parameters a patient has. */
  public int parameterCount() {
    return parameterCount;
  }

  /** The number of states (compartments). */
  public int states() {
    return states;
  }

  /** The number of outputs. */
  public int outputs() {
    return outputs.size();
  }

  /** The reported outputs, in order. */
  public List<Output> outputList() {
    return outputs;
  }

  /** The index of the compartment infusions go into. */
  public int dosingCompartment() {
    return dosingCompartment;
  }

  /**
   * The index of the compartment each regimen line's doses go into ({@link Schedule#compartment},
   * resolved by {@link Model#doseCompartmentIndex}). Every solver asks for them when it is made.
   *
   * @throws IllegalArgumentException if an infusion of the schedule goes elsewhere than this
   *     system's input enters (a system made for another regimen would put its drug in the wrong
   *     place without a word)
   */
  public int[] doseCompartments(Schedule schedule) {
    int[] indices = new int[schedule.lines()];
    for (int line = 0; line < indices.length; line++) {
      indices[line] = model.doseCompartmentIndex(schedule.compartment(line));
      if (schedule.duration(line) > 0 && indices[line] != dosingCompartment) {
        throw new IllegalArgumentException(
            "regimen line "
                + line
                + " infuses into compartment "
                + indices[line]
                + ", but this system's input enters compartment "
                + dosingCompartment);
      }
    }
    return indices;
  }

  /**
   * The parameter giving the bioavailability of each regimen line's doses (that of the compartment
   * they go into, {@link #doseCompartments}), or -1 where the whole dose arrives.
   */
  public int[] doseBioavailability(Schedule schedule) {
    return perLine(bioavailability, schedule);
  }

  /**
   * The parameter giving the lag time of each regimen line's doses (that of the compartment they go
   * into, {@link #doseCompartments}), or -1 where they arrive when given.
   */
  public int[] doseLag(Schedule schedule) {
    return perLine(lag, schedule);
  }

  /** A per-compartment parameter index for each regimen line, by the compartment it doses. */
  private int[] perLine(int[] perCompartment, Schedule schedule) {
    int[] compartments = doseCompartments(schedule);
    int[] parameters = new int[compartments.length];
    for (int line = 0; line < parameters.length; line++) {
      parameters[line] = perCompartment[compartments[line]];
    }
    return parameters;
  }

  /**
   * Whether the lag time of some regimen line's doses can differ between patients (variability or a
   * covariate effect on it): then each patient's doses arrive at times of their own.
   */
  public boolean lagsVary(Schedule schedule) {
    for (int compartment : doseCompartments(schedule)) {
      if (lagVaries[compartment]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The amounts that arrive of each line's dose for a patient: the dose times the bioavailability F
   * of its compartment, where it has one.
   *
   * @param p individual parameters
   * @param lineBioavailability {@link #doseBioavailability}
   * @param doseMg the patient's amount per administration of each line, in mg
   * @param arrivingMg receives the amounts that arrive, in mg
   */
  public static void bioavailableDoses(
      double[] p, int[] lineBioavailability, double[] doseMg, double[] arrivingMg) {
    for (int line = 0; line < lineBioavailability.length; line++) {
      int f = lineBioavailability[line];
      arrivingMg[line] = f < 0 ? doseMg[line] : doseMg[line] * p[f];
    }
  }

  /**
   * Fills the rate matrix K (row-major, {@code states x states}, in 1/h) for a patient's
   * parameters.
   *
   * @param p individual parameters, indexed like the model's parameter names
   * @param k receives K; its previous content is overwritten
   */
  public void rateMatrix(double[] p, double[] k) {
    java.util.Arrays.fill(k, 0, states * states, 0.0);
    for (int d = 0; d < distributionClearance.length; d++) {
      int i = distributionFirst[d];
      int j = distributionSecond[d];
      double q = p[distributionClearance[d]];
      double fromI = q / p[volume[i]];
      double fromJ = q / p[volume[j]];
      k[i * states + i] -= fromI;
      k[j * states + i] += fromI;
      k[j * states + j] -= fromJ;
      k[i * states + j] += fromJ;
    }
    for (int t = 0; t < transferRate.length; t++) {
      int i = transferFrom[t];
      int j = transferTo[t];
      double rate = transferPerVolume[t] ? p[transferRate[t]] / p[volume[i]] : p[transferRate[t]];
      k[i * states + i] -= rate;
      k[j * states + i] += rate;
    }
    for (int e = 0; e < eliminationRate.length; e++) {
      int i = eliminationCompartment[e];
      k[i * states + i] -=
          eliminationPerVolume[e] ? p[eliminationRate[e]] / p[volume[i]] : p[eliminationRate[e]];
    }
    for (int f = 0; f < formationFrom.length; f++) {
      int i = formationFrom[f];
      int j = formationTo[f];
      k[j * states + i] +=
          p[formationFraction[f]]
              * formationMolarRatio[f]
              * p[formationClearance[f]]
              / p[volume[i]];
    }
  }

  /** The outputs W A of amounts A, with W from {@link #outputMatrix}. */
  public void outputValues(double[] w, double[] amounts, double[] values) {
    int count = outputs.size();
    for (int k = 0; k < count; k++) {
      double sum = 0;
      for (int i = 0; i < states; i++) {
        sum += w[k * states + i] * amounts[i];
      }
      values[k] = sum;
    }
  }

  /**
   * Fills the output matrix W (row-major, {@code outputs x states}): output o = sum_j W[o][j] A_j,
   * in ng/mL for concentrations and mg for amounts.
   */
  public void outputMatrix(double[] p, double[] w) {
    java.util.Arrays.fill(w, 0, outputs.size() * states, 0.0);
    for (int t = 0; t < termOutput.length; t++) {
      int c = termCompartment[t];
      w[termOutput[t] * states + c] +=
          termPerVolume[t] ? termFactor[t] / p[volume[c]] : termFactor[t];
    }
  }
}
