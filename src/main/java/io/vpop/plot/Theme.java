package io.vpop.plot;

import io.vpop.Numbers;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYDataset;

/** The look every figure shares: fonts, colours, grid, number formats. */
final class Theme {
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final Color GRID = new Color(0xE2, 0xE2, 0xE2);

  /** Behind marker labels: the plot shows through a little. */
  static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);

  /**
   * Series colours: the Okabe-Ito palette (Okabe and Ito 2008), which readers with colour-vision
   * deficiencies tell apart.
   */
  private static final Color[] PALETTE = {
    new Color(0x00, 0x72, 0xB2),
    new Color(0xD5, 0x5E, 0x00),
    new Color(0x00, 0x9E, 0x73),
    new Color(0xCC, 0x79, 0xA7),
    new Color(0xE6, 0x9F, 0x00),
    new Color(0x56, 0xB4, 0xE9)
  };

  /** Dashed lines for targets and markers. */
  static final BasicStroke DASHED =
      new BasicStroke(
          1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private Theme() {}

  /** The colour of series {@code i}. */
  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** {@code color} with opacity {@code alpha} (0-1). */
  static Color translucent(Color color, double alpha) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int) (alpha * 255));
  }

  /**
   * Numbers on axes and in notes, by vpop's one rule ({@link Numbers#significant}): 4 significant
   * digits, an exponent below 0.001 and from 1e6.
   */
  static NumberFormat numbers() {
    return new SignificantFormat();
  }

  /** {@link Numbers#significant} as the NumberFormat that chart axes take; formats only. */
  private static final class SignificantFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition position) {
      return to.append(Numbers.significant(number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition position) {
      return to.append(Numbers.significant(number));
    }

    @Override
    public Number parse(String source, ParsePosition position) {
      throw new UnsupportedOperationException("axis labels are only written");
    }
  }

  /** A chart around {@code plot} with a title, an optional subtitle and the legend, if any. */
  static JFreeChart chart(String title, String subtitle, XYPlot plot, boolean legend) {
    JFreeChart chart = new JFreeChart(title, TITLE, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setPaint(INK);
    chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
    chart.getTitle().setMargin(new RectangleInsets(4, 8, 2, 8));
    chart.setPadding(new RectangleInsets(6, 6, 6, 16));
    if (!subtitle.isEmpty()) {
      chart.addSubtitle(note(subtitle, RectangleEdge.TOP));
    }
    if (legend) {
      LegendTitle legendTitle = new LegendTitle(plot);
      legendTitle.setItemFont(SUBTITLE);
      legendTitle.setFrame(BlockBorder.NONE);
      legendTitle.setPosition(RectangleEdge.BOTTOM);
      chart.addSubtitle(legendTitle);
    }
    return chart;
  }

  /** A line of small text at one edge of a chart. */
  static TextTitle note(String text, RectangleEdge edge) {
    TextTitle note = new TextTitle(text, NOTE);
    note.setPaint(MUTED);
    note.setPosition(edge);
    note.setHorizontalAlignment(HorizontalAlignment.LEFT);
    note.setMargin(new RectangleInsets(2, 8, 4, 8));
    return note;
  }

  /** A plot with a white background and a light grid. */
  static XYPlot plot(XYDataset data, ValueAxis x, ValueAxis y, XYItemRenderer renderer) {
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(GRID);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    return plot;
  }

  /** A linear axis titled {@code label}. */
  static NumberAxis linear(String label) {
    NumberAxis axis = new NumberAxis(label);
    axis.setNumberFormatOverride(numbers());
    return style(axis);
  }

  /** A base-10 logarithmic axis titled {@code label}, ticks at powers of ten. */
  static LogAxis logarithmic(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setBase(10);
    axis.setNumberFormatOverride(numbers());
    axis.setMinorTickCount(9);
    axis.setMinorTickMarksVisible(true);
    return style(axis);
  }

  /** Below this fraction of the highest value a log axis stops: five decades are what one reads. */
  private static final double LOG_DECADES_SHOWN = 1e-5;

  /**
   * A concentration axis for values up to {@code highest}: linear from 0, or logarithmic from the
   * power of ten below the lowest positive value (at most five decades below the highest), with a
   * tick at every power of ten.
   */
  static ValueAxis concentration(
      String quantity, boolean log, double lowestPositive, double highest) {
    if (!log) {
      NumberAxis axis = linear(quantity);
      axis.setRange(0, highest * 1.05);
      return axis;
    }
    LogAxis axis = logarithmic(quantity + ", log scale");
    double lower = Math.max(lowestPositive, highest * LOG_DECADES_SHOWN);
    axis.setRange(decadeBelow(lower), highest * 1.5);
    axis.setTickUnit(new NumberTickUnit(1, numbers()));
    return axis;
  }

  /**
   * The power of ten at or below {@code value}, less a hair, so that rounding in the log does not
   * drop its tick.
   */
  static double decadeBelow(double value) {
    return 0.999 * Math.pow(10, Math.floor(Math.log10(value)));
  }

  static <A extends ValueAxis> A style(A axis) {
    axis.setLabelFont(AXIS_LABEL);
    axis.setLabelPaint(INK);
    axis.setTickLabelFont(TICK_LABEL);
    axis.setTickLabelPaint(INK);
    axis.setAxisLinePaint(MUTED);
    axis.setTickMarkPaint(MUTED);
    return axis;
  }
}
