package org.regiokg.sparql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.engine.binding.Binding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one loader of SPARQL files: header, parameters, declared columns, and errors with file and line. */
class SparqlFileTest {
    private static final String QUESTION = """
            #+ summary: Organisations of a region
            #+ tags:
            #+   - organisations
            #+ defaults:
            #+   - region: https://w3id.org/regiokg/id/place/kreis-olpe
            #+ returns: [org, name]
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?org ?name WHERE {
              ?org rdfs:label ?name ; <https://w3id.org/regiokg/def#in> ?_region_iri .
              OPTIONAL { ?org <https://w3id.org/regiokg/def#since> ?__since_date }
            }
            """;

    @Test
    void readsTheHeaderAsYaml() {
        SparqlFile f = SparqlFile.parse("q", "queries/q.rq", QUESTION);
        assertThat(f.name()).isEqualTo("q");
        assertThat(f.header().path("summary").asText()).isEqualTo("Organisations of a region");
        assertThat(f.header().path("tags").get(0).asText()).isEqualTo("organisations");
        assertThat(Decorators.pairs(f.header().path("defaults")))
                .containsOnlyKeys("region");
        assertThat(f.returns()).contains(List.of("org", "name"));
        assertThat(f.query().isSelectType()).isTrue();
    }

    @Test
    void findsTheParameterVariablesInOrderRequiredAndOptional() {
        SparqlFile f = SparqlFile.parse("q", "queries/q.rq", QUESTION);
        assertThat(f.parameterVariables()).containsExactly("_region_iri", "__since_date");
    }

    @Test
    void aFileWithoutHeaderHasAnEmptyOneAndNoDeclaredColumns() {
        SparqlFile f = SparqlFile.parse("plain", "plain.rq", "SELECT ?s { ?s ?p ?o }");
        assertThat(f.header().isEmpty()).isTrue();
        assertThat(f.returns()).isEmpty();
        assertThat(f.parameterVariables()).isEmpty();
    }

    @Test
    void declaredColumnsThatDifferFromTheProjectionFailWithFileAndLine() {
        String text = QUESTION.replace("#+ returns: [org, name]", "#+ returns: [org, label]");
        assertThatThrownBy(() -> SparqlFile.parse("q", "queries/q.rq", text))
                .isInstanceOfSatisfying(SparqlFileException.class, e -> {
                    assertThat(e.source()).isEqualTo("queries/q.rq");
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.getMessage()).isEqualTo(
                            "queries/q.rq:6 declares the columns [org, label], but the query returns [org, name]");
                });
    }

    @Test
    void columnsOfAConstructAreAnError() {
        String text = "#+ summary: x\n#+ returns: [s]\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n";
        assertThatThrownBy(() -> SparqlFile.parse("c", "c.rq", text))
                .isInstanceOf(SparqlFileException.class)
                .hasMessage("c.rq:2 declares columns, but a CONSTRUCT query has none; remove '#+ returns'");
    }

    @Test
    void columnsMustBeAList() {
        assertThatThrownBy(() -> SparqlFile.parse("c", "c.rq", "#+ returns: s\nSELECT ?s { ?s ?p ?o }"))
                .isInstanceOf(SparqlFileException.class)
                .hasMessageStartingWith("c.rq:1 declares 'returns' as string");
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn() {
        String text = "#+ summary: broken\n#+ returns: [s]\nSELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}\n";
        assertThatThrownBy(() -> SparqlFile.parse("b", "queries/b.rq", text))
                .isInstanceOfSatisfying(SparqlFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.column()).isNotNull();
                    assertThat(e.getMessage()).startsWith("queries/b.rq:5:" + e.column() + " is not valid SPARQL: ");
                });
    }

    @Test
    void aYamlErrorNamesTheLineOfTheFile() {
        String text = "# a comment\n#+ summary: fine\n#+ tags: [unclosed\n#+ returns: [s]\nSELECT ?s { ?s ?p ?o }\n";
        assertThatThrownBy(() -> SparqlFile.parse("y", "y.rq", text))
                .isInstanceOfSatisfying(SparqlFileException.class, e -> {
                    assertThat(e.line()).isBetween(3, 4);
                    assertThat(e.getMessage()).startsWith("y.rq:" + e.line() + " has a header that is not valid YAML");
                });
    }

    @Test
    void readsAFileAndNamesItByItsPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-question.rq");
        Files.writeString(file, QUESTION);
        SparqlFile f = SparqlFile.read(file);
        assertThat(f.name()).isEqualTo("my-question");
        assertThat(f.source()).isEqualTo(file.toString());
        assertThatThrownBy(() -> SparqlFile.read(dir.resolve("gone.rq")))
                .isInstanceOf(SparqlFileException.class).hasMessageContaining("gone.rq cannot be read");
    }

    @Test
    void aSystemQueryIsFoundBesideItsClassAndMustDeclareItsColumns() {
        assertThatThrownBy(() -> SparqlFile.resource(SparqlFileTest.class, "no-such-query.rq"))
                .isInstanceOf(SparqlFileException.class)
                .hasMessage("classpath:org/regiokg/sparql/no-such-query.rq is missing");
        assertThatThrownBy(() -> SparqlFile.resource(SparqlFileTest.class, "undeclared.rq"))
                .isInstanceOf(SparqlFileException.class)
                .hasMessage("classpath:org/regiokg/sparql/undeclared.rq declares no columns; a system SELECT must say what it returns (#+ returns: [s])");
    }

    @Test
    void bindsValuesAsRdfTermsNeverAsText() {
        DatasetGraph ds = DatasetGraphFactory.createTxnMem();
        var a = NodeFactory.createURI("urn:a");
        var label = NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label");
        ds.add(Quad.defaultGraphIRI, a, label, NodeFactory.createLiteralString("A"));
        ds.add(Quad.defaultGraphIRI, NodeFactory.createURI("urn:b"), label, NodeFactory.createLiteralString("B\" } ?x ?y ?z {"));
        SparqlFile f = SparqlFile.parse("l", "l.rq", "#+ returns: [name]\nSELECT ?name { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?name }");
        List<Binding> rows = f.selectInRead(ds, Map.of("thing", a));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("name").getLiteralLexicalForm()).isEqualTo("A");
        List<Binding> odd = f.select(ds, Map.of("name", NodeFactory.createLiteralString("B\" } ?x ?y ?z {")));
        assertThat(odd).hasSize(1);
    }

    /** Every system query on the classpath and every public question reads, and every SELECT declares its columns. */
    @Test
    void everyQueryFileOfTheProjectDeclaresItsColumns() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("src/main/resources/org/regiokg")), Files.walk(Path.of("queries")))) {
            files = s.filter(p -> p.toString().endsWith(".rq")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(40);
        for (Path p : files) {
            SparqlFile f = SparqlFile.read(p);
            if (f.query().isSelectType()) assertThat(f.returns()).as(p + " declares its columns").isPresent();
            else assertThat(f.returns()).as(p + " (no SELECT) declares no columns").isEmpty();
        }
    }
}
