package dev.chatgeist.chart;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.TimePeriodAnchor;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws a {@link ChartSpec} with its {@link ChartData} as a PNG in ChatGeist's one chart style. Telegram shows a
 * photo as it is in both its light and its dark theme, so the chart is a light card (near-white, dark text, a
 * grey frame that keeps its edge on a white chat background) with saturated colours that read on either; the
 * sizes are for a phone: 1280×800 pixels (Telegram's photo size), text at least 22 px. One renderer serves any
 * number of threads: every call builds its own chart and image.
 *
 * <p>Why it is long: one plot builder per chart kind (bar, line, heatmap) and the shared style (axes, fonts,
 * colours) they all use; split apart, the style would have to be passed around or repeated.
 */
public final class ChartRenderer {
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 800;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // no display, no Dock icon on macOS
        }
        // JFreeChart's workaround for a JDK 1.4 bug draws rotated text as a TextLayout in one font, past
        // FallbackGraphics.drawString; without it rotated labels get per-character fallback too.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private final Supplier<ChartFonts> fonts;

    public ChartRenderer(ChartFonts fonts) {
        this.fonts = () -> fonts;
    }

    private ChartRenderer(Supplier<ChartFonts> fonts) {
        this.fonts = fonts;
    }

    /**
     * A renderer that loads its fonts at the first chart. A Java that cannot load fonts (a server without
     * fontconfig/libfreetype) then still runs the bot and the reports' text: each chart fails with the reason, which
     * the analysts pass on and log, instead of the bot failing to start.
     */
    public static ChartRenderer loadingFonts(Optional<Path> emojiFont) {
        return loading(() -> ChartFonts.load(emojiFont));
    }

    static ChartRenderer loading(Supplier<ChartFonts> load) {
        return new ChartRenderer(new FontsOnce(load));
    }

    public ChartFonts fonts() {
        return fonts.get();
    }

    /** Loads the fonts once; a failure is kept and given to every chart. */
    private static final class FontsOnce implements Supplier<ChartFonts> {
        private final Supplier<ChartFonts> load;
        private ChartFonts loaded;
        private IllegalStateException failure;

        FontsOnce(Supplier<ChartFonts> load) {
            this.load = load;
        }

        @Override
        public synchronized ChartFonts get() {
            if (loaded == null && failure == null) {
                try {
                    loaded = load.get();
                } catch (RuntimeException | LinkageError e) {
                    failure = new IllegalStateException(
                            "charts cannot be drawn on this machine: Java cannot load "
                                    + "fonts (" + e.getMessage()
                                    + "); install fontconfig (apt-get install fontconfig, which "
                                    + "brings libfreetype6) and restart",
                            e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return loaded;
        }
    }

    /** The PNG of the chart, labels and numbers in {@code locale}'s language and format. */
    public byte[] renderPng(ChartSpec spec, ChartData data, Locale locale) {
        return renderPng(spec, data, locale, (text, font) -> {});
    }

    /** As {@link #renderPng(ChartSpec, ChartData, Locale)}, telling {@code drawn} every text run it draws (tests). */
    byte[] renderPng(ChartSpec spec, ChartData data, Locale locale, DrawnText drawn) {
        JFreeChart chart = build(spec, data, locale);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D raw = image.createGraphics();
        Graphics2D g = new FallbackGraphics(raw, fonts.get(), drawn);
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
            g.setPaint(ChartStyle.FRAME);
            g.setStroke(new BasicStroke(4f));
            g.draw(new Rectangle2D.Double(2, 2, WIDTH - 4, HEIGHT - 4));
        } finally {
            g.dispose();
            raw.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart as PNG", e);
        }
        return out.toByteArray();
    }

    private JFreeChart build(ChartSpec spec, ChartData data, Locale locale) {
        ChartLabels labels = new ChartLabels(locale);
        Plot plot = switch (spec.kind()) {
            case BAR, HORIZONTAL_BAR, STACKED_BAR -> barPlot(spec, data, labels);
            case LINE -> linePlot(spec, data, labels);
            case HEATMAP -> heatmapPlot(spec, data, labels);
        };
        JFreeChart chart = new JFreeChart(null, font(true, ChartStyle.TITLE_SIZE), plot, false);
        TextTitle title = new TextTitle(ChartLabels.shorten(spec.title(), 70), font(true, ChartStyle.TITLE_SIZE));
        title.setPaint(ChartStyle.TEXT);
        title.setPosition(RectangleEdge.TOP);
        title.setPadding(new RectangleInsets(24, 32, 8, 32));
        chart.setTitle(title);
        chart.setBackgroundPaint(ChartStyle.CARD);
        chart.setBorderVisible(false);
        chart.setPadding(new RectangleInsets(8, 16, 20, 32));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (plot instanceof XYPlot xy && xy.getRenderer() instanceof XYBlockRenderer block) {
            chart.addSubtitle(heatmapLegend(block.getPaintScale(), labels));
        }
        boolean legend = spec.kind() != ChartKind.HEATMAP && data.series().size() > 1;
        if (legend) {
            LegendTitle l = new LegendTitle(plot);
            l.setItemFont(font(false, ChartStyle.TICK_SIZE));
            l.setItemPaint(ChartStyle.TEXT);
            l.setBackgroundPaint(ChartStyle.CARD);
            l.setFrame(BlockBorder.NONE);
            l.setPosition(RectangleEdge.TOP);
            l.setItemLabelPadding(new RectangleInsets(2, 6, 2, 18));
            chart.addLegend(l);
        }
        return chart;
    }

    private Plot barPlot(ChartSpec spec, ChartData data, ChartLabels labels) {
        boolean horizontal = spec.kind() == ChartKind.HORIZONTAL_BAR;
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<String> shown = labels.categories(data.labels(), horizontal ? 30 : 16);
        for (ChartData.Series s : data.series()) {
            for (int i = 0; i < shown.size(); i++) {
                ds.addValue(s.values().get(i), s.name(), shown.get(i));
            }
        }
        BarRenderer r = spec.kind() == ChartKind.STACKED_BAR ? new StackedBarRenderer() : new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.05);
        r.setMaximumBarWidth(0.12);
        colourSeries(r, data.series().size());
        if (spec.kind() != ChartKind.STACKED_BAR && data.series().size() == 1 && shown.size() <= 25) {
            r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", labels.numbers()));
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(font(false, ChartStyle.VALUE_SIZE));
            r.setDefaultItemLabelPaint(ChartStyle.MUTED);
            r.setDefaultPositiveItemLabelPosition(
                    horizontal
                            ? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT)
                            : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
            r.setItemLabelInsets(new RectangleInsets(6, 6, 6, 6)); // the labels' gap from the bar's end
        }
        CategoryAxis x = new CategoryAxis(spec.xLabel());
        NumberAxis y = valueAxis(spec.yLabel(), labels, data);
        styleAxis(x);
        x.setCategoryMargin(shown.size() > 20 ? 0.1 : 0.25);
        x.setLowerMargin(0.01);
        x.setUpperMargin(0.01);
        x.setMaximumCategoryLabelLines(horizontal ? 1 : 2);
        x.setMaximumCategoryLabelWidthRatio(horizontal ? 0.4f : 1f);
        if (!horizontal && shown.size() > 12) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        CategoryPlot plot = new CategoryPlot(ds, x, y, r);
        plot.setOrientation(horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        stylePlot(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1.5f));
        y.setUpperMargin(0.12);
        return plot;
    }

    private Plot linePlot(ChartSpec spec, ChartData data, ChartLabels labels) {
        Optional<ChartLabels.TimeAxis> time = labels.timeAxis(data.labels());
        if (time.isEmpty()) {
            DefaultCategoryDataset ds = new DefaultCategoryDataset();
            List<String> shown = labels.categories(data.labels(), 16);
            for (ChartData.Series s : data.series()) {
                for (int i = 0; i < shown.size(); i++) {
                    ds.addValue(s.values().get(i), s.name(), shown.get(i));
                }
            }
            LineAndShapeRenderer r = new LineAndShapeRenderer(true, shown.size() <= 40);
            colourSeries(r, data.series().size());
            for (int i = 0; i < data.series().size(); i++) {
                r.setSeriesStroke(i, new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            }
            CategoryAxis x = new CategoryAxis(spec.xLabel());
            styleAxis(x);
            if (shown.size() > 12) {
                x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            }
            CategoryPlot plot = new CategoryPlot(ds, x, valueAxis(spec.yLabel(), labels, data), r);
            stylePlot(plot);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinePaint(ChartStyle.GRID);
            return plot;
        }
        ChartLabels.TimeAxis t = time.get();
        TimeSeriesCollection ds = new TimeSeriesCollection();
        ds.setXPosition(TimePeriodAnchor.START); // a month's point sits on its tick, not mid-way to the next
        for (ChartData.Series s : data.series()) {
            TimeSeries ts = new TimeSeries(s.name());
            for (int i = 0; i < data.labels().size(); i++) {
                ts.addOrUpdate(t.periods().get(i), s.values().get(i));
            }
            ds.addSeries(ts);
        }
        XYLineAndShapeRenderer r =
                new XYLineAndShapeRenderer(true, data.labels().size() <= 40);
        for (int i = 0; i < data.series().size(); i++) {
            r.setSeriesPaint(i, ChartStyle.series(i));
            r.setSeriesStroke(i, new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        DateAxis x = new DateAxis(spec.xLabel());
        x.setDateFormatOverride(new SimpleDateFormat(t.pattern(), labels.locale()));
        styleAxis(x);
        XYPlot plot = new XYPlot(ds, x, valueAxis(spec.yLabel(), labels, data), r);
        stylePlot(plot);
        plot.setDomainGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        return plot;
    }

    private Plot heatmapPlot(ChartSpec spec, ChartData data, ChartLabels labels) {
        int cols = data.labels().size();
        int rows = data.series().size();
        double[] xs = new double[cols * rows];
        double[] ys = new double[cols * rows];
        double[] zs = new double[cols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                xs[i] = c;
                ys[i] = rows - 1 - r; // the first row on top
                Double v = data.series().get(r).values().get(c);
                zs[i] = v == null ? 0 : v;
            }
        }
        DefaultXYZDataset ds = new DefaultXYZDataset();
        ds.addSeries("values", new double[][] {xs, ys, zs});
        // the colours span the values there are: a busy chat's quietest hour is pale, not as dark as the busiest
        double min = data.minValue();
        double max = Math.max(min + 1, data.maxValue());
        PaintScale scale = new ChartStyle.Ramp(min, max);
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(scale);
        String[] columnNames = labels.categories(data.labels(), 8).toArray(String[]::new);
        String[] rowNames = new String[rows];
        for (int i = 0; i < rows; i++) {
            rowNames[rows - 1 - i] = ChartLabels.shorten(data.series().get(i).name(), 14);
        }
        SymbolAxis x = new SymbolAxis(spec.xLabel(), columnNames);
        SymbolAxis y = new SymbolAxis(spec.yLabel(), rowNames);
        for (SymbolAxis a : List.of(x, y)) {
            styleAxis(a);
            a.setGridBandsVisible(false);
            a.setAxisLineVisible(false);
        }
        x.setVerticalTickLabels(cols > 30);
        XYPlot plot = new XYPlot(ds, x, y, r);
        stylePlot(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        return plot;
    }

    private void colourSeries(org.jfree.chart.renderer.AbstractRenderer r, int n) {
        for (int i = 0; i < n; i++) {
            r.setSeriesPaint(i, ChartStyle.series(i));
        }
    }

    private NumberAxis valueAxis(String label, ChartLabels labels, ChartData data) {
        NumberAxis y = new NumberAxis(label);
        if (data.wholeNumbers()) {
            y.setStandardTickUnits(NumberAxis.createIntegerTickUnits(labels.locale()));
        }
        y.setNumberFormatOverride(labels.numbers());
        y.setAutoRangeIncludesZero(true);
        styleAxis(y);
        y.setTickLabelInsets(new RectangleInsets(14, 6, 14, 6)); // room between ticks: about 8 of them, not 17
        y.setAxisLineVisible(false);
        return y;
    }

    private void styleAxis(org.jfree.chart.axis.Axis a) {
        a.setLabelFont(font(false, ChartStyle.AXIS_LABEL_SIZE));
        a.setLabelPaint(ChartStyle.MUTED);
        a.setTickLabelFont(font(false, ChartStyle.TICK_SIZE));
        a.setTickLabelPaint(ChartStyle.TEXT);
        a.setAxisLinePaint(ChartStyle.AXIS);
        a.setAxisLineStroke(new BasicStroke(1.5f));
        a.setTickMarksVisible(false);
        a.setLabelInsets(new RectangleInsets(10, 10, 10, 10));
        if (a instanceof ValueAxis v) {
            v.setMinorTickMarksVisible(false);
        }
    }

    private void stylePlot(Plot plot) {
        plot.setBackgroundPaint(ChartStyle.PLOT);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(12, 8, 8, 8));
        plot.setNoDataMessageFont(font(false, ChartStyle.TICK_SIZE));
    }

    private Font font(boolean bold, float size) {
        return (bold ? fonts.get().bold() : fonts.get().regular()).deriveFont(size);
    }

    /** The heatmap's colour key: a strip on the right with the value scale. */
    private PaintScaleLegend heatmapLegend(PaintScale scale, ChartLabels labels) {
        NumberAxis axis = new NumberAxis();
        axis.setNumberFormatOverride(labels.numbers());
        styleAxis(axis);
        axis.setAxisLineVisible(false);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(18);
        legend.setStripOutlineVisible(false);
        legend.setSubdivisionCount(200);
        legend.setAxisOffset(6);
        legend.setBackgroundPaint(ChartStyle.CARD);
        legend.setPadding(new RectangleInsets(60, 16, 60, 0));
        return legend;
    }
}
