package dev.chatgeist.chart;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of chart the renderer draws; {@link #jsonName()} is how a spec names them. */
public enum ChartKind {
    /** Vertical bars: one bar per label (grouped when there are several series). */
    BAR,
    /** Horizontal bars, for rankings with long names ("top senders"). */
    HORIZONTAL_BAR,
    /** A line per series; labels that are dates (2024-05, 2024-05-17) give a time axis. */
    LINE,
    /** Bars whose series are stacked on each other. */
    STACKED_BAR,
    /** A grid coloured by value, e.g. weekday × hour. */
    HEATMAP;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChartKind> fromJsonName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(k -> k.jsonName().equals(n)).findFirst();
    }

    /** "bar, horizontal_bar, line, stacked_bar, heatmap" for error messages and docs. */
    public static String names() {
        return Arrays.stream(values()).map(ChartKind::jsonName).collect(Collectors.joining(", "));
    }
}
