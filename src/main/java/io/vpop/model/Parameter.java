package io.vpop.model;

/**
 * A typical parameter value with its unit and its source tag ([V], [S], [D] or [A], see the model
 * file).
 *
 * @param name the name the model structure refers to, e.g. {@code CL}
 * @param value the typical value for the reference patient, in {@code unit}
 * @param unit e.g. {@code L/h}, {@code L}, {@code y}, or {@code -} for a dimensionless value
 * @param source where the number comes from
 */
public record Parameter(String name, double value, String unit, String source) {}
