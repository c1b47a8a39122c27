package io.vpop.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.util.List;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Concentration-time percentile bands of a population: the 5th-95th and 25th-75th percentiles
 * shaded, the median as a line, optional horizontal target lines; on a linear or a log axis.
 */
public final class BandFigure {
  /** Opacities of the 5th-95th and the 25th-75th percentile bands. */
  private static final double OUTER = 0.18;

  private static final double INNER = 0.38;

  private BandFigure() {}

  /**
   * The percentiles of one output at each grid time.
   *
   * @param timesH the grid, in h
   * @param p5 the 5th percentile at each time (NaN where none)
   * @param p25 the 25th
   * @param p50 the median
   * @param p75 the 75th
   * @param p95 the 95th
   */
  public record Percentiles(
      double[] timesH, double[] p5, double[] p25, double[] p50, double[] p75, double[] p95) {}

  /** A horizontal line at {@code value}, labelled (a target concentration, an observed level). */
  public record Line(double value, String label) {}

  /**
   * The figure, or null when nothing can be drawn (no patient solved, or nothing above zero on a
   * log axis).
   *
   * @param name the file name without extension
   * @param title the chart's title
   * @param subtitle what was simulated, in one line
   * @param quantity the y axis's title with its unit
   * @param series which palette colour (the output's index)
   * @param log whether the y axis is logarithmic
   */
  public static Figure of(
      String name,
      String title,
      String subtitle,
      String quantity,
      int series,
      Percentiles band,
      List<Line> lines,
      boolean log) {
    YIntervalSeries outer = new YIntervalSeries("5th-95th percentile");
    YIntervalSeries inner = new YIntervalSeries("25th-75th percentile");
    double[] times = band.timesH();
    TimeAxis time = TimeAxis.of(times[times.length - 1]);
    double highest = 0;
    double lowestPositive = Double.POSITIVE_INFINITY;
    for (int g : Thinning.keep(times.length, List.of(band.p5(), band.p50(), band.p95()))) {
      double low = band.p5()[g];
      if (Double.isNaN(low) || Double.isNaN(band.p95()[g]) || (log && !(low > 0))) {
        // No value, or zero (before the first dose) where a log axis has no place for it.
        continue;
      }
      double x = time.x(times[g]);
      outer.add(x, band.p50()[g], low, band.p95()[g]);
      inner.add(x, band.p50()[g], band.p25()[g], band.p75()[g]);
      highest = Math.max(highest, band.p95()[g]);
      lowestPositive = low > 0 ? Math.min(lowestPositive, low) : lowestPositive;
    }
    if (outer.getItemCount() == 0 || !(highest > 0)) {
      return null;
    }
    for (Line line : lines) {
      // A target is drawn wherever it lies, the axis widened to hold it.
      highest = Math.max(highest, line.value());
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(outer);
    data.addSeries(inner);

    Color color = Theme.color(series);
    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setAlpha(1f);
    renderer.setSeriesFillPaint(0, Theme.translucent(color, OUTER));
    renderer.setSeriesFillPaint(1, Theme.translucent(color, INNER));
    renderer.setSeriesPaint(0, color);
    renderer.setSeriesPaint(1, color);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    renderer.setSeriesStroke(1, new BasicStroke(2f));

    ValueAxis concentration = Theme.concentration(quantity, log, lowestPositive, highest);
    for (Line line : lines) {
      if (log && line.value() > 0 && line.value() < concentration.getLowerBound()) {
        concentration.setLowerBound(Theme.decadeBelow(line.value()));
      }
    }
    XYPlot plot = Theme.plot(data, time.axis(times[times.length - 1]), concentration, renderer);
    for (Line line : lines) {
      if (line.value() > 0 || !log) {
        ValueMarker marker = new ValueMarker(line.value(), Theme.INK, Theme.DASHED);
        marker.setLabel(line.label());
        marker.setLabelFont(Theme.NOTE);
        marker.setLabelPaint(Theme.INK);
        marker.setLabelBackgroundColor(Theme.LABEL_BACKGROUND);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(marker);
      }
    }
    LegendItemCollection legend = new LegendItemCollection();
    legend.add(swatch("Median", color, true));
    // The inner band is drawn over the outer one: its colour is the two opacities composed.
    legend.add(
        swatch(
            "25th-75th percentile",
            Theme.translucent(color, 1 - (1 - INNER) * (1 - OUTER)),
            false));
    legend.add(swatch("5th-95th percentile", Theme.translucent(color, OUTER), false));
    plot.setFixedLegendItems(legend);
    String caption =
        title + (log ? " on a log scale" : "") + ": median, 25th-75th and 5th-95th percentiles.";
    return Figure.of(name, caption, Theme.chart(title, subtitle, plot, true));
  }

  private static LegendItem swatch(String label, Color color, boolean line) {
    LegendItem item =
        line
            ? new LegendItem(
                label, null, null, null, new Line2D.Double(-8, 0, 8, 0), new BasicStroke(2f), color)
            : new LegendItem(label, null, null, null, new Rectangle(-8, -5, 16, 10), color);
    item.setLabelFont(Theme.SUBTITLE);
    return item;
  }
}
