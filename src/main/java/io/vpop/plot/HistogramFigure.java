package io.vpop.plot;

import io.vpop.Numbers;
import io.vpop.stats.Histogram;
import java.awt.Color;
import java.util.Locale;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The distribution of one exposure metric over a population: bars with round edges over the 0.5th
 * to 99.5th percentile, the median marked, and a note counting the patients outside the bars.
 */
public final class HistogramFigure {
  private HistogramFigure() {}

  /**
   * The figure.
   *
   * @param name the file name without extension
   * @param title the chart's title
   * @param subtitle what was simulated, in one line
   * @param quantity the x axis's title with its unit
   * @param unit the metric's unit, for the notes
   * @param series which palette colour (the output's index)
   */
  public static Figure of(
      String name,
      String title,
      String subtitle,
      String quantity,
      String unit,
      int series,
      Histogram histogram) {
    XYIntervalSeries bars = new XYIntervalSeries("patients");
    for (int b = 0; b < histogram.counts().length; b++) {
      double from = histogram.low() + b * histogram.width();
      double count = histogram.counts()[b];
      bars.add(from + histogram.width() / 2, from, from + histogram.width(), count, count, count);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(bars);
    XYBarRenderer renderer = new XYBarRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setSeriesPaint(0, Theme.translucent(Theme.color(series), 0.75));
    renderer.setSeriesOutlinePaint(0, Color.WHITE);

    NumberAxis values = Theme.linear(quantity);
    values.setRange(histogram.low(), histogram.high());
    NumberAxis patients = Theme.linear(histogram.estimated() ? "Patients (estimated)" : "Patients");
    patients.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    // Room above the highest bar for the median's label.
    patients.setUpperMargin(0.12);
    XYPlot plot = Theme.plot(data, values, patients, renderer);

    String median = Numbers.significant(histogram.median()) + " " + unit;
    ValueMarker marker = new ValueMarker(histogram.median(), Theme.INK, Theme.DASHED);
    marker.setLabel("median " + median);
    marker.setLabelFont(Theme.NOTE);
    marker.setLabelPaint(Theme.INK);
    marker.setLabelBackgroundColor(Theme.LABEL_BACKGROUND);
    marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    plot.addDomainMarker(marker);

    var chart = Theme.chart(title, subtitle, plot, false);
    chart.addSubtitle(
        Theme.note(
            String.format(
                Locale.ROOT,
                "Bars cover the 0.5th-99.5th percentiles in steps of %s %s; not drawn: %s patients"
                    + " below %s and %s above %s %s.",
                Numbers.significant(histogram.width()),
                unit,
                String.format(Locale.ROOT, "%,d", Math.round(histogram.below())),
                Numbers.significant(histogram.low()),
                String.format(Locale.ROOT, "%,d", Math.round(histogram.above())),
                Numbers.significant(histogram.high()),
                unit),
            RectangleEdge.BOTTOM));
    String caption = title + ": patients per bin, median " + median + ".";
    return Figure.of(name, caption, chart);
  }
}
