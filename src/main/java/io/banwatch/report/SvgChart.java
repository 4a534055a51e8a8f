package io.banwatch.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link ContactChart} as inline SVG: stacked bars per bucket and category, a y axis of contacts, a few
 * time labels, and a labelled vertical line at each deadline inside the period. Fixed geometry and no scripts, so
 * the same chart prints and renders identically everywhere.
 */
final class SvgChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 300;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 36;
    /** Time labels on the x axis at most: more collide at this width. */
    private static final int MAX_X_LABELS = 8;

    /** Colours per category, in catalog order; the banned services are the warm ones. */
    private static final Map<String, String> COLOURS = Map.of(
            "update", "#c0392b",
            "ksn", "#e67e22",
            "licensing", "#8e44ad",
            "management", "#2c3e80",
            "telemetry", "#16a085",
            "web", "#7f8c8d",
            "threat_intel", "#95a5a6");

    private static final String OTHER_COLOUR = "#bdc3c7";

    private SvgChart() {}

    static String colour(String category) {
        return COLOURS.getOrDefault(category, OTHER_COLOUR);
    }

    static String render(ContactChart chart) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"Contacts over time by category\">\n");
        long max = niceMax(chart.maxTotal());
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double barWidth = plotWidth / Math.max(1, chart.buckets().size());
        legend(svg, chart.categories());
        yAxis(svg, max, plotHeight);
        List<ContactChart.Bucket> buckets = chart.buckets();
        for (int i = 0; i < buckets.size(); i++) {
            ContactChart.Bucket bucket = buckets.get(i);
            double x = LEFT + i * barWidth;
            double y = TOP + plotHeight;
            for (String category : chart.categories()) {
                long count = bucket.contacts().getOrDefault(category, 0L);
                if (count == 0) {
                    continue;
                }
                double h = plotHeight * count / max;
                y -= h;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %d</title></rect>\n",
                        x + barWidth * 0.1,
                        y,
                        Math.max(0.5, barWidth * 0.8),
                        h,
                        colour(category),
                        Html.escape(ReportTimes.axis(bucket.startNanos(), chart.bucketNanos())),
                        Html.escape(category),
                        count));
            }
        }
        xAxis(svg, chart, barWidth, plotHeight);
        for (ContactChart.Marker marker : chart.markers()) {
            marker(svg, chart, marker, plotWidth, plotHeight);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** True when the marker falls inside the chart's time range and is drawn. */
    static boolean shows(ContactChart chart, ContactChart.Marker marker) {
        return marker.atNanos() >= chart.fromNanos() && marker.atNanos() <= chart.untilNanos();
    }

    private static void legend(StringBuilder svg, List<String> categories) {
        int x = LEFT;
        for (String category : categories) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"18\" class=\"legend\">%s</text>\n",
                    x,
                    colour(category),
                    x + 16,
                    Html.escape(category)));
            x += 24 + 8 * category.length();
        }
    }

    private static void yAxis(StringBuilder svg, long max, double plotHeight) {
        for (int step = 0; step <= 4; step++) {
            long value = max * step / 4;
            double y = TOP + plotHeight - plotHeight * step / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%,d</text>\n",
                    LEFT,
                    y,
                    WIDTH - RIGHT,
                    y,
                    LEFT - 6,
                    y + 4,
                    value));
        }
    }

    private static void xAxis(StringBuilder svg, ContactChart chart, double barWidth, double plotHeight) {
        int n = chart.buckets().size();
        int every = Math.max(1, (int) Math.ceil(n / (double) MAX_X_LABELS));
        for (int i = 0; i < n; i += every) {
            double x = LEFT + i * barWidth;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%s</text>\n",
                    x,
                    TOP + plotHeight,
                    x,
                    TOP + plotHeight + 4,
                    x,
                    TOP + plotHeight + 18,
                    Html.escape(ReportTimes.axis(chart.buckets().get(i).startNanos(), chart.bucketNanos()))));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>\n",
                LEFT,
                TOP + plotHeight,
                WIDTH - RIGHT,
                TOP + plotHeight));
    }

    private static void marker(
            StringBuilder svg, ContactChart chart, ContactChart.Marker marker, double plotWidth, double plotHeight) {
        if (!shows(chart, marker)) {
            return;
        }
        double span = chart.untilNanos() - chart.fromNanos();
        double x = LEFT + plotWidth * (marker.atNanos() - chart.fromNanos()) / span;
        // Labels near the right edge are anchored to their end so they stay on the page.
        boolean right = x > LEFT + plotWidth * 0.6;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" class=\"deadline\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" class=\"deadline-label\" text-anchor=\"%s\">%s</text>\n",
                x,
                TOP - 6,
                x,
                TOP + plotHeight,
                right ? x - 4 : x + 4,
                TOP - 10,
                right ? "end" : "start",
                Html.escape(marker.label())));
    }

    /** A round axis maximum at or above {@code max}: 1, 2 or 5 times a power of ten (at least 4, for 4 steps). */
    static long niceMax(long max) {
        if (max <= 4) {
            return 4;
        }
        long power = 1;
        while (power * 10 < max) {
            power *= 10;
        }
        for (long factor : new long[] {1, 2, 4, 5, 10}) {
            if (factor * power >= max) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
