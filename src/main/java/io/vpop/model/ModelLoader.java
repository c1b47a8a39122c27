package io.vpop.model;

import io.vpop.InvalidInputException;
import io.vpop.config.ConfigNode;
import io.vpop.config.InputFiles;
import io.vpop.config.ShippedFiles;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a model parameter file (YAML; the shipped one is {@code io/vpop/models/temsirolimus.yaml})
 * and checks it: every name it refers to exists, volumes are &gt; 0, clearances &gt;= 0, fractions
 * within [0, 1], bioavailabilities within (0, 1] (below 1 where they vary, on the logit scale), lag
 * times from 0 h, every parameter set defines the same parameters. Errors name the field path in
 * the file.
 */
public final class ModelLoader {
  private static final String BUILT_IN = "/io/vpop/models/";

  private ModelLoader() {}

  /** The names of the models shipped in the jar. */
  public static List<String> builtInNames() {
    return ShippedFiles.yamlNames(BUILT_IN);
  }

  /**
   * A model shipped in the jar.
   *
   * @param field the field the name came from, for the error message
   * @throws InvalidInputException if there is no such model
   */
  public static Model builtIn(String name, String field) {
    String text = builtInText(name, field);
    return parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name + ".yaml");
  }

  /**
   * A shipped model's file as shipped, comments and sources included: a model file to copy.
   *
   * @param field the field the name came from, for the error message
   * @throws InvalidInputException if there is no such model
   */
  public static String builtInText(String name, String field) {
    if (!builtInNames().contains(name)) {
      throw new InvalidInputException(field, name, String.join(", ", builtInNames()));
    }
    return ShippedFiles.text(BUILT_IN, name);
  }

  /**
   * A model parameter file of the user's.
   *
   * @param field where the path came from, for the error message
   * @throws InvalidInputException naming {@code field} if the file cannot be read ({@link
   *     InputFiles}), or the field of the first problem in it
   */
  public static Model file(Path path, String field) {
    String text = InputFiles.text(path, field, "model parameter file");
    return parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        path.getFileName().toString());
  }

  /**
   * Parses and checks a model file.
   *
   * @param source the file's name, for error messages
   * @throws InvalidInputException naming the field of the first problem found
   */
  public static Model parse(InputStream in, String source) {
    ConfigNode root = ConfigNode.parse(in, source);
    root.allowOnly(
        "name",
        "description",
        "analytes",
        "compartments",
        "dosing_compartment",
        "distribution",
        "transfer",
        "elimination",
        "formation",
        "outputs",
        "covariates",
        "parameter_sets",
        "variability",
        "modifiers");

    List<Analyte> analytes = new ArrayList<>();
    for (ConfigNode node : root.objects("analytes")) {
      node.allowOnly("name", "molecular_weight_g_per_mol", "source");
      double mw =
          ModelLimits.require(
              node.pathOf("molecular_weight_g_per_mol"),
              node.number("molecular_weight_g_per_mol"),
              ModelLimits.MIN_MOLECULAR_WEIGHT,
              true,
              ModelLimits.MAX_MOLECULAR_WEIGHT,
              "g/mol");
      analytes.add(new Analyte(unique(node, analytes, Analyte::name), mw, node.text("source")));
    }
    Set<String> analyteNames = names(analytes, Analyte::name);

    List<ParameterSet> sets = parameterSets(root);
    Set<String> parameters =
        new LinkedHashSet<>(sets.get(0).parameters().stream().map(Parameter::name).toList());
    Set<String> volumeParameters = new HashSet<>();
    Set<String> clearanceParameters = new HashSet<>();
    Set<String> rateConstantParameters = new HashSet<>();
    Set<String> fractionParameters = new HashSet<>();
    Set<String> bioavailabilityParameters = new HashSet<>();
    Set<String> lagParameters = new HashSet<>();

    List<Compartment> compartments = new ArrayList<>();
    for (ConfigNode node : root.objects("compartments")) {
      node.allowOnly("name", "analyte", "volume", "bioavailability", "lag_time");
      String name = unique(node, compartments, Compartment::name);
      String analyte = oneOf(node, "analyte", analyteNames);
      // Without a volume: amounts only (a depot).
      String volume = node.present("volume") ? oneOf(node, "volume", parameters) : null;
      if (volume != null) {
        volumeParameters.add(volume);
      }
      String bioavailability =
          node.present("bioavailability") ? oneOf(node, "bioavailability", parameters) : null;
      if (bioavailability != null) {
        bioavailabilityParameters.add(bioavailability);
      }
      String lag = node.present("lag_time") ? oneOf(node, "lag_time", parameters) : null;
      if (lag != null) {
        lagParameters.add(lag);
      }
      compartments.add(new Compartment(name, analyte, volume, bioavailability, lag));
    }
    Map<String, Compartment> compartmentsByName = new java.util.LinkedHashMap<>();
    compartments.forEach(c -> compartmentsByName.put(c.name(), c));
    Set<String> compartmentNames = compartmentsByName.keySet();
    String dosing = oneOf(root, "dosing_compartment", compartmentNames);

    List<Distribution> distributions = new ArrayList<>();
    for (ConfigNode node : root.objectsOrEmpty("distribution")) {
      node.allowOnly("between", "clearance");
      List<String> between = node.texts("between");
      if (between.size() != 2 || between.get(0).equals(between.get(1))) {
        throw new InvalidInputException(
            node.pathOf("between"), between.toString(), "two different compartments");
      }
      for (String compartment : between) {
        if (!compartmentNames.contains(compartment)) {
          throw new InvalidInputException(
              node.pathOf("between"), compartment, String.join(", ", compartmentNames));
        }
        requireVolume(node, "between", compartmentsByName.get(compartment), "a distribution");
      }
      String clearance = oneOf(node, "clearance", parameters);
      clearanceParameters.add(clearance);
      distributions.add(new Distribution(between.get(0), between.get(1), clearance));
    }

    List<Transfer> transfers = new ArrayList<>();
    for (ConfigNode node : root.objectsOrEmpty("transfer")) {
      node.allowOnly("from", "to", "clearance", "rate_constant");
      String from = oneOf(node, "from", compartmentNames);
      String to = oneOf(node, "to", compartmentNames);
      if (from.equals(to)) {
        throw new InvalidInputException(node.pathOf("to"), to, "a compartment other than " + from);
      }
      String analyte = compartmentsByName.get(from).analyte();
      if (!compartmentsByName.get(to).analyte().equals(analyte)) {
        throw new InvalidInputException(
            node.pathOf("to"),
            to,
            "a compartment of " + analyte + " (a metabolite comes from a formation)");
      }
      FlowRate rate = flowRate(node, compartmentsByName.get(from), "a transfer");
      String parameter = oneOf(node, rate.key(), parameters);
      (rate == FlowRate.CLEARANCE ? clearanceParameters : rateConstantParameters).add(parameter);
      transfers.add(new Transfer(from, to, parameter, rate));
    }

    List<Elimination> eliminations = new ArrayList<>();
    for (ConfigNode node : root.objectsOrEmpty("elimination")) {
      node.allowOnly("from", "clearance", "rate_constant");
      String from = oneOf(node, "from", compartmentNames);
      FlowRate rate = flowRate(node, compartmentsByName.get(from), "an elimination");
      String parameter = oneOf(node, rate.key(), parameters);
      (rate == FlowRate.CLEARANCE ? clearanceParameters : rateConstantParameters).add(parameter);
      eliminations.add(new Elimination(from, parameter, rate));
    }

    List<Formation> formations = new ArrayList<>();
    for (ConfigNode node : root.objectsOrEmpty("formation")) {
      node.allowOnly("from", "to", "clearance", "fraction");
      String from = oneOf(node, "from", compartmentNames);
      String to = oneOf(node, "to", compartmentNames);
      String clearance = oneOf(node, "clearance", parameters);
      boolean eliminated =
          eliminations.stream()
              .anyMatch(
                  e ->
                      e.compartment().equals(from)
                          && e.rate() == FlowRate.CLEARANCE
                          && e.parameter().equals(clearance));
      if (!eliminated) {
        throw new InvalidInputException(
            node.pathOf("clearance"), clearance, "a clearance that eliminates from " + from);
      }
      String fraction = oneOf(node, "fraction", parameters);
      fractionParameters.add(fraction);
      formations.add(new Formation(from, to, clearance, fraction));
    }

    List<Output> outputs = new ArrayList<>();
    for (ConfigNode node : root.objects("outputs")) {
      node.allowOnly("name", "label", "measure", "compartments", "factors", "residual_error");
      String name = unique(node, outputs, Output::name);
      if (!name.matches(OUTPUT_NAME)) {
        // The name goes into file names (bands_NAME_log.png) and CSV columns.
        throw new InvalidInputException(
            node.pathOf("name"), name, "lower-case letters, digits and _, starting with a letter");
      }
      String measureText = node.text("measure", "concentration");
      Output.Measure measure =
          switch (measureText) {
            case "concentration" -> Output.Measure.CONCENTRATION;
            case "amount" -> Output.Measure.AMOUNT;
            default ->
                throw new InvalidInputException(
                    node.pathOf("measure"), measureText, "concentration, amount");
          };
      List<String> members = node.texts("compartments");
      List<Double> factors = new ArrayList<>();
      if (node.has("factors")) {
        for (double factor : node.numbers("factors")) {
          factors.add(factor);
        }
        if (factors.size() != members.size()) {
          throw new InvalidInputException(
              node.pathOf("factors"), factors.toString(), "one factor per compartment");
        }
      }
      List<Output.Term> terms = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        if (!compartmentNames.contains(members.get(i))) {
          throw new InvalidInputException(
              node.pathOf("compartments"), members.get(i), String.join(", ", compartmentNames));
        }
        if (measure == Output.Measure.CONCENTRATION) {
          requireVolume(
              node, "compartments", compartmentsByName.get(members.get(i)), "a concentration");
        }
        terms.add(new Output.Term(members.get(i), factors.isEmpty() ? 1.0 : factors.get(i)));
      }
      if (terms.isEmpty()) {
        throw InvalidInputException.of(
            node.pathOf("compartments"), "an output needs at least one compartment");
      }
      outputs.add(
          new Output(
              name,
              node.text("label", Output.defaultLabel(name, measure)),
              measure,
              terms,
              node.has("residual_error")
                  ? Optional.of(residualError(node.object("residual_error"), measure.unit()))
                  : Optional.empty()));
    }
    if (outputs.isEmpty()) {
      throw InvalidInputException.of("outputs", "at least one output is required");
    }

    Map<String, Range> coefficientRoles = new java.util.HashMap<>();
    CovariateModel covariates = covariates(root, parameters, coefficientRoles);

    // A bioavailability of 1 in some set, by parameter: the set's name (its logit is infinite).
    Map<String, String> bioavailabilityAtOne = new java.util.HashMap<>();
    for (ParameterSet set : sets) {
      for (Parameter parameter : set.parameters()) {
        String field =
            "parameter_sets." + set.name() + ".parameters." + parameter.name() + ".value";
        double value = parameter.value();
        if (volumeParameters.contains(parameter.name()) && !(value > 0)) {
          throw new InvalidInputException(field, value, "a volume > 0 L");
        }
        if (clearanceParameters.contains(parameter.name()) && !(value >= 0)) {
          throw new InvalidInputException(field, value, "a clearance >= 0 L/h");
        }
        if (fractionParameters.contains(parameter.name()) && !(value >= 0 && value <= 1)) {
          throw new InvalidInputException(field, value, "a fraction from 0 to 1");
        }
        if (bioavailabilityParameters.contains(parameter.name()) && !(value > 0 && value <= 1)) {
          throw new InvalidInputException(field, value, "a bioavailability > 0 and at most 1");
        }
        if (bioavailabilityParameters.contains(parameter.name()) && value == 1) {
          bioavailabilityAtOne.putIfAbsent(parameter.name(), set.name());
        }
        if (lagParameters.contains(parameter.name())
            && !(value >= 0 && value <= ModelLimits.MAX_LAG_H)) {
          throw new InvalidInputException(
              field, value, "a lag time from 0 to " + ModelLimits.MAX_LAG_H + " h");
        }
        requireRange(
            field,
            parameter.name(),
            value,
            volumeParameters,
            clearanceParameters,
            rateConstantParameters,
            coefficientRoles);
      }
    }

    List<Omega> variability = new ArrayList<>();
    if (root.has("variability")) {
      for (Map.Entry<String, ConfigNode> set : root.entries("variability")) {
        variability.add(omega(set.getKey(), set.getValue(), parameters, bioavailabilityAtOne));
      }
    }

    List<Modifier> modifiers = new ArrayList<>();
    if (root.has("modifiers")) {
      for (Map.Entry<String, ConfigNode> entry : root.entries("modifiers")) {
        ConfigNode node = entry.getValue().allowOnly("parameter", "divide_by", "source");
        double divisor = node.number("divide_by");
        if (!(divisor > 0)) {
          throw new InvalidInputException(node.pathOf("divide_by"), divisor, "> 0");
        }
        ModelLimits.require(
            node.pathOf("divide_by"),
            divisor,
            ModelLimits.MIN_DIVISOR,
            true,
            ModelLimits.MAX_DIVISOR,
            "");
        modifiers.add(
            new Modifier(
                entry.getKey(),
                oneOf(node, "parameter", parameters),
                divisor,
                node.text("source")));
      }
    }

    return new Model(
        root.text("name"),
        root.text("description", ""),
        analytes,
        compartments,
        dosing,
        distributions,
        transfers,
        eliminations,
        formations,
        outputs,
        covariates,
        sets,
        variability,
        modifiers);
  }

  /**
   * One variability set: a mapping of parameter names to {omega, source}, and optionally {@code
   * correlations}, a list of {between: [P, Q], correlation: r, source}.
   */
  private static Omega omega(
      String name,
      ConfigNode set,
      Set<String> parameters,
      Map<String, String> bioavailabilityAtOne) {
    List<Omega.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, ConfigNode> entry : set.entriesExcept("correlations")) {
      if (!parameters.contains(entry.getKey())) {
        throw new InvalidInputException(
            entry.getValue().path(), entry.getKey(), String.join(", ", parameters));
      }
      ConfigNode node = entry.getValue().allowOnly("omega", "source");
      double omega = node.number("omega");
      if (!(omega >= 0)) {
        throw new InvalidInputException(node.pathOf("omega"), omega, ">= 0 (SD on the log scale)");
      }
      String atOne = bioavailabilityAtOne.get(entry.getKey());
      if (omega != 0 && atOne != null) {
        throw new InvalidInputException(
            node.pathOf("omega"),
            omega,
            "0 while "
                + entry.getKey()
                + " is 1 in parameter set "
                + atOne
                + " (a bioavailability varies on the logit scale, logit F + eta, which 1 does not"
                + " leave)");
      }
      if (omega != 0) {
        // A smaller omega is no variability at all, and its square underflows Omega's Cholesky.
        ModelLimits.require(
            node.pathOf("omega"), omega, ModelLimits.MIN_OMEGA, true, ModelLimits.MAX_OMEGA, "");
      }
      entries.add(new Omega.Entry(entry.getKey(), omega, node.text("source")));
    }
    List<String> varying = entries.stream().map(Omega.Entry::parameter).toList();
    List<Omega.Correlation> correlations = new ArrayList<>();
    for (ConfigNode node : set.objectsOrEmpty("correlations")) {
      node.allowOnly("between", "correlation", "source");
      List<String> between = node.texts("between");
      if (between.size() != 2
          || between.get(0).equals(between.get(1))
          || !varying.containsAll(between)) {
        throw new InvalidInputException(
            node.pathOf("between"),
            String.join(", ", between),
            "two different parameters of this set: " + String.join(", ", varying));
      }
      double correlation = node.number("correlation");
      if (!(correlation > -1 && correlation < 1)) {
        throw new InvalidInputException(
            node.pathOf("correlation"), correlation, "between -1 and 1");
      }
      correlations.add(
          new Omega.Correlation(between.get(0), between.get(1), correlation, node.text("source")));
    }
    Omega omega = new Omega(name, entries, correlations);
    if (!omega.positiveDefinite()) {
      throw InvalidInputException.of(
          set.pathOf("correlations"),
          "these correlations make an Omega that is not positive definite; allowed: correlations"
              + " of a positive-definite covariance matrix");
    }
    return omega;
  }

  private static List<ParameterSet> parameterSets(ConfigNode root) {
    List<ParameterSet> sets = new ArrayList<>();
    List<String> expected = null;
    for (Map.Entry<String, ConfigNode> entry : root.entries("parameter_sets")) {
      ConfigNode setNode = entry.getValue().allowOnly("description", "parameters");
      List<Parameter> parameters = new ArrayList<>();
      for (Map.Entry<String, ConfigNode> p : setNode.entries("parameters")) {
        ConfigNode node = p.getValue().allowOnly("value", "unit", "source");
        parameters.add(
            new Parameter(
                p.getKey(), node.number("value"), node.text("unit"), node.text("source")));
      }
      List<String> names = parameters.stream().map(Parameter::name).toList();
      if (expected == null) {
        expected = names;
      } else if (!expected.equals(names)) {
        throw new InvalidInputException(
            setNode.pathOf("parameters"),
            String.join(", ", names),
            "the parameters " + String.join(", ", expected) + " in that order");
      }
      sets.add(new ParameterSet(entry.getKey(), setNode.text("description", ""), parameters));
    }
    if (sets.isEmpty()) {
      throw InvalidInputException.of("parameter_sets", "at least one parameter set is required");
    }
    return sets;
  }

  /** The range of a number: {@code min < value <= max} ({@code min <= value} when included). */
  private record Range(double min, boolean minIncluded, double max, String unit) {
    double require(String field, double value) {
      return ModelLimits.require(field, value, min, minIncluded, max, unit);
    }
  }

  /** Exponents and the coefficients of exponential and linear effects, either sign. */
  private static final Range EXPONENT =
      new Range(-ModelLimits.MAX_EXPONENT, true, ModelLimits.MAX_EXPONENT, "");

  /** Hill coefficients. */
  private static final Range HILL = new Range(0, false, ModelLimits.MAX_HILL, "");

  /** Factors of a categorical level, as the modifiers' divisors. */
  private static final Range LEVEL_FACTOR =
      new Range(ModelLimits.MIN_DIVISOR, true, ModelLimits.MAX_DIVISOR, "");

  /** A reference or threshold on a covariate, in its unit. */
  private static Range on(Covariate covariate) {
    return new Range(covariate.min(), false, covariate.max(), covariate.unit());
  }

  /**
   * The covariate effects ({@link CovariateModel}): {@code covariates: { effects: [...] }}, each
   * with its form, parameters, covariate and numbers. A number is a value or the name of a
   * parameter; {@code roles} receives, for each parameter named so, the range its typical values
   * must lie in.
   */
  private static CovariateModel covariates(
      ConfigNode root, Set<String> parameters, Map<String, Range> roles) {
    if (!root.present("covariates")) {
      return new CovariateModel(List.of(), List.of());
    }
    ConfigNode node = root.object("covariates").allowOnly("declared", "effects");
    List<DeclaredCovariate> declared = declared(node);
    List<CovariateModel.Effect> effects = new ArrayList<>();
    for (ConfigNode item : node.objectsOrEmpty("effects")) {
      CovariateModel.Form form = CovariateModel.Form.parse(item.text("form"), item.pathOf("form"));
      switch (form) {
        case POWER ->
            item.allowOnly("form", "parameters", "covariate", "reference", "exponent", "source");
        case EXPONENTIAL, LINEAR ->
            item.allowOnly("form", "parameters", "covariate", "reference", "coefficient", "source");
        case CATEGORICAL -> item.allowOnly("form", "parameters", "covariate", "factors", "source");
        case MATURATION ->
            item.allowOnly(
                "form", "parameters", "covariate", "half", "hill", "applies_below", "source");
      }
      List<String> names = item.texts("parameters");
      if (names.isEmpty()) {
        throw InvalidInputException.of(item.pathOf("parameters"), "at least one parameter");
      }
      for (String name : names) {
        if (!parameters.contains(name)) {
          throw new InvalidInputException(
              item.pathOf("parameters"), name, String.join(", ", parameters));
        }
      }
      EffectCovariate covariate =
          EffectCovariate.of(item.text("covariate"), item.pathOf("covariate"), declared);
      if (covariate.categorical() != (form == CovariateModel.Form.CATEGORICAL)) {
        throw new InvalidInputException(
            item.pathOf("covariate"),
            covariate.name(),
            form == CovariateModel.Form.CATEGORICAL
                ? "a categorical covariate (sex, or a declared one with levels)"
                : "a continuous covariate (not sex, nor a declared one with levels)");
      }
      double reference = Double.NaN;
      CovariateModel.Coefficient coefficient = null;
      CovariateModel.Coefficient hill = null;
      double appliesBelow = Double.POSITIVE_INFINITY;
      List<CovariateModel.Coefficient> levelFactors = new ArrayList<>();
      switch (form) {
        case POWER, EXPONENTIAL, LINEAR -> {
          reference =
              covariate.reference(item.object("reference"), form == CovariateModel.Form.POWER);
          String key = form == CovariateModel.Form.POWER ? "exponent" : "coefficient";
          coefficient = coefficient(item, key, EXPONENT, parameters, roles);
        }
        case MATURATION -> {
          coefficient = coefficient(item, "half", covariate.positive(), parameters, roles);
          hill = coefficient(item, "hill", HILL, parameters, roles);
          if (item.has("applies_below")) {
            appliesBelow = covariate.reference(item.object("applies_below"), true);
          }
        }
        case CATEGORICAL -> {
          List<String> levels = covariate.levels();
          ConfigNode factors = item.object("factors");
          factors.allowOnly(levels.toArray(String[]::new));
          for (String level : levels) {
            levelFactors.add(
                factors.has(level)
                    ? coefficient(factors, level, LEVEL_FACTOR, parameters, roles)
                    : CovariateModel.Coefficient.of(1));
          }
        }
      }
      effects.add(
          new CovariateModel.Effect(
              form,
              names,
              covariate.builtIn(),
              covariate.declaredIndex(),
              reference,
              coefficient,
              hill,
              appliesBelow,
              levelFactors,
              item.text("source")));
    }
    return new CovariateModel(declared, effects);
  }

  /**
   * {@code covariates.declared}: a list of {name, unit, min, max, source} (continuous) or {name,
   * levels, source} (categorical), each name new (not a built-in covariate's) and once.
   */
  private static List<DeclaredCovariate> declared(ConfigNode node) {
    List<DeclaredCovariate> declared = new ArrayList<>();
    for (ConfigNode item : node.objectsOrEmpty("declared")) {
      boolean categorical = item.present("levels");
      if (categorical) {
        item.allowOnly("name", "levels", "source");
      } else {
        item.allowOnly("name", "unit", "min", "max", "source");
      }
      String name = item.text("name");
      boolean builtIn =
          java.util.Arrays.stream(Covariate.values()).anyMatch(c -> c.key().equals(name));
      if (builtIn
          || !name.matches("[A-Za-z][A-Za-z0-9_]*")
          || declared.stream().anyMatch(d -> d.name().equals(name))) {
        throw new InvalidInputException(
            item.pathOf("name"),
            name,
            "a new name of letters, digits and _ (starting with a letter), once, not a built-in"
                + " covariate's");
      }
      if (categorical) {
        List<String> levels = item.texts("levels");
        if (levels.size() < 2 || new HashSet<>(levels).size() < levels.size()) {
          throw new InvalidInputException(
              item.pathOf("levels"), levels, "two or more level names, each once");
        }
        declared.add(DeclaredCovariate.categorical(name, levels, item.text("source")));
        continue;
      }
      double min = item.number("min");
      double max = item.number("max");
      if (!(max > min)) {
        throw new InvalidInputException(item.pathOf("max"), max, "above min " + min);
      }
      declared.add(
          DeclaredCovariate.continuous(name, item.text("unit"), min, max, item.text("source")));
    }
    return declared;
  }

  /**
   * The covariate X of an effect: a built-in one, or one the model declares (a continuous one's
   * references within the declared range).
   *
   * @param builtIn the built-in covariate, or null for a declared one
   * @param declared the declared covariate, or null for a built-in one
   * @param declaredIndex its index among the declared ones; -1 for a built-in one
   */
  private record EffectCovariate(Covariate builtIn, DeclaredCovariate declared, int declaredIndex) {
    static EffectCovariate of(String name, String field, List<DeclaredCovariate> declared) {
      for (int i = 0; i < declared.size(); i++) {
        if (declared.get(i).name().equals(name)) {
          return new EffectCovariate(null, declared.get(i), i);
        }
      }
      List<String> names = declared.stream().map(DeclaredCovariate::name).toList();
      return new EffectCovariate(Covariate.of(name, field, names), null, -1);
    }

    String name() {
      return builtIn != null ? builtIn.key() : declared.name();
    }

    boolean categorical() {
      return builtIn != null ? builtIn.categorical() : declared.categorical();
    }

    /** A categorical covariate's level names, in the order of a patient's level index. */
    List<String> levels() {
      return builtIn != null ? builtIn.levels() : declared.levels();
    }

    /**
     * The range of a number that divides or is raised (a power's reference, a maturation's half and
     * threshold): above 0.
     */
    Range positive() {
      return builtIn != null
          ? on(builtIn)
          : new Range(
              Math.max(declared.min(), 0), declared.min() > 0, declared.max(), declared.unit());
    }

    /**
     * A {value, unit, source} reference or threshold in X's unit: a built-in covariate's within its
     * limits, a declared one's within its range ({@link #positive} where {@code positive}).
     */
    double reference(ConfigNode node, boolean positive) {
      if (builtIn != null) {
        return quantity(node, builtIn.unit(), builtIn.min(), builtIn.max());
      }
      node.allowOnly("value", "unit", "source");
      node.text("source");
      if (!node.text("unit").equals(declared.unit())) {
        throw new InvalidInputException(node.pathOf("unit"), node.text("unit"), declared.unit());
      }
      Range range =
          positive ? positive() : new Range(declared.min(), true, declared.max(), declared.unit());
      return range.require(node.pathOf("value"), node.number("value"));
    }
  }

  /** A number of an effect: a value in its range, or a parameter, whose role is noted. */
  private static CovariateModel.Coefficient coefficient(
      ConfigNode node, String key, Range range, Set<String> parameters, Map<String, Range> roles) {
    if (node.isText(key)) {
      String parameter = oneOf(node, key, parameters);
      Range earlier = roles.putIfAbsent(parameter, range);
      if (earlier != null && !earlier.equals(range)) {
        throw new InvalidInputException(
            node.pathOf(key), parameter, "a parameter not used as a number of another kind");
      }
      return CovariateModel.Coefficient.parameter(parameter);
    }
    return CovariateModel.Coefficient.of(range.require(node.pathOf(key), node.number(key)));
  }

  /**
   * An output's residual error: {@code additive} and {@code proportional} (both: combined), or
   * {@code exponential} alone, each an {sd, unit, source} mapping; the additive SD in the output's
   * unit, the others dimensionless ({@code "-"}).
   */
  private static ResidualError residualError(ConfigNode node, String outputUnit) {
    node.allowOnly("additive", "proportional", "exponential");
    boolean additive = node.has("additive");
    boolean proportional = node.has("proportional");
    if (node.has("exponential")) {
      if (additive || proportional) {
        throw InvalidInputException.of(
            node.pathOf("exponential"),
            "an exponential error stands alone (not with additive or proportional)");
      }
      ConfigNode sd = node.object("exponential");
      return new ResidualError(
          ResidualError.Form.EXPONENTIAL, 0, standardDeviation(sd, "-"), sd.text("source"));
    }
    if (!additive && !proportional) {
      throw InvalidInputException.of(
          node.path(), "give additive, proportional (both: combined) or exponential");
    }
    double a = additive ? standardDeviation(node.object("additive"), outputUnit) : 0;
    double b = proportional ? standardDeviation(node.object("proportional"), "-") : 0;
    ResidualError.Form form =
        additive && proportional
            ? ResidualError.Form.COMBINED
            : additive ? ResidualError.Form.ADDITIVE : ResidualError.Form.PROPORTIONAL;
    String source =
        additive && proportional
            ? node.object("proportional").text("source")
                + "; "
                + node.object("additive").text("source")
            : node.object(additive ? "additive" : "proportional").text("source");
    return new ResidualError(form, a, b, source);
  }

  /**
   * An {sd, unit, source} mapping: an SD in the unit expected, within the limits of an additive SD
   * (in the output's unit) or a relative one ({@code "-"}).
   */
  private static double standardDeviation(ConfigNode node, String unit) {
    node.allowOnly("sd", "unit", "source");
    node.text("source");
    if (!node.text("unit").equals(unit)) {
      throw new InvalidInputException(node.pathOf("unit"), node.text("unit"), unit);
    }
    boolean additive = !unit.equals("-");
    return ModelLimits.require(
        node.pathOf("sd"),
        node.number("sd"),
        additive ? ModelLimits.MIN_ADDITIVE_SD : ModelLimits.MIN_RELATIVE_SD,
        true,
        additive ? ModelLimits.MAX_ADDITIVE_SD : ModelLimits.MAX_RELATIVE_SD,
        unit);
  }

  /**
   * A {value, unit, source} mapping whose unit must be the one expected and whose value must be >
   * 0, above {@code min} and at most {@code max}.
   */
  private static double quantity(ConfigNode node, String unit, double min, double max) {
    node.allowOnly("value", "unit", "source");
    node.text("source");
    if (!node.text("unit").equals(unit)) {
      throw new InvalidInputException(node.pathOf("unit"), node.text("unit"), unit);
    }
    double value = node.number("value");
    if (!(value > 0)) {
      throw new InvalidInputException(node.pathOf("value"), value, "> 0 " + unit);
    }
    return ModelLimits.require(node.pathOf("value"), value, min, false, max, unit);
  }

  /**
   * Checks a parameter's typical value against the range of its role: a volume, a clearance, a rate
   * constant, a number of a covariate effect, or any other number.
   */
  private static void requireRange(
      String field,
      String name,
      double value,
      Set<String> volumes,
      Set<String> clearances,
      Set<String> rateConstants,
      Map<String, Range> roles) {
    if (volumes.contains(name)) {
      ModelLimits.require(
          field, value, ModelLimits.MIN_VOLUME_L, true, ModelLimits.MAX_VOLUME_L, "L");
    } else if (clearances.contains(name)) {
      ModelLimits.require(field, value, 0, true, ModelLimits.MAX_CLEARANCE_L_PER_H, "L/h");
    } else if (rateConstants.contains(name)) {
      ModelLimits.require(
          field,
          value,
          0,
          true,
          ModelLimits.MAX_RATE_CONSTANT_PER_H,
          FlowRate.RATE_CONSTANT.unit());
    } else if (roles.containsKey(name)) {
      roles.get(name).require(field, value);
    } else {
      ModelLimits.require(field, value, -ModelLimits.MAX_OTHER, true, ModelLimits.MAX_OTHER, "");
    }
  }

  /**
   * Whether a flow's parameter is a clearance or a rate constant: exactly one of the two fields; a
   * clearance needs a compartment with a volume to flow out of.
   */
  private static FlowRate flowRate(ConfigNode node, Compartment from, String what) {
    boolean clearance = node.has(FlowRate.CLEARANCE.key());
    if (clearance == node.has(FlowRate.RATE_CONSTANT.key())) {
      throw InvalidInputException.of(
          node.path(), what + " needs either clearance (L/h) or rate_constant (1/h), not both");
    }
    if (clearance) {
      requireVolume(node, FlowRate.CLEARANCE.key(), from, "a clearance out of it");
    }
    return clearance ? FlowRate.CLEARANCE : FlowRate.RATE_CONSTANT;
  }

  /** Refuses a compartment without a volume where {@code what} needs one. */
  private static void requireVolume(
      ConfigNode node, String key, Compartment compartment, String what) {
    if (!compartment.hasVolume()) {
      throw new InvalidInputException(
          node.pathOf(key),
          compartment.name(),
          "a compartment with a volume (" + what + " needs one)");
    }
  }

  private static String oneOf(ConfigNode node, String key, Set<String> allowed) {
    String value = node.text(key);
    if (!allowed.contains(value)) {
      throw new InvalidInputException(node.pathOf(key), value, String.join(", ", allowed));
    }
    return value;
  }

  /** What an output's name may be. */
  private static final String OUTPUT_NAME = "[a-z][a-z0-9_]*";

  private static <T> String unique(
      ConfigNode node, List<T> existing, java.util.function.Function<T, String> nameOf) {
    String name = node.text("name");
    if (existing.stream().map(nameOf).anyMatch(name::equals)) {
      throw new InvalidInputException(node.pathOf("name"), name, "a name not used before");
    }
    return name;
  }

  private static <T> Set<String> names(
      List<T> items, java.util.function.Function<T, String> nameOf) {
    Set<String> names = new LinkedHashSet<>();
    items.forEach(item -> names.add(nameOf.apply(item)));
    return names;
  }
}
