package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The repository stands alone (issue 12): a clone has everything its documents point at. Every
 * relative link in every Markdown file leads to a file or folder of the repository, and a link with
 * an {@code #anchor} into a Markdown file leads to one of its headings (the anchors GitHub makes).
 * No link, and no relative path written anywhere in a document (code blocks included), leads out
 * of the repository.
 */
class DocumentationLinksTest {
    private static final Path ROOT = Repository.root();
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    /** A relative path that climbs: {@code ../x}, {@code ../../docs/AUDIT.md#anchor}. */
    private static final Pattern CLIMBING_PATH = Pattern.compile("(?<![\\w.~/-])((?:\\.\\./)+[^\\s`)\\]'\"<>|*,;]*)");

    static List<String> markdownFiles() {
        return Repository.markdownFiles().stream().map(f -> ROOT.relativize(f).toString()).toList();
    }

    @Test
    void shouldFindTheRepositoryAndItsDocuments() {
        assertThat(ROOT.resolve("pom.xml")).isRegularFile();
        assertThat(markdownFiles()).contains("README.md", "docs/PROTOCOL.md", "docs/LEDGER.md", "docs/HTTP.md",
                "docs/AUDIT.md", "tools/verify-node/README.md");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markdownFiles")
    void shouldLinkOnlyToFilesAndHeadingsInsideTheRepository(String file) {
        Path path = ROOT.resolve(file);

        assertThat(linkProblems(path, Repository.read(path))).as("broken links in %s", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markdownFiles")
    void shouldWriteNoRelativePathThatLeadsOutOfTheRepository(String file) {
        Path path = ROOT.resolve(file);

        assertThat(climbingPathProblems(path, Repository.read(path))).as("paths out of the repository in %s", file)
                .isEmpty();
    }

    // The rules themselves, on small documents placed in docs/.

    @Test
    void shouldAcceptLinksToFilesFoldersAndHeadingsOfTheRepository() {
        String doc = """
                See [the protocol](PROTOCOL.md), its [words](PROTOCOL.md#1-words), [this page](#a-heading),
                the [README](../README.md#configuration), [the schemas](../schemas/src/main/resources/schemas/),
                a [site](https://example.com/x), [mail](mailto:a@example.com) and [a root path](/docs/HTTP.md).

                ## A heading
                """;

        assertThat(linkProblems(ROOT.resolve("docs/EXAMPLE.md"), doc)).isEmpty();
    }

    @Test
    void shouldReportAMissingFileAMissingHeadingAndALinkOutOfTheRepository() {
        String doc = """
                [gone](NO-SUCH.md) and [no heading](PROTOCOL.md#no-such-heading)
                [outside](../../elsewhere/spec/PROTOCOL.md)

                [ref]: ../../elsewhere.md
                """;

        assertThat(linkProblems(ROOT.resolve("docs/EXAMPLE.md"), doc)).containsExactly(
                "line 1: NO-SUCH.md: no such file in the repository",
                "line 1: PROTOCOL.md#no-such-heading: docs/PROTOCOL.md has no heading with the anchor #no-such-heading",
                "line 2: ../../elsewhere/spec/PROTOCOL.md leads out of the repository",
                "line 4: ../../elsewhere.md leads out of the repository");
    }

    @Test
    void shouldNotTakeCodeForLinksButSeeClimbingPathsInCodeToo() {
        String doc = """
                `[not a link](nowhere.md)`

                ```bash
                cat [x](nowhere.md) ../../../outside/file.txt
                ```
                """;

        assertThat(linkProblems(ROOT.resolve("docs/EXAMPLE.md"), doc)).isEmpty();
        assertThat(climbingPathProblems(ROOT.resolve("docs/EXAMPLE.md"), doc))
                .containsExactly("line 4: ../../../outside/file.txt leads out of the repository");
    }

    @Test
    void shouldMakeTheAnchorsGitHubMakes() {
        assertThat(Markdown.slug("1. Words")).isEqualTo("1-words");
        assertThat(Markdown.slug("8. The verb × state table")).isEqualTo("8-the-verb--state-table");
        assertThat(Markdown.slug("Issue 11: before and after (2026-12-04)"))
                .isEqualTo("issue-11-before-and-after-2026-12-04");
        assertThat(Markdown.slug("The independent verifier (Node)")).isEqualTo("the-independent-verifier-node");
        assertThat(Markdown.slug("11. Signing keys: JWKS, activation, rotation"))
                .isEqualTo("11-signing-keys-jwks-activation-rotation");
        assertThat(Markdown.slug("`define_budget` and [links](x.md)")).isEqualTo("define_budget-and-links");
        assertThat(Markdown.of("# Results\n## Results\n### Results\n").anchors())
                .containsExactly("results", "results-1", "results-2");
    }

    /** What is wrong with the links of {@code text}, the document at {@code file}: one line per problem. */
    static List<String> linkProblems(Path file, String text) {
        List<String> problems = new ArrayList<>();
        for (Markdown.Link link : Markdown.of(text).links()) {
            String target = link.target();
            if (SCHEME.matcher(target).find() || target.startsWith("//")) {
                continue;
            }
            int hash = target.indexOf('#');
            String path = URLDecoder.decode((hash < 0 ? target : target.substring(0, hash)).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
            String anchor = hash < 0 ? "" : target.substring(hash + 1);
            Path resolved = path.isEmpty() ? file
                    : (path.startsWith("/") ? ROOT.resolve(path.substring(1)) : file.getParent().resolve(path))
                    .normalize();
            String where = "line " + link.line() + ": " + target;
            if (!resolved.startsWith(ROOT)) {
                problems.add(where + " leads out of the repository");
            } else if (!path.isEmpty() && !Files.exists(resolved)) {
                problems.add(where + ": no such file in the repository");
            } else if (!anchor.isEmpty() && resolved.toString().endsWith(".md")) {
                String markdown = path.isEmpty() ? text : Repository.read(resolved);
                if (!Markdown.of(markdown).anchors().contains(anchor)) {
                    problems.add(where + ": " + ROOT.relativize(resolved) + " has no heading with the anchor #"
                            + anchor);
                }
            }
        }
        return problems;
    }

    /** Relative paths anywhere in {@code text}, code included, that climb out of the repository. */
    static List<String> climbingPathProblems(Path file, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = CLIMBING_PATH.matcher(lines[i]);
            while (m.find()) {
                String path = m.group(1).replaceFirst("#.*$", "");
                if (!file.getParent().resolve(path).normalize().startsWith(ROOT)) {
                    problems.add("line " + (i + 1) + ": " + m.group(1) + " leads out of the repository");
                }
            }
        }
        return problems;
    }
}
