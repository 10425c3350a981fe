package org.regiokg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the test pyramid honest: {@code mvn test -DexcludedGroups=browser,integration} must run only
 * fast tests, so a test class that starts a server, opens a store or drives a browser carries its
 * tag. Reads the test sources; no server.
 */
class TestPyramidTest {
    static final Path TESTS = Path.of("src/test/java");
    /** What makes a test slow: a server, a store, the project's curated content, a browser, the command line. */
    static final Pattern NEEDS_A_SERVER_OR_STORE = Pattern.compile(
            "\\bTestServer\\.|\\bStore\\.inMemory|\\bStore\\.open|\\bCuratedContent\\b|\\bRegioServer\\b|\\bWebServer\\b|\\bMain\\.commandLine|org\\.openqa\\.selenium");
    static final Pattern TAGGED = Pattern.compile("@Tag\\(\"(integration|browser)\"\\)");

    static List<Path> testClasses() {
        try (Stream<Path> files = Files.walk(TESTS)) {
            return files.filter(p -> p.getFileName().toString().endsWith("Test.java"))
                        .filter(p -> !p.getFileName().toString().equals("TestPyramidTest.java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTestThatNeedsAServerAStoreOrABrowserIsTagged() {
        List<String> untagged = testClasses().stream()
                .filter(p -> { String s = read(p); return NEEDS_A_SERVER_OR_STORE.matcher(s).find() && !TAGGED.matcher(s).find(); })
                .map(p -> TESTS.relativize(p).toString()).toList();
        assertThat(untagged).as("tag these @Tag(\"integration\") (or \"browser\")").isEmpty();
    }

    @Test
    void aTestThatDrivesABrowserIsTaggedBrowser() {
        List<String> wrong = testClasses().stream()
                .filter(p -> { String s = read(p); return s.contains("org.openqa.selenium") && !s.contains("@Tag(\"browser\")"); })
                .map(p -> TESTS.relativize(p).toString()).toList();
        assertThat(wrong).isEmpty();
        assertThat(testClasses()).as("the test sources are found").hasSizeGreaterThan(20);
    }
}
