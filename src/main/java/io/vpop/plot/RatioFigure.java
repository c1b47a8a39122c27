package io.vpop.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Simulated over published values, one named row each: a dot for the ratio, coloured by verdict,
 * and the tolerance around 1 as a bar; a line at 1 for exact agreement.
 */
public final class RatioFigure {
  private static final int ROW_HEIGHT = 30;

  private RatioFigure() {}

  /** How a row came out. */
  public enum Verdict {
    MET("within tolerance", new Color(0x00, 0x9E, 0x73)),
    MISSED("missed", new Color(0xD5, 0x5E, 0x00)),
    KNOWN_MISS("known miss of the model", new Color(0xE6, 0x9F, 0x00));

    private final String label;
    private final Color color;

    Verdict(String label, Color color) {
      this.label = label;
      this.color = color;
    }
  }

  /**
   * One row.
   *
   * @param label what was compared, in words
   * @param ratio simulated / published
   * @param tolerance the relative difference allowed
   * @param byConstruction whether the figure was used to derive a parameter: drawn hollow, since
   *     matching it is no evidence
   */
  public record Row(
      String label, double ratio, double tolerance, Verdict verdict, boolean byConstruction) {}

  /** The figure; its height grows with the rows so that each label has room. */
  public static Figure of(String name, String title, String subtitle, List<Row> rows) {
    XYIntervalSeries tolerance = new XYIntervalSeries("tolerance");
    XYSeriesCollection points = new XYSeriesCollection();
    for (Verdict verdict : Verdict.values()) {
      points.addSeries(new XYSeries(verdict.label, false, true));
    }
    XYSeries derived = new XYSeries("used to derive a parameter (no evidence)", false, true);
    points.addSeries(derived);
    String[] labels = new String[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      labels[r] = row.label();
      tolerance.add(1, 1 - row.tolerance(), 1 + row.tolerance(), r, r, r);
      points.getSeries(row.verdict().ordinal()).add(row.ratio(), r);
      if (row.byConstruction()) {
        derived.add(row.ratio(), r);
      }
    }
    XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
    bars.addSeries(tolerance);
    XYErrorRenderer toleranceRenderer = new XYErrorRenderer();
    toleranceRenderer.setDrawYError(false);
    toleranceRenderer.setDefaultShapesVisible(false);
    toleranceRenderer.setDefaultLinesVisible(false);
    toleranceRenderer.setErrorPaint(new Color(0xAA, 0xAA, 0xAA));
    toleranceRenderer.setErrorStroke(new BasicStroke(6f));
    toleranceRenderer.setCapLength(0);
    toleranceRenderer.setSeriesVisibleInLegend(0, false);

    XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
    // Rows derived by construction get a ring around their verdict's dot.
    int ring = Verdict.values().length;
    dots.setSeriesShape(ring, new Ellipse2D.Double(-8, -8, 16, 16));
    dots.setSeriesShapesFilled(ring, false);
    dots.setSeriesPaint(ring, Theme.INK);
    dots.setSeriesStroke(ring, new BasicStroke(1.5f));
    dots.setSeriesVisibleInLegend(ring, derived.getItemCount() > 0);
    for (Verdict verdict : Verdict.values()) {
      dots.setSeriesShape(verdict.ordinal(), new Ellipse2D.Double(-5, -5, 10, 10));
      dots.setSeriesPaint(verdict.ordinal(), verdict.color);
      dots.setSeriesVisibleInLegend(
          verdict.ordinal(), points.getSeries(verdict.ordinal()).getItemCount() > 0);
    }
    NumberAxis ratio = Theme.linear("Simulated / published (grey: tolerance around 1)");
    SymbolAxis named = Theme.style(new SymbolAxis(null, labels));
    named.setInverted(true);
    named.setGridBandsVisible(false);
    XYPlot plot = Theme.plot(points, ratio, named, dots);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    plot.setDataset(1, bars);
    plot.setRenderer(1, toleranceRenderer);
    plot.addDomainMarker(new ValueMarker(1, Theme.MUTED, new BasicStroke(1f)));
    int height = 160 + ROW_HEIGHT * rows.size();
    return new Figure(
        name,
        title + ": each row's simulated over published value, with the tolerance allowed.",
        Theme.chart(title, subtitle, plot, true),
        Figure.WIDTH + 300,
        height);
  }
}
