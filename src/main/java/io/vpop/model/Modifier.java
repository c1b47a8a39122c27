package io.vpop.model;

/**
 * A scenario modifier that scales one parameter, e.g. a strong CYP3A4 inhibitor dividing sirolimus
 * clearance.
 *
 * @param name e.g. {@code cyp3a4-strong-inhibitor}
 * @param parameter the parameter it scales
 * @param divisor the individual value is divided by this (&gt; 0)
 * @param source the study the divisor comes from
 */
public record Modifier(String name, String parameter, double divisor, String source) {}
