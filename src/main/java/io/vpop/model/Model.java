package io.vpop.model;

import io.vpop.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pharmacokinetic model described as data: analytes, compartments (with a volume, or amounts
 * only), distribution, one-way transfers, elimination, metabolite formation, reported outputs, the
 * covariate model, parameter sets, variability and scenario modifiers. A second drug is a second
 * parameter file ({@link ModelLoader}), not new code.
 *
 * <p>Immutable and thread-safe. {@link #individualParameters} allocates nothing and may be called
 * from hot loops.
 */
public final class Model {
  private final String name;
  private final String description;
  private final List<Analyte> analytes;
  private final List<Compartment> compartments;
  private final String dosingCompartment;
  private final List<Distribution> distributions;
  private final List<Transfer> transfers;
  private final List<Elimination> eliminations;
  private final List<Formation> formations;
  private final List<Output> outputs;
  private final CovariateModel covariateModel;
  private final List<String> parameterNames;
  private final Map<String, ParameterSet> parameterSets;
  private final Map<String, Omega> variability;
  private final Map<String, Modifier> modifiers;

  // The covariate effects compiled to one term per (effect, parameter), with parameter indices, so
  // individualParameters() does no lookups.
  private final EffectTerm[] effectTerms;

  // Whether each parameter is a compartment's bioavailability, whose eta acts on the logit scale.
  private final boolean[] bioavailability;

  Model(
      String name,
      String description,
      List<Analyte> analytes,
      List<Compartment> compartments,
      String dosingCompartment,
      List<Distribution> distributions,
      List<Transfer> transfers,
      List<Elimination> eliminations,
      List<Formation> formations,
      List<Output> outputs,
      CovariateModel covariateModel,
      List<ParameterSet> parameterSets,
      List<Omega> variability,
      List<Modifier> modifiers) {
    this.name = name;
    this.description = description;
    this.analytes = List.copyOf(analytes);
    this.compartments = List.copyOf(compartments);
    this.dosingCompartment = dosingCompartment;
    this.distributions = List.copyOf(distributions);
    this.transfers = List.copyOf(transfers);
    this.eliminations = List.copyOf(eliminations);
    this.formations = List.copyOf(formations);
    this.outputs = List.copyOf(outputs);
    this.covariateModel = covariateModel;
    if (parameterSets.isEmpty()) {
      throw InvalidInputException.of("parameter_sets", "at least one parameter set is required");
    }
    this.parameterNames = parameterSets.get(0).parameters().stream().map(Parameter::name).toList();
    this.parameterSets = byName(parameterSets, ParameterSet::name);
    this.variability = byName(variability, Omega::name);
    this.modifiers = byName(modifiers, Modifier::name);

    List<EffectTerm> terms = new ArrayList<>();
    for (CovariateModel.Effect effect : covariateModel.effects()) {
      for (String parameter : effect.parameters()) {
        terms.add(new EffectTerm(effect, parameterIndex(parameter)));
      }
    }
    this.effectTerms = terms.toArray(EffectTerm[]::new);
    this.bioavailability = new boolean[parameterNames.size()];
    for (Compartment compartment : compartments) {
      if (compartment.bioavailabilityParameter() != null) {
        bioavailability[parameterIndex(compartment.bioavailabilityParameter())] = true;
      }
    }
  }

  /** A number of an effect, compiled: the typical value of a parameter, or a value. */
  private record Operand(int parameter, double value) {
    double of(double[] typical) {
      return parameter >= 0 ? typical[parameter] : value;
    }
  }

  /** One effect on one parameter, compiled. */
  private final class EffectTerm {
    final CovariateModel.Form form;
    final int target;
    final Covariate covariate;
    final int declared;
    final double reference;
    final Operand coefficient;
    final Operand hill;
    final double appliesBelow;
    final Operand[] levelFactors;

    EffectTerm(CovariateModel.Effect effect, int target) {
      this.form = effect.form();
      this.target = target;
      this.covariate = effect.covariate();
      this.declared = effect.declared();
      this.reference = effect.reference();
      this.coefficient = operand(effect.coefficient());
      this.hill = operand(effect.hill());
      this.appliesBelow = effect.appliesBelow();
      this.levelFactors =
          effect.levelFactors().stream().map(Model.this::operand).toArray(Operand[]::new);
    }

    /** The factor for a patient, with X of a continuous covariate. */
    double factor(double[] typical, Covariates patient, double firstDoseMg) {
      if (form == CovariateModel.Form.CATEGORICAL) {
        int level = declared >= 0 ? (int) patient.declared()[declared] : covariate.level(patient);
        return levelFactors[level].of(typical);
      }
      double x =
          declared >= 0 ? patient.declared()[declared] : covariate.value(patient, firstDoseMg);
      return switch (form) {
        case POWER -> Math.pow(x / reference, coefficient.of(typical));
        case EXPONENTIAL -> Math.exp(coefficient.of(typical) * (x - reference));
        case LINEAR -> {
          double linear = 1 + coefficient.of(typical) * (x - reference);
          yield linear > 0 ? linear : Double.NaN;
        }
        case MATURATION -> {
          if (!(x < appliesBelow)) {
            yield 1;
          }
          double power = hill.of(typical);
          double rising = Math.pow(x, power);
          yield rising / (rising + Math.pow(coefficient.of(typical), power));
        }
        case CATEGORICAL -> throw new AssertionError("handled above");
      };
    }
  }

  private Operand operand(CovariateModel.Coefficient coefficient) {
    if (coefficient == null) {
      return null;
    }
    return coefficient.parameter() == null
        ? new Operand(-1, coefficient.value())
        : new Operand(parameterIndex(coefficient.parameter()), Double.NaN);
  }

  private static <T> Map<String, T> byName(
      List<T> items, java.util.function.Function<T, String> nameOf) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T item : items) {
      map.put(nameOf.apply(item), item);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public List<Analyte> analytes() {
    return analytes;
  }

  public List<Compartment> compartments() {
    return compartments;
  }

  /** The compartment doses go into where a regimen line names none. */
  public String dosingCompartment() {
    return dosingCompartment;
  }

  public List<Distribution> distributions() {
    return distributions;
  }

  /** The one-way first-order transfers, in file order. */
  public List<Transfer> transfers() {
    return transfers;
  }

  public List<Elimination> eliminations() {
    return eliminations;
  }

  /**
   * The compartments from which no path of flows leads out of the body (no elimination of their own
   * and no transfer or distribution to a compartment with a way out): an amount put there never
   * leaves, so a regimen has no steady state.
   */
  public List<String> compartmentsWithoutExit() {
    int n = compartments.size();
    boolean[] exits = new boolean[n];
    for (Elimination elimination : eliminations) {
      exits[compartmentIndex(elimination.compartment())] = true;
    }
    for (boolean changed = true; changed; ) {
      changed = false;
      for (Transfer transfer : transfers) {
        changed |=
            reaches(exits, compartmentIndex(transfer.from()), compartmentIndex(transfer.to()));
      }
      for (Distribution distribution : distributions) {
        int first = compartmentIndex(distribution.first());
        int second = compartmentIndex(distribution.second());
        changed |= reaches(exits, first, second);
        changed |= reaches(exits, second, first);
      }
    }
    List<String> closed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!exits[i]) {
        closed.add(compartments.get(i).name());
      }
    }
    return closed;
  }

  /** Marks {@code from} as having a way out when {@code to} has one; whether that is new. */
  private static boolean reaches(boolean[] exits, int from, int to) {
    if (exits[to] && !exits[from]) {
      exits[from] = true;
      return true;
    }
    return false;
  }

  public List<Formation> formations() {
    return formations;
  }

  /** The reported outputs, in report order. */
  public List<Output> outputs() {
    return outputs;
  }

  public CovariateModel covariateModel() {
    return covariateModel;
  }

  /** The covariates the model declares beyond the built-in ones, in a patient's value order. */
  public List<DeclaredCovariate> declaredCovariates() {
    return covariateModel.declared();
  }

  /** The parameter names; individual parameter arrays are indexed in this order. */
  public List<String> parameterNames() {
    return parameterNames;
  }

  public Map<String, ParameterSet> parameterSets() {
    return parameterSets;
  }

  public Map<String, Omega> variability() {
    return variability;
  }

  public Map<String, Modifier> modifiers() {
    return modifiers;
  }

  /**
   * Whether a parameter can differ between patients of a run: some variability set gives it an
   * omega above 0, or a covariate effect acts on it.
   */
  public boolean variesBetweenPatients(String parameter) {
    return variability.values().stream()
            .flatMap(omega -> omega.entries().stream())
            .anyMatch(entry -> entry.parameter().equals(parameter) && entry.omega() > 0)
        || covariateModel.effects().stream()
            .anyMatch(effect -> effect.parameters().contains(parameter));
  }

  /**
   * The index of an output, in the order of {@link #outputs()}.
   *
   * @param field the field the name came from, for the error message
   * @throws InvalidInputException if the model has no such output
   */
  public int outputIndex(String output, String field) {
    for (int k = 0; k < outputs.size(); k++) {
      if (outputs.get(k).name().equals(output)) {
        return k;
      }
    }
    throw new InvalidInputException(
        field, output, String.join(", ", outputs.stream().map(Output::name).toList()));
  }

  /** The index of a compartment, in the order of {@link #compartments()}. */
  public int compartmentIndex(String compartment) {
    for (int i = 0; i < compartments.size(); i++) {
      if (compartments.get(i).name().equals(compartment)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no compartment " + compartment + " in model " + name);
  }

  /**
   * The index of the compartment a regimen line's doses go into: the one it names, or the dosing
   * compartment when it names none (null).
   *
   * @throws IllegalArgumentException if the model has no such compartment (the scenario loader
   *     refuses one first)
   */
  public int doseCompartmentIndex(String lineCompartment) {
    return compartmentIndex(lineCompartment == null ? dosingCompartment : lineCompartment);
  }

  /** The index of a parameter in individual parameter arrays. */
  public int parameterIndex(String parameter) {
    int index = parameterNames.indexOf(parameter);
    if (index < 0) {
      throw new IllegalArgumentException("no parameter " + parameter + " in model " + name);
    }
    return index;
  }

  /** The analyte a compartment holds. */
  public Analyte analyteOf(Compartment compartment) {
    return analytes.stream()
        .filter(a -> a.name().equals(compartment.analyte()))
        .findFirst()
        .orElseThrow();
  }

  /** Mass of metabolite formed per mass of parent cleared: MW(to) / MW(from). */
  public double molarRatio(Formation formation) {
    double parent =
        analyteOf(compartments.get(compartmentIndex(formation.from()))).molecularWeight();
    double metabolite =
        analyteOf(compartments.get(compartmentIndex(formation.to()))).molecularWeight();
    return metabolite / parent;
  }

  /**
   * A parameter set by name.
   *
   * @param field the field the name came from, for the error message
   * @throws InvalidInputException if the model has no such set
   */
  public ParameterSet parameterSet(String setName, String field) {
    ParameterSet set = parameterSets.get(setName);
    if (set == null) {
      throw new InvalidInputException(field, setName, String.join(", ", parameterSets.keySet()));
    }
    return set;
  }

  /**
   * Multiplicative factors per parameter for a list of modifier names (1 for parameters no modifier
   * touches).
   *
   * @param field the field the names came from, for the error message
   * @throws InvalidInputException if a name is not a modifier of this model
   */
  public double[] modifierFactors(List<String> modifierNames, String field) {
    double[] factors = new double[parameterNames.size()];
    Arrays.fill(factors, 1.0);
    java.util.Map<String, String> scaled = new java.util.HashMap<>();
    for (String modifierName : modifierNames) {
      Modifier modifier = modifiers.get(modifierName);
      if (modifier == null) {
        throw new InvalidInputException(field, modifierName, String.join(", ", modifiers.keySet()));
      }
      String earlier = scaled.put(modifier.parameter(), modifierName);
      if (earlier != null) {
        throw new InvalidInputException(
            field,
            modifierName,
            "one modifier per parameter ("
                + earlier
                + " already scales "
                + modifier.parameter()
                + ")");
      }
      factors[parameterIndex(modifier.parameter())] /= modifier.divisor();
    }
    return factors;
  }

  /**
   * A patient's parameters from the typical values and the covariate effects (see {@link
   * CovariateModel}).
   *
   * <p>A bioavailability F varies on the logit scale, as population models of oral drugs write it:
   * logit F_i = logit F + eta, that is F_i = F / (F + (1 - F) e^-eta), so that no eta takes it out
   * of (0, 1]. Its covariate effects and modifiers act on F before the eta, and must leave it
   * within (0, 1].
   *
   * @param typical typical values, indexed like {@link #parameterNames()}
   * @param patient the patient's covariates
   * @param firstDoseMg the first regimen line's amount per administration in mg, which the dose
   *     covariates (dose_mg, dose_mg_per_kg, dose_mg_per_m2) read
   * @param eta the patient's random effects per parameter (0 for none); the value is multiplied by
   *     exp(eta), or a bioavailability's logit shifted by it
   * @param factors the modifier factors from {@link #modifierFactors}
   * @param individual receives the patient's values, indexed like {@link #parameterNames()}
   * @throws InvalidInputException if an effect reads the sex of a patient whose sex is not known,
   *     or if the covariate effects or modifiers take a bioavailability above 1
   */
  public void individualParameters(
      double[] typical,
      Covariates patient,
      double firstDoseMg,
      double[] eta,
      double[] factors,
      double[] individual) {
    for (int p = 0; p < individual.length; p++) {
      // A bioavailability takes its eta after the covariate effects, below.
      individual[p] = typical[p] * (bioavailability[p] ? 1 : Math.exp(eta[p])) * factors[p];
    }
    for (EffectTerm term : effectTerms) {
      individual[term.target] *= term.factor(typical, patient, firstDoseMg);
    }
    for (int p = 0; p < individual.length; p++) {
      if (!bioavailability[p]) {
        continue;
      }
      double f = individual[p];
      if (!(f > 0 && f <= 1)) {
        throw new InvalidInputException(
            parameterNames.get(p),
            f,
            "a bioavailability in (0, 1], which the covariate effects and modifiers on it must"
                + " keep");
      }
      if (eta[p] != 0) {
        individual[p] = f / (f + (1 - f) * Math.exp(-eta[p]));
      }
    }
  }
}
