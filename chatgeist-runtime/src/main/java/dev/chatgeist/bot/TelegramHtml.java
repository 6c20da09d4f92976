package dev.chatgeist.bot;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * Converts the analyst's Markdown into the HTML subset Telegram accepts ({@code b i s code pre a blockquote}):
 * headings become bold lines, lists get bullets or numbers, tables become monospaced blocks, raw HTML is shown as
 * text. Everything else is escaped, so the output parses — and if Telegram refuses it anyway, the bot falls back
 * to plain text.
 */
public final class TelegramHtml {
    private static final List<Extension> EXTENSIONS =
            List.of(TablesExtension.create(), StrikethroughExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

    private TelegramHtml() {}

    public static String render(String markdown) {
        StringBuilder out = new StringBuilder();
        PARSER.parse(markdown).accept(new Visitor(out));
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    /** HTML of our UI texts to plain text (tags dropped, the four entities decoded). */
    public static String toPlain(String html) {
        return html.replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final class Visitor extends AbstractVisitor {
        private final StringBuilder out;
        private int listDepth;

        Visitor(StringBuilder out) {
            this.out = out;
        }

        private void blockEnd() {
            out.append(listDepth > 0 ? "\n" : "\n\n");
        }

        @Override
        public void visit(Paragraph p) {
            visitChildren(p);
            blockEnd();
        }

        @Override
        public void visit(Heading h) {
            out.append("<b>");
            visitChildren(h);
            out.append("</b>\n");
        }

        @Override
        public void visit(Text t) {
            out.append(escape(t.getLiteral()));
        }

        @Override
        public void visit(StrongEmphasis e) {
            wrap(e, "b");
        }

        @Override
        public void visit(Emphasis e) {
            wrap(e, "i");
        }

        @Override
        public void visit(Code c) {
            out.append("<code>").append(escape(c.getLiteral())).append("</code>");
        }

        @Override
        public void visit(FencedCodeBlock c) {
            out.append("<pre>").append(escape(c.getLiteral().stripTrailing())).append("</pre>");
            blockEnd();
        }

        @Override
        public void visit(IndentedCodeBlock c) {
            out.append("<pre>").append(escape(c.getLiteral().stripTrailing())).append("</pre>");
            blockEnd();
        }

        @Override
        public void visit(Link l) {
            String url = l.getDestination();
            if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("tg://")) {
                out.append("<a href=\"")
                        .append(escape(url).replace("\"", "&quot;"))
                        .append("\">");
                visitChildren(l);
                out.append("</a>");
            } else {
                visitChildren(l);
            }
        }

        @Override
        public void visit(BulletList l) {
            list(l);
        }

        @Override
        public void visit(OrderedList l) {
            list(l);
        }

        private void list(Node l) {
            listDepth++;
            int n = l instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
            for (Node item = l.getFirstChild(); item != null; item = item.getNext()) {
                out.append("  ".repeat(listDepth - 1));
                out.append(l instanceof OrderedList ? (n++) + ". " : "• ");
                visitChildren(item);
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
            }
            listDepth--;
            if (listDepth == 0) {
                out.append('\n');
            }
        }

        @Override
        public void visit(ListItem li) {
            visitChildren(li);
        }

        @Override
        public void visit(BlockQuote q) {
            out.append("<blockquote>");
            int mark = out.length();
            visitChildren(q);
            String inner = out.substring(mark).strip();
            out.setLength(mark);
            out.append(inner).append("</blockquote>");
            blockEnd();
        }

        @Override
        public void visit(ThematicBreak t) {
            out.append("——————");
            blockEnd();
        }

        @Override
        public void visit(SoftLineBreak b) {
            out.append('\n');
        }

        @Override
        public void visit(HardLineBreak b) {
            out.append('\n');
        }

        @Override
        public void visit(HtmlInline h) {
            out.append(escape(h.getLiteral()));
        }

        @Override
        public void visit(HtmlBlock h) {
            out.append(escape(h.getLiteral()));
            blockEnd();
        }

        @Override
        public void visit(CustomNode n) {
            if (n instanceof Strikethrough) {
                wrap(n, "s");
            } else {
                visitChildren(n);
            }
        }

        @Override
        public void visit(CustomBlock b) {
            if (b instanceof TableBlock t) {
                table(t);
            } else {
                visitChildren(b);
            }
        }

        /** Telegram has no tables: a monospaced block with aligned columns reads best. */
        private void table(TableBlock t) {
            List<List<String>> rows = new ArrayList<>();
            collectRows(t, rows);
            int cols = rows.stream().mapToInt(List::size).max().orElse(0);
            int[] width = new int[cols];
            for (List<String> r : rows) {
                for (int i = 0; i < r.size(); i++) {
                    width[i] = Math.max(
                            width[i], r.get(i).codePointCount(0, r.get(i).length()));
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < rows.size(); k++) {
                List<String> r = rows.get(k);
                for (int i = 0; i < r.size(); i++) {
                    String c = r.get(i);
                    sb.append(c).append(" ".repeat(width[i] - c.codePointCount(0, c.length())));
                    if (i < r.size() - 1) {
                        sb.append(" │ ");
                    }
                }
                sb = new StringBuilder(sb.toString().stripTrailing()).append('\n');
                if (k == 0) {
                    for (int i = 0; i < cols; i++) {
                        sb.append("─".repeat(width[i])).append(i < cols - 1 ? "─┼─" : "");
                    }
                    sb.append('\n');
                }
            }
            out.append("<pre>").append(escape(sb.toString().stripTrailing())).append("</pre>");
            blockEnd();
        }

        private void collectRows(Node n, List<List<String>> rows) {
            for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
                if (c instanceof TableRow) {
                    List<String> cells = new ArrayList<>();
                    for (Node cell = c.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell) {
                            cells.add(plainText(cell));
                        }
                    }
                    rows.add(cells);
                } else {
                    collectRows(c, rows);
                }
            }
        }

        private static String plainText(Node n) {
            StringBuilder sb = new StringBuilder();
            n.accept(new AbstractVisitor() {
                @Override
                public void visit(Text t) {
                    sb.append(t.getLiteral());
                }

                @Override
                public void visit(Code c) {
                    sb.append(c.getLiteral());
                }
            });
            return sb.toString();
        }

        private void wrap(Node n, String tag) {
            out.append('<').append(tag).append('>');
            visitChildren(n);
            out.append("</").append(tag).append('>');
        }
    }
}
