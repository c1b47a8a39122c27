package io.vpop.model;

import java.util.List;

/**
 * A named set of typical values, one per model parameter, in the model's parameter order.
 *
 * @param name e.g. {@code adult-label}
 * @param description what the set is for
 * @param parameters the values, in the order of {@link Model#parameterNames()}
 */
public record ParameterSet(String name, String description, List<Parameter> parameters) {
  public ParameterSet {
    parameters = List.copyOf(parameters);
  }

  /** The typical values as an array indexed like {@link Model#parameterNames()}. */
  public double[] values() {
    return parameters.stream().mapToDouble(Parameter::value).toArray();
  }
}
