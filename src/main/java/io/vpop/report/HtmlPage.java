package io.vpop.report;

import io.vpop.plot.Rendered;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A self-contained HTML page (report.html): styles inline, every figure an inline SVG element, no
 * script and no link outside the file, so that it reads the same offline in any browser.
 */
final class HtmlPage {
  private static final String STYLE =
      """
      body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
             max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
      h1 { font-size: 1.6em; margin-bottom: 0.2em; }
      h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
      p.lead { color: #555; margin-top: 0; }
      div.scroll { overflow-x: auto; }
      table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
      th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #e6e6e6; }
      th { text-align: left; background: #f5f5f5; }
      td.number { text-align: right; font-variant-numeric: tabular-nums; }
      dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.2em; }
      dt { color: #555; }
      dd { margin: 0; }
      figure { margin: 1.5em 0; }
      figure svg { width: 100%; height: auto; display: block; }
      figcaption { color: #555; font-size: 0.9em; }
      pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
      """;

  private final String title;
  private final StringBuilder body = new StringBuilder(1 << 16);

  /**
   * @param title the page's title and first heading
   * @param lead one line beneath the heading
   */
  HtmlPage(String title, String lead) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
    body.append("<p class=\"lead\">").append(escape(lead)).append("</p>\n");
  }

  HtmlPage heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** The provenance line of when a page was written: UTC, to the second. */
  static String[] written() {
    return new String[] {"written", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()};
  }

  /** Name-value pairs, e.g. a run's provenance. */
  HtmlPage definitions(List<String[]> pairs) {
    body.append("<dl>\n");
    for (String[] pair : pairs) {
      body.append("<dt>")
          .append(escape(pair[0]))
          .append("</dt><dd>")
          .append(escape(pair[1]))
          .append("</dd>\n");
    }
    body.append("</dl>\n");
    return this;
  }

  /**
   * A table: the first row is the header.
   *
   * @param textColumns how many leading columns are text; the others are numbers, right-aligned
   */
  HtmlPage table(List<String[]> rows, int textColumns) {
    // Wide tables scroll inside their box instead of widening the page.
    body.append("<div class=\"scroll\"><table>\n<tr>");
    for (String cell : rows.get(0)) {
      body.append("<th>").append(escape(cell)).append("</th>");
    }
    body.append("</tr>\n");
    for (String[] row : rows.subList(1, rows.size())) {
      body.append("<tr>");
      for (int c = 0; c < row.length; c++) {
        body.append(c < textColumns ? "<td>" : "<td class=\"number\">")
            .append(escape(row[c]))
            .append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table></div>\n");
    return this;
  }

  HtmlPage preformatted(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  /** Every figure inline, with its caption; figures drawn without SVG are left out. */
  HtmlPage figures(List<Rendered> figures) {
    for (Rendered figure : figures) {
      if (figure.svg() != null) {
        body.append("<figure id=\"")
            .append(escape(figure.figure().name()))
            .append("\">\n")
            .append(figure.svg())
            .append("\n<figcaption>")
            .append(escape(figure.figure().caption()))
            .append("</figcaption>\n</figure>\n");
      }
    }
    return this;
  }

  /** Writes the page into {@code file}, atomically. */
  void write(Path file) throws IOException {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            // Nothing may load from outside the file: a browser refuses it and says so.
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " style-src 'unsafe-inline'; img-src data:\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
            + escape(title)
            + "</title>\n<style>\n"
            + STYLE
            + "</style>\n</head>\n<body>\n"
            + body
            + "</body>\n</html>\n";
    AtomicFiles.write(file, writer -> writer.write(html));
  }

  /** Text as HTML: the five characters with a meaning in markup replaced by entities. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
