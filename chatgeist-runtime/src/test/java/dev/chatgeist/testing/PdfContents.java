package dev.chatgeist.testing;

import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/** What a PDF holds, read back with PDFBox: its text, the size of each embedded image, its web links. */
public record PdfContents(String text, List<int[]> imageSizes, List<String> links, int pages) {

    /**
     * Where things are drawn on the first page, top down: "image" for each image drawn, and each line of text, in
     * the order of their vertical position (so an image between two paragraphs is listed between them).
     */
    public static List<String> firstPageTopDown(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDPage page = doc.getPage(0);
            TreeMap<Float, String> byY = new TreeMap<>();
            new PDFGraphicsStreamEngine(page) {
                @Override
                public void drawImage(PDImage pdImage) {
                    var m = getGraphicsState().getCurrentTransformationMatrix();
                    // PDF y grows upwards: the image's top edge, as a distance from the page's top
                    byY.put(page.getMediaBox().getHeight() - (m.getTranslateY() + m.getScalingFactorY()), "image");
                }

                @Override
                public void appendRectangle(Point2D a, Point2D b, Point2D c, Point2D d) {}

                @Override
                public void clip(int windingRule) {}

                @Override
                public void moveTo(float x, float y) {}

                @Override
                public void lineTo(float x, float y) {}

                @Override
                public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {}

                @Override
                public Point2D getCurrentPoint() {
                    return new Point2D.Float();
                }

                @Override
                public void closePath() {}

                @Override
                public void endPath() {}

                @Override
                public void strokePath() {}

                @Override
                public void fillPath(int windingRule) {}

                @Override
                public void fillAndStrokePath(int windingRule) {}

                @Override
                public void shadingFill(COSName shadingName) {}
            }.processPage(page);
            PDFTextStripper lines = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) {
                    byY.put(positions.get(0).getYDirAdj(), text);
                }
            };
            lines.setStartPage(1);
            lines.setEndPage(1);
            lines.getText(doc);
            return new ArrayList<>(byY.values());
        }
    }

    public static PdfContents read(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<int[]> images = new ArrayList<>();
            List<String> links = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject img) {
                        images.add(new int[] {img.getWidth(), img.getHeight()});
                    }
                }
                for (var a : page.getAnnotations()) {
                    if (a instanceof PDAnnotationLink l && l.getAction() instanceof PDActionURI uri) {
                        links.add(uri.getURI());
                    }
                }
            }
            return new PdfContents(new PDFTextStripper().getText(doc), images, links, doc.getNumberOfPages());
        }
    }
}
