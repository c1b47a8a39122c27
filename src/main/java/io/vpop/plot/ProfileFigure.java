package io.vpop.plot;

import java.awt.BasicStroke;
import java.util.List;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The concentration-time profiles of one patient, a line per output, on a linear or log axis. */
public final class ProfileFigure {
  private ProfileFigure() {}

  /**
   * One output's values on the grid.
   *
   * @param label the output in words, for the legend
   * @param values the value at each grid time
   */
  public record Curve(String label, double[] values) {}

  /**
   * The figure, or null when nothing can be drawn (nothing above zero on a log axis).
   *
   * @param quantity the y axis's title with its unit
   * @param timesH the grid, in h
   */
  public static Figure of(
      String name,
      String title,
      String subtitle,
      String quantity,
      double[] timesH,
      List<Curve> curves,
      boolean log) {
    TimeAxis time = TimeAxis.of(timesH[timesH.length - 1]);
    XYSeriesCollection data = new XYSeriesCollection();
    double highest = 0;
    double lowestPositive = Double.POSITIVE_INFINITY;
    int[] drawn = Thinning.keep(timesH.length, curves.stream().map(Curve::values).toList());
    for (Curve curve : curves) {
      XYSeries series = new XYSeries(curve.label(), false, true);
      for (int g : drawn) {
        double value = curve.values()[g];
        if (Double.isFinite(value) && (!log || value > 0)) {
          series.add(time.x(timesH[g]), value);
          highest = Math.max(highest, value);
          lowestPositive = value > 0 ? Math.min(lowestPositive, value) : lowestPositive;
        }
      }
      data.addSeries(series);
    }
    if (!(highest > 0)) {
      return null;
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int k = 0; k < curves.size(); k++) {
      renderer.setSeriesPaint(k, Theme.color(k));
      renderer.setSeriesStroke(k, new BasicStroke(2f));
    }
    ValueAxis concentration = Theme.concentration(quantity, log, lowestPositive, highest);
    XYPlot plot = Theme.plot(data, time.axis(timesH[timesH.length - 1]), concentration, renderer);
    return Figure.of(
        name,
        title + (log ? " on a log scale" : "") + ": one line per analyte.",
        Theme.chart(title, subtitle, plot, true));
  }
}
