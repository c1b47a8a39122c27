package io.vpop.plot;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A grid of values over two categories (doses by age band), each cell coloured on a scale whose
 * legend names the quantity and unit, and labelled with its value.
 */
public final class HeatMapFigure {
  /**
   * Stops of the viridis colour map (van der Walt and Smith, matplotlib): even in lightness, read
   * the same in grey and by readers with colour-vision deficiencies.
   */
  private static final Color[] VIRIDIS = {
    new Color(0x44, 0x01, 0x54),
    new Color(0x3B, 0x52, 0x8B),
    new Color(0x21, 0x91, 0x8C),
    new Color(0x5E, 0xC9, 0x62),
    new Color(0xFD, 0xE7, 0x25)
  };

  private HeatMapFigure() {}

  /**
   * The figure, or null when no cell has a value.
   *
   * @param name the file name without extension
   * @param title the chart's title
   * @param subtitle what was simulated, in one line
   * @param columns the x categories' labels with the axis title ({@code Dose (mg/m2)})
   * @param rows the y categories' labels with the axis title
   * @param values {@code values[row][column]}, NaN where there is none
   * @param quantity the value's name with its unit, for the legend
   * @param cellText each cell's label
   */
  public static Figure of(
      String name,
      String title,
      String subtitle,
      Axis columns,
      Axis rows,
      double[][] values,
      String quantity,
      String[][] cellText) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    int cells = rows.labels().length * columns.labels().length;
    double[][] series = new double[3][cells];
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (int r = 0; r < rows.labels().length; r++) {
      for (int c = 0; c < columns.labels().length; c++, i++) {
        series[0][i] = c;
        series[1][i] = r;
        series[2][i] = values[r][c];
        if (!Double.isNaN(values[r][c])) {
          low = Math.min(low, values[r][c]);
          high = Math.max(high, values[r][c]);
        }
      }
    }
    if (!(low <= high)) {
      return null;
    }
    data.addSeries(quantity, series);
    // Equal values (one cell, or a flat grid) get a scale of 5 % either side.
    double pad = high > low ? 0 : Math.max(Math.abs(low) * 0.05, 1e-9);
    Scale scale = new Scale(low - pad, high + pad);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    SymbolAxis x = Theme.style(new SymbolAxis(columns.title(), columns.labels()));
    SymbolAxis y = Theme.style(new SymbolAxis(rows.title(), rows.labels()));
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    XYPlot plot = Theme.plot(data, x, y, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    i = 0;
    for (int r = 0; r < rows.labels().length; r++) {
      for (int c = 0; c < columns.labels().length; c++, i++) {
        if (!Double.isNaN(values[r][c])) {
          XYTextAnnotation label = new XYTextAnnotation(cellText[r][c], c, r);
          label.setFont(Theme.NOTE);
          label.setPaint(lightness(scale.color(values[r][c])) > 0.55 ? Theme.INK : Color.WHITE);
          plot.addAnnotation(label);
        }
      }
    }
    var chart = Theme.chart(title, subtitle, plot, false);
    NumberAxis legendAxis = Theme.linear(quantity);
    legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(14);
    legend.setAxisOffset(4);
    legend.setMargin(new RectangleInsets(8, 12, 8, 4));
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return Figure.of(name, title + ": " + quantity + " in each cell.", chart);
  }

  /** A category axis: its title with unit and one label per category. */
  public record Axis(String title, String[] labels) {}

  /** Relative lightness (0-1) of a colour, by the Rec. 709 luma weights. */
  private static double lightness(Color color) {
    return (0.2126 * color.getRed() + 0.7152 * color.getGreen() + 0.0722 * color.getBlue()) / 255;
  }

  /** Viridis from {@code low} to {@code high}, linear in between. */
  private record Scale(double low, double high) implements PaintScale {
    @Override
    public double getLowerBound() {
      return low;
    }

    @Override
    public double getUpperBound() {
      return high;
    }

    @Override
    public Paint getPaint(double value) {
      return Double.isNaN(value) ? Color.WHITE : color(value);
    }

    Color color(double value) {
      double position =
          Math.max(0, Math.min(1, (value - low) / (high - low))) * (VIRIDIS.length - 1);
      int stop = Math.min(VIRIDIS.length - 2, (int) position);
      double t = position - stop;
      Color a = VIRIDIS[stop];
      Color b = VIRIDIS[stop + 1];
      return new Color(
          (int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
          (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
          (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
  }
}
