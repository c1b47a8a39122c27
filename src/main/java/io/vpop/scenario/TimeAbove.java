package io.vpop.scenario;

/**
 * A threshold whose time above it is reported for one output ({@code time_above} in a scenario):
 * the metrics {@code time_above} (h) and {@code fraction_above} (of the horizon).
 *
 * @param output the output's index in the model
 * @param analyte the output's name
 * @param threshold the level, in the output's unit, &gt; 0
 * @param unit the output's unit, e.g. {@code ng/mL}
 */
public record TimeAbove(int output, String analyte, double threshold, String unit) {}
