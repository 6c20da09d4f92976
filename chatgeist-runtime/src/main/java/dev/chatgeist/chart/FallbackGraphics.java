package dev.chatgeist.chart;

import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsConfiguration;
import java.awt.Image;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

/**
 * A Graphics2D that draws every string with per-character font fallback: runs the primary font cannot draw
 * (CJK, emoji) are set in the first {@link ChartFonts} fallback that can, and text is measured the same way so
 * labels keep their room. Everything else goes to the image's own Graphics2D. JFreeChart draws and measures all
 * its text through {@code drawString} and {@code getFontMetrics}, so charts need nothing more.
 *
 * <p>Why it is long: Graphics2D is an abstract class of some 70 methods and a delegate must override each one;
 * the few that matter (text drawing and measuring) are at the top, the plain delegations below them.
 */
final class FallbackGraphics extends Graphics2D {
    private final Graphics2D g;
    private final ChartFonts fonts;
    private final DrawnText drawn;

    FallbackGraphics(Graphics2D g, ChartFonts fonts, DrawnText drawn) {
        this.g = g;
        this.fonts = fonts;
        this.drawn = drawn;
    }

    /** A run of text and the font that draws it. */
    record Run(String text, Font font) {}

    /** {@code text} split into runs by the font that can draw each character; presentation-only marks dropped. */
    static List<Run> runs(String text, Font primary, ChartFonts fonts) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Font currentFont = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D) {
                continue; // emoji presentation selectors and joiners: no monochrome font draws them
            }
            // the primary font wherever it can draw (a fallback that also has Cyrillic would look foreign);
            // spaces stay in the run they are in
            Font f = currentFont != null && Character.isWhitespace(cp) ? currentFont : fonts.fontFor(primary, cp);
            if (currentFont != null && !f.equals(currentFont)) {
                runs.add(new Run(current.toString(), currentFont));
                current.setLength(0);
            }
            currentFont = f;
            current.appendCodePoint(cp);
        }
        if (currentFont != null) {
            runs.add(new Run(current.toString(), currentFont));
        }
        return runs;
    }

    private AttributedString attributed(List<Run> runs) {
        StringBuilder all = new StringBuilder();
        runs.forEach(r -> all.append(r.text()));
        AttributedString as = new AttributedString(all.toString());
        int at = 0;
        for (Run r : runs) {
            as.addAttribute(TextAttribute.FONT, r.font(), at, at + r.text().length());
            at += r.text().length();
        }
        return as;
    }

    @Override
    public void drawString(String text, float x, float y) {
        if (text.isEmpty()) {
            return;
        }
        List<Run> runs = runs(text, g.getFont(), fonts);
        runs.forEach(r -> drawn.run(r.text(), r.font()));
        if (runs.size() == 1 && runs.get(0).font().equals(g.getFont())) {
            g.drawString(runs.get(0).text(), x, y);
        } else if (!runs.isEmpty()) {
            g.drawString(attributed(runs).getIterator(), x, y);
        }
    }

    @Override
    public void drawString(String text, int x, int y) {
        drawString(text, (float) x, (float) y);
    }

    @Override
    public FontMetrics getFontMetrics(Font f) {
        return new FallbackMetrics(f, g.getFontMetrics(f));
    }

    @Override
    public Graphics create() {
        return new FallbackGraphics((Graphics2D) g.create(), fonts, drawn);
    }

    /** Metrics of the primary font, with widths measured over the same runs as drawn. */
    private final class FallbackMetrics extends FontMetrics {
        private final FontMetrics base;

        FallbackMetrics(Font font, FontMetrics base) {
            super(font);
            this.base = base;
        }

        @Override
        public int getAscent() {
            return base.getAscent();
        }

        @Override
        public int getDescent() {
            return base.getDescent();
        }

        @Override
        public int getLeading() {
            return base.getLeading();
        }

        @Override
        public int getMaxAdvance() {
            return base.getMaxAdvance();
        }

        @Override
        public int charWidth(char ch) {
            return base.charWidth(ch);
        }

        @Override
        public int stringWidth(String s) {
            return (int) Math.ceil(width(s));
        }

        @Override
        public Rectangle2D getStringBounds(String s, Graphics context) {
            return new Rectangle2D.Double(0, -base.getAscent(), width(s), base.getAscent() + base.getDescent());
        }

        @Override
        public FontRenderContext getFontRenderContext() {
            return base.getFontRenderContext();
        }

        private double width(String s) {
            List<Run> runs = runs(s, getFont(), fonts);
            if (runs.isEmpty()) {
                return 0;
            }
            if (runs.size() == 1 && runs.get(0).font().equals(getFont())) {
                return base.getStringBounds(runs.get(0).text(), g).getWidth();
            }
            return new TextLayout(attributed(runs).getIterator(), g.getFontRenderContext()).getAdvance();
        }
    }

    // everything below: plain delegation to the image's Graphics2D
    @Override
    public void scale(double a0, double a1) {
        g.scale(a0, a1);
    }

    @Override
    public void fill(Shape a0) {
        g.fill(a0);
    }

    @Override
    public void transform(java.awt.geom.AffineTransform a0) {
        g.transform(a0);
    }

    @Override
    public void rotate(double a0, double a1, double a2) {
        g.rotate(a0, a1, a2);
    }

    @Override
    public void rotate(double a0) {
        g.rotate(a0);
    }

    @Override
    public boolean hit(Rectangle a0, Shape a1, boolean a2) {
        return g.hit(a0, a1, a2);
    }

    @Override
    public Paint getPaint() {
        return g.getPaint();
    }

    @Override
    public void setPaint(Paint a0) {
        g.setPaint(a0);
    }

    @Override
    public void draw(Shape a0) {
        g.draw(a0);
    }

    @Override
    public boolean drawImage(Image a0, java.awt.geom.AffineTransform a1, java.awt.image.ImageObserver a2) {
        return g.drawImage(a0, a1, a2);
    }

    @Override
    public void drawImage(java.awt.image.BufferedImage a0, java.awt.image.BufferedImageOp a1, int a2, int a3) {
        g.drawImage(a0, a1, a2, a3);
    }

    @Override
    public void drawRenderedImage(java.awt.image.RenderedImage a0, java.awt.geom.AffineTransform a1) {
        g.drawRenderedImage(a0, a1);
    }

    @Override
    public void drawRenderableImage(java.awt.image.renderable.RenderableImage a0, java.awt.geom.AffineTransform a1) {
        g.drawRenderableImage(a0, a1);
    }

    @Override
    public void drawString(java.text.AttributedCharacterIterator a0, float a1, float a2) {
        g.drawString(a0, a1, a2);
    }

    @Override
    public void drawString(java.text.AttributedCharacterIterator a0, int a1, int a2) {
        g.drawString(a0, a1, a2);
    }

    @Override
    public void drawGlyphVector(java.awt.font.GlyphVector a0, float a1, float a2) {
        g.drawGlyphVector(a0, a1, a2);
    }

    @Override
    public GraphicsConfiguration getDeviceConfiguration() {
        return g.getDeviceConfiguration();
    }

    @Override
    public void setComposite(Composite a0) {
        g.setComposite(a0);
    }

    @Override
    public void setStroke(Stroke a0) {
        g.setStroke(a0);
    }

    @Override
    public void setRenderingHint(RenderingHints.Key a0, Object a1) {
        g.setRenderingHint(a0, a1);
    }

    @Override
    public Object getRenderingHint(RenderingHints.Key a0) {
        return g.getRenderingHint(a0);
    }

    @Override
    public void setRenderingHints(java.util.Map<?, ?> a0) {
        g.setRenderingHints(a0);
    }

    @Override
    public void addRenderingHints(java.util.Map<?, ?> a0) {
        g.addRenderingHints(a0);
    }

    @Override
    public RenderingHints getRenderingHints() {
        return g.getRenderingHints();
    }

    @Override
    public void translate(double a0, double a1) {
        g.translate(a0, a1);
    }

    @Override
    public void translate(int a0, int a1) {
        g.translate(a0, a1);
    }

    @Override
    public void shear(double a0, double a1) {
        g.shear(a0, a1);
    }

    @Override
    public void setTransform(java.awt.geom.AffineTransform a0) {
        g.setTransform(a0);
    }

    @Override
    public java.awt.geom.AffineTransform getTransform() {
        return g.getTransform();
    }

    @Override
    public Composite getComposite() {
        return g.getComposite();
    }

    @Override
    public void setBackground(Color a0) {
        g.setBackground(a0);
    }

    @Override
    public Color getBackground() {
        return g.getBackground();
    }

    @Override
    public Stroke getStroke() {
        return g.getStroke();
    }

    @Override
    public void clip(Shape a0) {
        g.clip(a0);
    }

    @Override
    public FontRenderContext getFontRenderContext() {
        return g.getFontRenderContext();
    }

    @Override
    public void setColor(Color a0) {
        g.setColor(a0);
    }

    @Override
    public void dispose() {
        g.dispose();
    }

    @Override
    public Color getColor() {
        return g.getColor();
    }

    @Override
    public void fillRect(int a0, int a1, int a2, int a3) {
        g.fillRect(a0, a1, a2, a3);
    }

    @Override
    public boolean drawImage(
            Image a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, java.awt.image.ImageObserver a9) {
        return g.drawImage(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
    }

    @Override
    public boolean drawImage(Image a0, int a1, int a2, java.awt.image.ImageObserver a3) {
        return g.drawImage(a0, a1, a2, a3);
    }

    @Override
    public boolean drawImage(Image a0, int a1, int a2, Color a3, java.awt.image.ImageObserver a4) {
        return g.drawImage(a0, a1, a2, a3, a4);
    }

    @Override
    public boolean drawImage(Image a0, int a1, int a2, int a3, int a4, java.awt.image.ImageObserver a5) {
        return g.drawImage(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public boolean drawImage(
            Image a0,
            int a1,
            int a2,
            int a3,
            int a4,
            int a5,
            int a6,
            int a7,
            int a8,
            Color a9,
            java.awt.image.ImageObserver a10) {
        return g.drawImage(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10);
    }

    @Override
    public boolean drawImage(Image a0, int a1, int a2, int a3, int a4, Color a5, java.awt.image.ImageObserver a6) {
        return g.drawImage(a0, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public void clipRect(int a0, int a1, int a2, int a3) {
        g.clipRect(a0, a1, a2, a3);
    }

    @Override
    public Font getFont() {
        return g.getFont();
    }

    @Override
    public void drawLine(int a0, int a1, int a2, int a3) {
        g.drawLine(a0, a1, a2, a3);
    }

    @Override
    public void drawPolygon(int[] a0, int[] a1, int a2) {
        g.drawPolygon(a0, a1, a2);
    }

    @Override
    public void fillPolygon(int[] a0, int[] a1, int a2) {
        g.fillPolygon(a0, a1, a2);
    }

    @Override
    public Rectangle getClipBounds() {
        return g.getClipBounds();
    }

    @Override
    public void setPaintMode() {
        g.setPaintMode();
    }

    @Override
    public void setXORMode(Color a0) {
        g.setXORMode(a0);
    }

    @Override
    public void setFont(Font a0) {
        g.setFont(a0);
    }

    @Override
    public void setClip(int a0, int a1, int a2, int a3) {
        g.setClip(a0, a1, a2, a3);
    }

    @Override
    public void setClip(Shape a0) {
        g.setClip(a0);
    }

    @Override
    public Shape getClip() {
        return g.getClip();
    }

    @Override
    public void copyArea(int a0, int a1, int a2, int a3, int a4, int a5) {
        g.copyArea(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public void clearRect(int a0, int a1, int a2, int a3) {
        g.clearRect(a0, a1, a2, a3);
    }

    @Override
    public void drawRoundRect(int a0, int a1, int a2, int a3, int a4, int a5) {
        g.drawRoundRect(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public void fillRoundRect(int a0, int a1, int a2, int a3, int a4, int a5) {
        g.fillRoundRect(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public void drawOval(int a0, int a1, int a2, int a3) {
        g.drawOval(a0, a1, a2, a3);
    }

    @Override
    public void fillOval(int a0, int a1, int a2, int a3) {
        g.fillOval(a0, a1, a2, a3);
    }

    @Override
    public void drawArc(int a0, int a1, int a2, int a3, int a4, int a5) {
        g.drawArc(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public void fillArc(int a0, int a1, int a2, int a3, int a4, int a5) {
        g.fillArc(a0, a1, a2, a3, a4, a5);
    }

    @Override
    public void drawPolyline(int[] a0, int[] a1, int a2) {
        g.drawPolyline(a0, a1, a2);
    }
}
