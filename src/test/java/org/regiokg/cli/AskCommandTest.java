package org.regiokg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code regiokg ask} runs the same questions as the API against a local store. */
@Tag("integration")
class AskCommandTest {
    static final String BASE = "src/test/resources/questions-fixture";

    record Run(int exit, String out, String err) {}

    static Run ask(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setOut(new java.io.PrintWriter(System.out, true));
            cl.setErr(new java.io.PrintWriter(System.err, true));
            String[] full = new String[args.length + 4];
            full[0] = "ask";
            System.arraycopy(args, 0, full, 1, args.length);
            full[args.length + 1] = "--memory";
            full[args.length + 2] = "--base-dir";
            full[args.length + 3] = BASE;
            int exit = cl.execute(full);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void printsATable() {
        Run r = ask("organisations-in-town");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("| org", "\"Alpha GmbH\"@de", "\"Delta e.V.\"@de").doesNotContain("Gamma");
    }

    @Test
    void takesParametersAndFormats() {
        Run r = ask("organisations-in-town", "--param", "foundedAfter=1995", "--format", "csv");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("org,name,founded", "https://w3id.org/regiokg/id/organisation/delta,Delta e.V.,2015");
        Run json = ask("organisations-in-town", "-p", "town=https://w3id.org/regiokg/id/place/olpe", "--format", "json");
        assertThat(json.out()).contains("\"name\":\"Gamma KG\"");
    }

    @Test
    void listsTheQuestions() {
        Run r = ask();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("organisations-in-town", "town:iri?", "organisation-by-name");
    }

    @Test
    void badArgumentsExitNonZeroNamingTheParameter() {
        Run r = ask("organisations-in-town", "-p", "foundedAfter=x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("foundedAfter", "xsd:integer");
        Run unknown = ask("no-such-question");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("No question 'no-such-question'");
    }
}
