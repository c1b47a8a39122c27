package io.vpop.stats;

/**
 * Statistics of one quantity over the patients of a run.
 *
 * @param count patients included
 * @param mean arithmetic mean
 * @param sd sample standard deviation
 * @param geometricMean exp(mean of log); NaN when a value is not &gt; 0
 * @param cv coefficient of variation SD / mean
 * @param percentiles at the levels of {@link Percentiles}
 * @param exact whether the percentiles come from all values (else from a DDSketch)
 * @param relativeErrorBound the sketch's bound on the relative error of a percentile (0 when exact)
 */
public record Summary(
    long count,
    double mean,
    double sd,
    double geometricMean,
    double cv,
    double[] percentiles,
    boolean exact,
    double relativeErrorBound) {}
