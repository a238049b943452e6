package dev.purser.schemas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of GitHub-flavoured Markdown for the documentation tests: headings and the anchors
 * GitHub gives them, links, and the tables under a heading. Fenced code blocks are not text:
 * nothing in them is a heading or a link; inline code spans are not links either.
 */
public final class Markdown {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    /** {@code [text](target "title")} and {@code ![alt](target)}; the text may hold one level of brackets. */
    private static final Pattern INLINE_LINK = Pattern.compile(
            "!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*(<[^>]*>|[^\\s)]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    /** {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:[ \\t]*(<[^>]*>|\\S+)");
    private static final Pattern WIRE_VALUE = Pattern.compile("`([^`]+)`");

    private final List<String> lines;
    private final String text;

    /** A link as written: its target and the line it is on (1-based). */
    public record Link(String target, int line) {
    }

    /** A heading: its level, its text as written, its line (1-based). */
    public record Heading(int level, String text, int line) {
    }

    private Markdown(String markdown) {
        this.lines = withoutFencedCode(markdown);
        this.text = String.join("\n", lines);
    }

    public static Markdown of(String markdown) {
        return new Markdown(markdown);
    }

    /** The lines of the text, with every line of a fenced code block (fences included) blanked. */
    private static List<String> withoutFencedCode(String markdown) {
        List<String> result = new ArrayList<>();
        String fence = null;
        for (String raw : markdown.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            Matcher m = FENCE.matcher(line);
            if (fence == null && m.find()) {
                fence = m.group(1);
                result.add("");
            } else if (fence != null) {
                if (m.find() && m.group(1).charAt(0) == fence.charAt(0) && m.group(1).length() >= fence.length()
                        && line.trim().equals(m.group(1))) {
                    fence = null;
                }
                result.add("");
            } else {
                result.add(line);
            }
        }
        return result;
    }

    public List<Heading> headings() {
        List<Heading> headings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEADING.matcher(lines.get(i));
            if (m.matches()) {
                headings.add(new Heading(m.group(1).length(), m.group(2), i + 1));
            }
        }
        return headings;
    }

    /** The anchors GitHub makes for the headings: slugs, with {@code -1}, {@code -2}… for repeats. */
    public Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Heading heading : headings()) {
            String slug = slug(heading.text());
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: the rendered text (links and code spans reduced to their text),
     * lower case, with everything but letters, digits, marks, {@code _}, {@code -} and spaces removed,
     * and each space turned into {@code -}.
     */
    public static String slug(String heading) {
        String rendered = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "")
                .replaceAll("<[^>]+>", "").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        rendered.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** Every inline link, image and reference definition outside code. */
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        String prose = blankCodeSpans(text);
        Matcher inline = INLINE_LINK.matcher(prose);
        while (inline.find()) {
            links.add(new Link(unbracket(inline.group(1)), lineOf(prose, inline.start(1))));
        }
        Matcher reference = REFERENCE.matcher(prose);
        while (reference.find()) {
            links.add(new Link(unbracket(reference.group(1)), lineOf(prose, reference.start(1))));
        }
        return links;
    }

    /**
     * The rows of the first table under the heading whose text is exactly {@code title} (the heading
     * must exist once, and its table must come before the next heading): each row a list of trimmed
     * cells, the header row and the delimiter row left out.
     */
    public List<List<String>> tableUnder(String title) {
        List<Heading> matching = headings().stream().filter(h -> h.text().equals(title)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected exactly one heading '" + title + "', found " + matching.size());
        }
        int i = matching.get(0).line();
        while (i < lines.size() && !lines.get(i).trim().startsWith("|")) {
            if (HEADING.matcher(lines.get(i)).matches()) {
                throw new AssertionError("no table under the heading '" + title + "' (line " + matching.get(0).line()
                        + ") before the next heading");
            }
            i++;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int row = 0; i < lines.size() && lines.get(i).trim().startsWith("|"); i++, row++) {
            if (row >= 2) {
                rows.add(cells(lines.get(i)));
            }
        }
        return rows;
    }

    /**
     * The wire values listed under {@code title}: the first cell of each row of its table, which must
     * be one backticked value and nothing else.
     */
    public List<String> wireValuesUnder(String title) {
        List<String> values = new ArrayList<>();
        for (List<String> row : tableUnder(title)) {
            Matcher m = WIRE_VALUE.matcher(row.get(0));
            if (!m.matches()) {
                throw new AssertionError("under '" + title + "' the first cell of every row must be one backticked "
                        + "value, not: " + row.get(0));
            }
            values.add(m.group(1));
        }
        return values;
    }

    private static List<String> cells(String row) {
        String inner = row.trim();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private static String blankCodeSpans(String text) {
        Matcher m = CODE_SPAN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().replaceAll("[^\n]", " ")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unbracket(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
