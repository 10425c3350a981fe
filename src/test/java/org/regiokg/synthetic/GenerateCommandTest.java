package org.regiokg.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.core.DatasetGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.cli.Main;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.testing.TestServer;

/** {@code regiokg generate}: the same seed gives the same file, and the graph is shaped like the real one. */
@Tag("integration")
class GenerateCommandTest {
    static final int ORGANISATIONS = 3000;

    @TempDir
    static Path dir;
    static Path first;
    static DatasetGraph generatedWithCurated;

    @BeforeAll
    static void generate() {
        first = run("a.nq", 7);
        generatedWithCurated = new CuratedContent(TestServer.PROJECT).parse();
        RDFDataMgr.read(generatedWithCurated, first.toString());
    }

    static Path run(String name, long seed) {
        Path out = dir.resolve(name);
        int exit = Main.commandLine().execute("generate", "--organisations", Integer.toString(ORGANISATIONS), "--seed", Long.toString(seed),
                "--output", out.toString(), "--base-dir", TestServer.PROJECT.toString());
        assertThat(exit).isZero();
        return out;
    }

    @Test
    void sameSeedSameFileOtherSeedOtherFile() throws Exception {
        assertThat(Files.mismatch(first, run("b.nq", 7))).isEqualTo(-1L);
        assertThat(Files.mismatch(first, run("c.nq", 8))).isNotEqualTo(-1L);
    }

    @Test
    void organisationsSitInRealMunicipalitiesWithSchemeCompetences() {
        String counts = """
                PREFIX org: <http://www.w3.org/ns/org#> PREFIX geo: <http://www.opengis.net/ont/geosparql#>
                PREFIX rkg: <https://w3id.org/regiokg/def#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                SELECT (COUNT(DISTINCT ?o) AS ?orgs) (COUNT(DISTINCT ?m) AS ?towns) WHERE {
                  GRAPH ?g { ?o org:hasPrimarySite/geo:sfWithin ?m ; rkg:hasCompetence ?c }
                  FILTER(STRSTARTS(STR(?g), "https://w3id.org/regiokg/graph/synthetic/"))
                  GRAPH ?places { ?m a rkg:Municipality }
                  GRAPH ?scheme { ?c skos:inScheme <https://w3id.org/regiokg/id/scheme/competences> }
                }""";
        var row = select(counts);
        assertThat(row.getLiteral("orgs").getLong()).isEqualTo(ORGANISATIONS);
        // 3,000 organisations over the curated municipalities: every one of them gets some.
        long municipalities = select("SELECT (COUNT(DISTINCT ?m) AS ?n) { GRAPH ?g { ?m a <https://w3id.org/regiokg/def#Municipality> } }")
                .getLiteral("n").getLong();
        assertThat(row.getLiteral("towns").getLong()).isEqualTo(municipalities).isGreaterThan(10);
    }

    @Test
    void aboutOnePercentAreWorldMarketLeadersAndPeopleHoldRolesWithIntervals() {
        var row = select("""
                PREFIX org: <http://www.w3.org/ns/org#> PREFIX rkg: <https://w3id.org/regiokg/def#> PREFIX time: <http://www.w3.org/2006/time#>
                SELECT (COUNT(DISTINCT ?d) AS ?leaders) (COUNT(DISTINCT ?m) AS ?roles) WHERE {
                  { GRAPH ?g { ?d rkg:designatedOrganisation ?o } FILTER(STRSTARTS(STR(?o), "https://w3id.org/regiokg/id/organisation/synthetic-")) }
                  UNION
                  { GRAPH ?g { ?m org:member ?p ; org:role ?r ; org:memberDuring/time:hasBeginning/time:inXSDDate ?b } FILTER(STRSTARTS(STR(?m), "https://w3id.org/regiokg/id/membership/synthetic-")) }
                }""");
        assertThat(row.getLiteral("leaders").getLong()).isBetween(ORGANISATIONS / 200L, ORGANISATIONS / 50L);
        assertThat(row.getLiteral("roles").getLong()).isEqualTo(ORGANISATIONS / 2L);
    }

    @Test
    void conformsToTheShapes() {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(TestServer.PROJECT.resolve("ontology/shapes.ttl").toString()));
        ValidationReport report = ShaclValidator.get().validate(shapes, generatedWithCurated.getUnionGraph());
        assertThat(report.conforms()).as(() -> {
            var out = new java.io.ByteArrayOutputStream();
            org.apache.jena.shacl.lib.ShLib.printReport(out, report);
            return out.toString();
        }).isTrue();
    }

    private static org.apache.jena.query.QuerySolution select(String sparql) {
        try (var qe = QueryExecutionFactory.create(sparql, org.apache.jena.query.DatasetFactory.wrap(generatedWithCurated))) {
            return qe.execSelect().next();
        }
    }
}
