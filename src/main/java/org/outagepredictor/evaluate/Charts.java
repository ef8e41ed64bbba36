package org.outagepredictor.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.outagepredictor.evaluate.Evaluation.DatasetResult;
import org.outagepredictor.evaluate.Evaluation.MethodResult;
import org.outagepredictor.evaluate.Metrics.Mark;
import org.outagepredictor.evaluate.Metrics.Operating;
import org.outagepredictor.evaluate.Metrics.Point;

/**
 * The report's PNG charts, drawn with java.awt (run headless: {@code -Djava.awt.headless=true});
 * {@link #lines} also draws the benchmark's.
 */
public final class Charts {

    private static final int WIDTH = 1020;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private static final Color[] METHOD_COLOURS = {
        new Color(0x1f77b4),
        new Color(0x7f7f7f),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0x8c564b)
    };
    private static final Color INCIDENT = new Color(0xd62728);
    private static final Color CHANGE = new Color(0x17becf);
    private static final Color ALERT = new Color(0xff7f0e);
    private static final Stroke DASHED =
            new BasicStroke(
                    1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);

    private Charts() {}

    /** A drawing area with axes from (x0, y0) to (x1, y1). */
    private static final class Frame {
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        final double x0;
        final double x1;
        final double y0;
        final double y1;

        Frame(String title, double x0, double x1, double y0, double y1) {
            this.x0 = x0;
            this.x1 = x1 > x0 ? x1 : x0 + 1;
            this.y0 = y0;
            this.y1 = y1 > y0 ? y1 : y0 + 1;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }

        int px(double x) {
            return (int) Math.round(LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT));
        }

        int py(double y) {
            return (int)
                    Math.round(HEIGHT - BOTTOM - (y - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM));
        }

        void axes(String xLabel, String yLabel, List<String> xTicks, double[] xTickValues) {
            g.setColor(new Color(0xdddddd));
            for (int i = 0; i <= 5; i++) {
                double y = y0 + (y1 - y0) * i / 5;
                g.drawLine(px(x0), py(y), px(x1), py(y));
            }
            g.setColor(Color.BLACK);
            g.drawRect(px(x0), py(y1), px(x1) - px(x0), py(y0) - py(y1));
            for (int i = 0; i <= 5; i++) {
                double y = y0 + (y1 - y0) * i / 5;
                String label = String.format(Locale.ROOT, "%.1f", y);
                g.drawString(label, px(x0) - 8 - g.getFontMetrics().stringWidth(label), py(y) + 4);
            }
            for (int i = 0; i < xTicks.size(); i++) {
                int x = px(xTickValues[i]);
                g.drawLine(x, py(y0), x, py(y0) + 4);
                String label = xTicks.get(i);
                g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, py(y0) + 18);
            }
            g.drawString(
                    xLabel,
                    (px(x0) + px(x1)) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2,
                    HEIGHT - 10);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yLabel, -(py(y0) + py(y1)) / 2 - 40, 18);
            rotated.dispose();
        }

        void legend(int row, Color colour, Stroke stroke, String text) {
            int x = WIDTH - RIGHT + 15;
            int y = TOP + 10 + row * 20;
            g.setColor(colour);
            g.setStroke(stroke);
            g.drawLine(x, y, x + 25, y);
            g.setStroke(new BasicStroke(1));
            g.setColor(Color.BLACK);
            g.drawString(text, x + 32, y + 4);
        }

        void write(Path file) throws IOException {
            g.dispose();
            Evaluation.ensureParent(file);
            ImageIO.write(image, "png", file.toFile());
        }
    }

    /**
     * The online model's risk over time on one device, with the alert threshold, the device's
     * outage incidents, changes and the job's alerts.
     */
    static void risk(DatasetResult result, String device, double threshold, Path file)
            throws IOException {
        List<Point> scores =
                result.modelScores.stream().filter(s -> s.device().equals(device)).toList();
        List<Mark> incidents = onDevice(result.incidents, device);
        List<Mark> changes = onDevice(result.changes, device);
        List<Mark> alerts = onDevice(result.method(Evaluation.ONLINE).triggers, device);
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (List<? extends Object> list : List.of(scores, incidents, changes, alerts)) {
            for (Object o : list) {
                long t = o instanceof Point p ? p.time() : ((Mark) o).time();
                from = Math.min(from, t);
                to = Math.max(to, t);
            }
        }
        if (from == Long.MAX_VALUE) {
            from = 0;
            to = 1;
        }
        long pad = Math.max(60_000L, (to - from) / 50);
        from -= pad;
        to += pad;
        Frame f =
                new Frame(
                        result.name + ": " + device + ", risk of an outage within the horizon",
                        from,
                        to,
                        0,
                        1);
        double[] ticks = new double[5];
        List<String> labels = new java.util.ArrayList<>();
        DateTimeFormatter format =
                (to - from) > 3 * 86_400_000L
                        ? DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
                        : DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
        for (int i = 0; i < 5; i++) {
            ticks[i] = from + (to - from) * (i + 0.5) / 5;
            labels.add(format.format(Instant.ofEpochMilli((long) ticks[i]).atZone(ZoneOffset.UTC)));
        }
        f.axes("event time (UTC)", "probability", labels, ticks);
        Graphics2D g = f.g;
        g.setColor(Color.GRAY);
        g.setStroke(DASHED);
        g.drawLine(f.px(from), f.py(threshold), f.px(to), f.py(threshold));
        g.setStroke(new BasicStroke(2));
        g.setColor(INCIDENT);
        for (Mark incident : incidents) {
            g.drawLine(f.px(incident.time()), f.py(0), f.px(incident.time()), f.py(1));
        }
        g.setColor(METHOD_COLOURS[0]);
        g.setStroke(new BasicStroke(1.5f));
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < scores.size(); i++) {
            Point s = scores.get(i);
            if (i == 0) {
                line.moveTo(f.px(s.time()), f.py(s.value()));
            } else {
                line.lineTo(f.px(s.time()), f.py(s.value()));
            }
        }
        g.draw(line);
        g.setColor(CHANGE);
        g.setStroke(new BasicStroke(2));
        for (Mark change : changes) {
            g.drawLine(f.px(change.time()), f.py(0), f.px(change.time()), f.py(0) - 14);
        }
        g.setColor(ALERT);
        for (Mark alert : alerts) {
            int x = f.px(alert.time());
            int y = f.py(1) + 2;
            g.fillPolygon(new int[] {x - 6, x + 6, x}, new int[] {y, y, y + 12}, 3);
        }
        f.legend(0, METHOD_COLOURS[0], new BasicStroke(2), "online model's risk");
        f.legend(1, Color.GRAY, DASHED, "alert threshold");
        f.legend(2, INCIDENT, new BasicStroke(2), "outage incident (" + incidents.size() + ")");
        f.legend(3, CHANGE, new BasicStroke(2), "change (" + changes.size() + ")");
        f.legend(4, ALERT, new BasicStroke(6), "alert trigger (" + alerts.size() + ")");
        f.write(file);
    }

    /** Precision and recall of each method's alerts against the lead time they must have. */
    static void leadTime(DatasetResult result, Path file) throws IOException {
        int[] leads = Evaluation.LEAD_MINUTES;
        Frame f =
                new Frame(
                        result.name + ": precision and recall against lead time",
                        0,
                        leads[leads.length - 1],
                        0,
                        1);
        double[] ticks = new double[leads.length];
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < leads.length; i++) {
            ticks[i] = leads[i];
            labels.add(leads[i] % 15 == 0 || leads[i] < 15 ? String.valueOf(leads[i]) : "");
        }
        f.axes("minimum lead time (minutes)", "recall (solid), precision (dashed)", labels, ticks);
        int row = 0;
        for (int m = 0; m < result.methods.size(); m++) {
            MethodResult method = result.methods.get(m);
            Color colour = METHOD_COLOURS[m % METHOD_COLOURS.length];
            polyline(f, ticks, method.recallByLead, colour, new BasicStroke(2));
            polyline(f, ticks, method.precisionByLead, colour, DASHED);
            f.legend(row++, colour, new BasicStroke(2), method.name);
        }
        f.write(file);
    }

    /** Each method's precision-recall curve over thresholds, the job's own alerts as a dot. */
    static void precisionRecall(DatasetResult result, Path file) throws IOException {
        Frame f = new Frame(result.name + ": precision and recall over thresholds", 0, 1, 0, 1);
        double[] ticks = {0, 0.2, 0.4, 0.6, 0.8, 1};
        f.axes(
                "recall (incidents warned within the horizon)",
                "precision of alerts",
                List.of("0", "0.2", "0.4", "0.6", "0.8", "1"),
                ticks);
        for (int m = 0; m < result.methods.size(); m++) {
            MethodResult method = result.methods.get(m);
            Color colour = METHOD_COLOURS[m % METHOD_COLOURS.length];
            double[] xs = new double[method.curve.size()];
            double[] ys = new double[method.curve.size()];
            for (int i = 0; i < xs.length; i++) {
                Operating point = method.curve.get(i);
                xs[i] = point.recall();
                ys[i] = point.precision();
            }
            polyline(f, xs, ys, colour, new BasicStroke(1.5f));
            f.g.setColor(colour);
            for (int i = 0; i < xs.length; i++) {
                if (!Double.isNaN(xs[i]) && !Double.isNaN(ys[i])) {
                    f.g.fillOval(f.px(xs[i]) - 2, f.py(ys[i]) - 2, 5, 5);
                }
            }
            f.legend(m, colour, new BasicStroke(2), method.name);
        }
        // The job's own alerts last, the online model's on top of the model's with learning off.
        for (int m = result.methods.size() - 1; m >= 0; m--) {
            MethodResult method = result.methods.get(m);
            f.g.setColor(METHOD_COLOURS[m % METHOD_COLOURS.length]);
            if (method.jobAlerts
                    && !Double.isNaN(method.precision)
                    && !Double.isNaN(method.recall)) {
                f.g.fillOval(f.px(method.recall) - 6, f.py(method.precision) - 6, 13, 13);
                f.g.setColor(Color.BLACK);
                f.g.drawOval(f.px(method.recall) - 6, f.py(method.precision) - 6, 13, 13);
            }
        }
        f.legend(
                result.methods.size(),
                Color.WHITE,
                new BasicStroke(1),
                "big dot: the job's alerts");
        f.write(file);
    }

    /** One line of {@link #lines}: its name in the legend and its points. */
    public record Series(String name, double[] xs, double[] ys) {}

    /**
     * A plain line chart: each series as a line with dots at its points, x ticks where given, y
     * from 0 to {@code yMax}.
     */
    public static void lines(
            String title,
            String xLabel,
            String yLabel,
            List<String> xTicks,
            double[] xTickValues,
            double yMax,
            List<Series> series,
            Path file)
            throws IOException {
        Frame f = new Frame(title, xTickValues[0], xTickValues[xTickValues.length - 1], 0, yMax);
        f.axes(xLabel, yLabel, xTicks, xTickValues);
        for (int i = 0; i < series.size(); i++) {
            Series line = series.get(i);
            Color colour = METHOD_COLOURS[i % METHOD_COLOURS.length];
            polyline(f, line.xs(), line.ys(), colour, new BasicStroke(2));
            f.g.setColor(colour);
            for (int p = 0; p < line.xs().length; p++) {
                f.g.fillOval(f.px(line.xs()[p]) - 3, f.py(line.ys()[p]) - 3, 7, 7);
            }
            f.legend(i, colour, new BasicStroke(2), line.name());
        }
        f.write(file);
    }

    private static void polyline(Frame f, double[] xs, double[] ys, Color colour, Stroke stroke) {
        f.g.setColor(colour);
        f.g.setStroke(stroke);
        Path2D.Double line = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isNaN(xs[i]) || Double.isNaN(ys[i])) {
                started = false;
                continue;
            }
            if (started) {
                line.lineTo(f.px(xs[i]), f.py(ys[i]));
            } else {
                line.moveTo(f.px(xs[i]), f.py(ys[i]));
                started = true;
            }
        }
        f.g.draw(line);
        f.g.setStroke(new BasicStroke(1));
    }

    private static List<Mark> onDevice(List<Mark> marks, String device) {
        return marks.stream().filter(m -> m.device().equals(device)).toList();
    }
}
