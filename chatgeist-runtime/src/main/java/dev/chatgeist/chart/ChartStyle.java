package dev.chatgeist.chart;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * ChatGeist's chart colours and text sizes. A light card: Telegram shows a photo unchanged in its dark theme too,
 * and a light card with dark text stays readable there (as a screenshot does), where a dark card would vanish
 * into a dark chat and a transparent one is not kept. The series colours are saturated mid-tones, told apart by
 * the colour-blind too (blue, orange, green, purple... the order of Okabe-Ito's palette, slightly darkened).
 */
final class ChartStyle {
    static final Color CARD = new Color(0xFAFBFC);
    static final Color PLOT = Color.WHITE;
    static final Color FRAME = new Color(0xC9D1DA);
    static final Color TEXT = new Color(0x1F2328);
    static final Color MUTED = new Color(0x57606A);
    static final Color GRID = new Color(0xE4E8ED);
    static final Color AXIS = new Color(0x9AA4AF);

    static final float TITLE_SIZE = 36f;
    static final float AXIS_LABEL_SIZE = 24f;
    static final float TICK_SIZE = 22f;
    static final float VALUE_SIZE = 20f;

    private static final Color[] SERIES = {
        new Color(0x2A6FDB), new Color(0xE07B00), new Color(0x1B9E77), new Color(0x8E44AD),
        new Color(0xD1495B), new Color(0x0099C6), new Color(0xB8860B), new Color(0x6C757D),
        new Color(0x66A61E), new Color(0xE7298A), new Color(0x5D4037), new Color(0x17BECF),
    };

    /** The heatmap ramp's ends: a pale blue for zero to the series blue at its darkest. */
    private static final Color RAMP_LOW = new Color(0xEEF3FB);

    private static final Color RAMP_HIGH = new Color(0x123E86);

    private ChartStyle() {}

    static Color series(int i) {
        return SERIES[i % SERIES.length];
    }

    /** Light to dark blue over min..max; a square root spreads the low counts chats are full of. */
    record Ramp(double min, double max) implements PaintScale {
        @Override
        public double getLowerBound() {
            return min;
        }

        @Override
        public double getUpperBound() {
            return max;
        }

        @Override
        public Paint getPaint(double value) {
            double t = max <= min ? 0 : Math.sqrt((Math.max(min, Math.min(value, max)) - min) / (max - min));
            return new Color(
                    mix(RAMP_LOW.getRed(), RAMP_HIGH.getRed(), t),
                    mix(RAMP_LOW.getGreen(), RAMP_HIGH.getGreen(), t),
                    mix(RAMP_LOW.getBlue(), RAMP_HIGH.getBlue(), t));
        }

        private static int mix(int a, int b, double t) {
            return (int) Math.round(a + (b - a) * t);
        }
    }
}
