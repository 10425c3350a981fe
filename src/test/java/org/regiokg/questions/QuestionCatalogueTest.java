package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A question whose declared columns do not match its query is left out at once, with the place of the mistake. */
class QuestionCatalogueTest {
    private static final String GOOD = """
            #+ summary: Things and their labels
            #+ returns: [thing, label]
            SELECT ?thing ?label { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }
            """;

    @Test
    void aColumnMismatchIsAProblemOfTheCatalogueNotAnErrorLater(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("good.rq"), GOOD);
        Files.writeString(dir.resolve("renamed.rq"), GOOD.replace("?thing ?label {", "?thing (?label AS ?name) {"));
        QuestionCatalogue catalogue = new QuestionCatalogue(dir);
        assertThat(catalogue.find("good")).isPresent();
        assertThat(catalogue.find("renamed")).isEmpty();
        assertThat(catalogue.problems()).containsExactly(dir.resolve("renamed.rq")
                + ":2 declares the columns [thing, label], but the query returns [thing, name]");
    }

    @Test
    void aSyntaxErrorIsAProblemWithItsLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.rq"), GOOD.replace("?label }", "?label FILTER(?label = ) }"));
        QuestionCatalogue catalogue = new QuestionCatalogue(dir);
        assertThat(catalogue.all()).isEmpty();
        assertThat(catalogue.problems()).singleElement().asString()
                .startsWith(dir.resolve("broken.rq") + ":3:").contains("is not valid SPARQL");
    }

    @Test
    void aParameterDeclaredTwiceIsAProblem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("typed.rq"), "#+ returns: [s]\nSELECT ?s { ?s ?_x_iri ?_x_string }\n");
        QuestionCatalogue catalogue = new QuestionCatalogue(dir);
        assertThat(catalogue.problems()).singleElement().asString().isEqualTo(dir.resolve("typed.rq") + " declares the parameter 'x' twice or without a name");
        Question q = QuestionParser.parse(writeGood(dir));
        assertThat(q.source()).isEqualTo(dir.resolve("good.rq").toString());
    }

    private static Path writeGood(Path dir) throws IOException {
        Path p = dir.resolve("good.rq");
        Files.writeString(p, GOOD);
        return p;
    }
}
