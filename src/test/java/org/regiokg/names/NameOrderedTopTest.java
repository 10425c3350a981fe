package org.regiokg.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.tdb2.solver.OpExecutorTDB2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.storage.Store;

/**
 * A first page sorted by name, read in the names' order from the name index, is the page ARQ's own
 * top-N gives: ties, umlauts, case, characters beyond U+FFFF and above U+E000, a person with two names,
 * a name that another predicate gives too, offsets that cut among equal names.
 */
@Tag("integration")
class NameOrderedTopTest {
    static final String FOAF = "http://xmlns.com/foaf/0.1/", ORG = "http://www.w3.org/ns/org#",
            SKOS = "http://www.w3.org/2004/02/skos/core#";
    static final String PREFIXES = "PREFIX foaf: <" + FOAF + "> PREFIX org: <" + ORG + "> PREFIX skos: <" + SKOS + ">\n";
    static final Node GRAPH = NodeFactory.createURI("urn:x-test:people");
    /** The store's executor without its first look at the answer's size: these answers are small. */
    static OpExecutorFactory NAMES_FIRST;
    static Store store;

    static final String[] NAMES = {"", "Zoë", "Émile", "Ärger", "apple", "Apple", "A", "A b", "Same Name", "Same Name",
            "Same Name", "X\uE000", "X\uD83D\uDE00", "X\uFFFD", "X", "Person 1", "Person 10", "Person 2"};

    @BeforeAll
    static void write() {
        store = Store.inMemory();
        NAMES_FIRST = NameOrderedTop.factory(store.names(), new NameOrderedTop.Limits(0, 25, 2_000, 2_000));
        DatasetGraph data = store.dataset();
        Txn.executeWrite(data, () -> {
            for (int i = 0; i < 400; i++) {
                String name = i < NAMES.length ? NAMES[i] : "Person " + (i * 7919 % 400);
                Node person = uri("urn:x-test:person/" + i);
                add(data, person, uri(RDF_TYPE), uri(FOAF + "Person"));
                add(data, person, uri(FOAF + "name"), NodeFactory.createLiteralString(name));
                // the names above and every third of the rest hold a role: the others are names the page passes by
                if (i < NAMES.length || i % 3 == 0) add(data, uri("urn:x-test:membership/" + i), uri(ORG + "member"), person);
            }
            // members without a name, marked as such (as rules/without-german-label.rq marks organisations)
            for (int i = 400; i < 405; i++) {
                Node person = uri("urn:x-test:person/" + i);
                add(data, person, uri(RDF_TYPE), uri(FOAF + "Person"));
                add(data, person, uri("urn:x-test:unnamed"), NodeFactory.createLiteralByValue(true));
                add(data, uri("urn:x-test:membership/" + i), uri(ORG + "member"), person);
            }
            // a scheme of two concepts, and every fourth person holding one of them
            add(data, uri("urn:x-test:narrow"), uri(SKOS + "broader"), uri("urn:x-test:root"));
            for (int i = 0; i < 400; i += 4)
                add(data, uri("urn:x-test:person/" + i), uri("urn:x-test:holds"), uri(i % 8 == 0 ? "urn:x-test:narrow" : "urn:x-test:root"));
            // the concepts as things of a kind, and one that nobody holds
            for (String c : List.of("root", "narrow", "lonely"))
                add(data, uri("urn:x-test:" + c), uri(RDF_TYPE), uri("urn:x-test:Concept"));
            // a second name for one person, and a label with a person's name on an organisation
            add(data, uri("urn:x-test:person/3"), uri(FOAF + "name"), NodeFactory.createLiteralString("Bee"));
            add(data, uri("urn:x-test:org/1"), uri("http://www.w3.org/2000/01/rdf-schema#label"), NodeFactory.createLiteralLang("Same Name", "de"));
        });
    }

    @AfterAll
    static void close() {
        store.close();
    }

    static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

    static Node uri(String s) {
        return NodeFactory.createURI(s);
    }

    static void add(DatasetGraph data, Node s, Node p, Node o) {
        data.add(GRAPH, s, p, o);
    }

    static String query(int offset, int limit) {
        return PREFIXES
                + "SELECT DISTINCT ?person ?name WHERE { ?m org:member ?person . ?person a foaf:Person ; foaf:name ?name }\n"
                + "ORDER BY STR(?name) ?person OFFSET " + offset + " LIMIT " + limit;
    }

    /** The rows as "[kind: ]person name" ("-" for a person without one), with the store's executor or with TDB2's own. */
    static List<String> rows(String query, boolean byName) {
        return rows(query, byName ? NAMES_FIRST : OpExecutorTDB2.OpExecFactoryTDB);
    }

    static List<String> rows(String query, OpExecutorFactory executor) {
        DatasetGraph data = store.dataset();
        return Txn.calculateRead(data, () -> {
            List<String> out = new ArrayList<>();
            QueryExec.dataset(data).query(query).set(ARQConstants.sysOpExecutorFactory, executor).select()
                    .forEachRemaining(b -> out.add((b.contains("kind") ? b.get("kind").getLiteralLexicalForm() + ": " : "")
                            + b.get("person").getURI() + " "
                            + (b.contains("name") ? b.get("name").getLiteralLexicalForm() : "-")));
            return out;
        });
    }

    @Test
    void everyPageIsTheTopNsPage() {
        long before = NameOrderedTop.BY_NAME.sum();
        int pages = 0;
        for (int limit : new int[] {1, 2, 5, 13, 101})
            for (int offset : new int[] {0, 1, 3, 4, 6, 40, 120}) {
                String q = query(offset, limit);
                assertThat(rows(q, true)).as("offset %d, limit %d", offset, limit).isEqualTo(rows(q, false)).isNotEmpty();
                pages++;
            }
        // pages that end inside a run of equal names: the page must take the run's least persons
        List<String> all = rows(query(0, 1000), false);
        int ties = 0;
        for (int j = 0; j + 1 < all.size(); j++) {
            if (!name(all.get(j)).equals(name(all.get(j + 1)))) continue;
            ties++;
            for (String q : List.of(query(0, j + 1), query(j, 1))) {
                assertThat(rows(q, true)).as(q).isEqualTo(rows(q, false));
                pages++;
            }
        }
        assertThat(ties).as("runs of equal names in the data").isGreaterThanOrEqualTo(3);
        assertThat(NameOrderedTop.BY_NAME.sum() - before).as("pages read in the names' order").isEqualTo(pages);
    }

    static String name(String row) {
        return row.substring(row.indexOf(' ') + 1);
    }

    @Test
    void theFirstRowsAreInArqsOrderOfStrings() {
        // the empty name first; then code-unit order: a character beyond U+FFFF (a surrogate pair) before U+E000
        List<String> names = rows(query(0, 400), true).stream().map(NameOrderedTopTest::name).toList();
        assertThat(names.get(0)).isEmpty();
        assertThat(names).containsSubsequence("X", "X\uD83D\uDE00", "X\uE000", "X\uFFFD");
    }

    /** The named and the unnamed apart, as organisations-by-competence asks: the rows of an OPTIONAL name. */
    static String union(int offset, int limit) {
        return PREFIXES
                + "SELECT DISTINCT ?person ?name WHERE { { ?m org:member ?person . ?person a foaf:Person ; foaf:name ?name }\n"
                + "  UNION { ?m org:member ?person . ?person <urn:x-test:unnamed> true } }\n"
                + "ORDER BY STR(?name) ?person OFFSET " + offset + " LIMIT " + limit;
    }

    @Test
    void aUnionsPageIsTheFirstOfItsBranchesPages() {
        String optional = PREFIXES
                + "SELECT DISTINCT ?person ?name WHERE { ?m org:member ?person . ?person a foaf:Person OPTIONAL { ?person foaf:name ?name } }\n"
                + "ORDER BY STR(?name) ?person OFFSET %d LIMIT %d";
        long before = NameOrderedTop.BY_NAME.sum();
        int pages = 0;
        for (int limit : new int[] {1, 4, 5, 6, 30, 101})
            for (int offset : new int[] {0, 3, 5, 20}) {
                String q = union(offset, limit);
                List<String> rows = rows(q, true);
                assertThat(rows).as(q).isEqualTo(rows(q, false)).isNotEmpty()
                        .isEqualTo(rows(String.format(optional, offset, limit), false));
                pages++;
            }
        assertThat(rows(union(0, 5), true)).as("the unnamed first").allMatch(r -> r.endsWith(" -"));
        assertThat(NameOrderedTop.BY_NAME.sum() - before).as("the named branch read in the names' order").isEqualTo(pages + 1);
    }

    /** A property path before the name statement, as organisations-by-competence has (a concept and those below it). */
    @Test
    void aPatternWithAPathIsReadInTheNamesOrder() {
        long before = NameOrderedTop.BY_NAME.sum();
        for (int limit : new int[] {1, 7, 30}) {
            String q = PREFIXES
                    + "SELECT ?person ?name ?c WHERE { { ?c skos:broader* <urn:x-test:root> . ?person <urn:x-test:holds> ?c ; foaf:name ?name }\n"
                    + "  UNION { ?c skos:broader* <urn:x-test:root> . ?person <urn:x-test:holds> ?c ; <urn:x-test:unnamed> true } }\n"
                    + "ORDER BY STR(?name) ?person ?c LIMIT " + limit;
            assertThat(rows(q, true)).as(q).isEqualTo(rows(q, false)).hasSize(limit);
        }
        assertThat(NameOrderedTop.BY_NAME.sum() - before).isEqualTo(3);
    }

    @Test
    void aSmallAnswerIsSortedWhole() {
        long small = NameOrderedTop.SMALL.sum(), byName = NameOrderedTop.BY_NAME.sum();
        String q = query(4, 10);
        List<String> rows = rows(q, NameOrderedTop.factory(store.names()));
        assertThat(rows).isEqualTo(rows(q, false)).hasSize(10);
        assertThat(NameOrderedTop.SMALL.sum() - small).as("the store's executor saw the whole answer first").isEqualTo(1);
        assertThat(NameOrderedTop.BY_NAME.sum()).isEqualTo(byName);
    }

    @Test
    void whenTheMatchesAreRareAmongTheNamesTheFirstLookReadsOn() {
        long handedBack = NameOrderedTop.HANDED_BACK.sum(), readOn = NameOrderedTop.READ_ON.sum();
        String q = query(0, 3);
        // No rows taken at first (probe 0), a budget of two things: the first look reads on to the end.
        List<String> rows = rows(q, NameOrderedTop.factory(store.names(), new NameOrderedTop.Limits(0, Integer.MAX_VALUE, 2, 2_000)));
        assertThat(rows).isEqualTo(rows(q, false)).hasSize(3);
        assertThat(NameOrderedTop.READ_ON.sum() - readOn).as("read on after two things").isEqualTo(1);
        assertThat(NameOrderedTop.HANDED_BACK.sum()).isEqualTo(handedBack);
        // Also where the first look has rows already, and for a later page (the top-N holds offset + limit).
        for (int offset : new int[] {0, 7}) {
            String later = query(offset, 5);
            assertThat(rows(later, NameOrderedTop.factory(store.names(), new NameOrderedTop.Limits(4, Integer.MAX_VALUE, 2, 2_000))))
                    .as(later).isEqualTo(rows(later, false)).hasSize(5);
        }
    }

    @Test
    void aThingGivenAsAConstantIsLeftToArq() {
        assertLeftToArq("BIND(<urn:x-test:person/399> AS ?person) ?m org:member ?person . ?person foaf:name ?name", 1);
    }

    @Test
    void aPatternWithoutANameStatementIsLeftToArq() {
        assertLeftToArq("?m org:member ?person . OPTIONAL { ?person foaf:name ?name }", 5);
    }

    /** Kinds of rows, each a constant of its UNION branch; the last kind's branch counts its rows as it finds them. */
    static String kinds(String kind, int offset, int limit) {
        return PREFIXES
                + "SELECT DISTINCT ?kind ?person ?name WHERE {\n"
                + "  ?m org:member ?person .\n"
                + "  { ?person <urn:x-test:holds> ?c . BIND(\"a holder\" AS ?kind) }\n"
                + "  UNION { ?person foaf:name ?x . BIND(\"b named\" AS ?kind) }\n"
                + "  UNION { ?person a foaf:Person FILTER(<" + Counted.IRI + ">(?person)) BIND(" + kind + " AS ?kind) }\n"
                + "  OPTIONAL { ?person foaf:name ?name }\n"
                + "} ORDER BY ?kind STR(?name) ?person OFFSET " + offset + " LIMIT " + limit;
    }

    /** A filter function that counts the rows it sees: whether a branch was evaluated at all. */
    public static final class Counted extends org.apache.jena.sparql.function.FunctionBase1 {
        static final String IRI = "urn:x-test:counted";
        static final java.util.concurrent.atomic.AtomicInteger SEEN = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public org.apache.jena.sparql.expr.NodeValue exec(org.apache.jena.sparql.expr.NodeValue v) {
            SEEN.incrementAndGet();
            return org.apache.jena.sparql.expr.NodeValue.TRUE;
        }
    }

    @Test
    void kindsInOrderGiveTheTopNsPageAndStopBeforeTheLaterKinds() {
        org.apache.jena.sparql.function.FunctionRegistry.get().put(Counted.IRI, Counted.class);
        assertThat(rows(kinds("\"c counted\"", 0, 10_000), false)).as("rows of the three kinds").hasSizeGreaterThan(300);
        long grouped = NameOrderedTop.GROUPED.sum();
        int pages = 0;
        for (int limit : new int[] {1, 7, 30, 101})
            for (int offset : new int[] {0, 5, 30, 100, 200, 250}) {
                String q = kinds("\"c counted\"", offset, limit);
                Counted.SEEN.set(0);
                List<String> page = rows(q, true);
                assertThat(page).as(q).isEqualTo(rows(q, false)).isNotEmpty();
                pages++;
            }
        // deeper than ARQ's own top-N goes (offset + limit over 1,000): the store raises that threshold
        String deep = kinds("\"c counted\"", 200, 900);
        assertThat(rows(deep, true)).as(deep).isEqualTo(rows(deep, false)).isNotEmpty();
        pages++;
        assertThat(NameOrderedTop.GROUPED.sum() - grouped).as("pages found kind by kind").isEqualTo(pages);
        // a page within the first two kinds: the last kind's branch is never evaluated
        Counted.SEEN.set(0);
        assertThat(rows(kinds("\"c counted\"", 0, 30), true)).hasSize(30);
        assertThat(Counted.SEEN.get()).as("rows of the third kind looked at").isZero();
        // the same last kind sorted first is evaluated, and its page is TDB2's page
        String first = kinds("\"0 counted\"", 0, 30);
        Counted.SEEN.set(0);
        assertThat(rows(first, true)).isEqualTo(rows(first, false)).hasSize(30);
    }

    @Test
    void aKindThatIsNotAConstantIsNotReadKindByKind() {
        org.apache.jena.sparql.function.FunctionRegistry.get().put(Counted.IRI, Counted.class);
        long grouped = NameOrderedTop.GROUPED.sum();
        String q = kinds("STR(?person)", 0, 30);
        assertThat(rows(q, true)).isEqualTo(rows(q, false)).hasSize(30);
        assertThat(NameOrderedTop.GROUPED.sum()).isEqualTo(grouped);
    }

    /** Each row as its variables and values, in the variables' order. */
    static List<String> table(String query, OpExecutorFactory executor) {
        DatasetGraph data = store.dataset();
        return Txn.calculateRead(data, () -> {
            List<String> out = new ArrayList<>();
            QueryExec.dataset(data).query(query).set(ARQConstants.sysOpExecutorFactory, executor).select().forEachRemaining(b -> {
                StringBuilder row = new StringBuilder();
                b.vars().forEachRemaining(v -> row.append(v).append('=').append(b.get(v)).append(' '));
                out.add(java.util.Arrays.stream(row.toString().split(" ")).sorted().toList().toString());
            });
            return out;
        });
    }

    /** The concepts, few, first; then for each the holders of it or of one below it, by name. */
    static String leading(String holders, int offset, int limit) {
        return PREFIXES
                + "SELECT DISTINCT ?c ?person ?name WHERE {\n"
                + "  ?c a <urn:x-test:Concept> .\n"
                + "  " + holders.replace("HOLDERS", "?c2 skos:broader* ?c . ?person <urn:x-test:holds> ?c2 ; foaf:name ?name") + "\n"
                + "} ORDER BY ?c STR(?name) ?person OFFSET " + offset + " LIMIT " + limit;
    }

    @Test
    void aFewLeadingRowsAreExtendedInTheirOrderEachByItsFirstPage() {
        long leading = NameOrderedTop.LEADING.sum(), byName = NameOrderedTop.BY_NAME.sum();
        int pages = 0;
        for (String holders : List.of("OPTIONAL { HOLDERS }", "HOLDERS"))
            for (int limit : new int[] {1, 7, 30, 101})
                for (int offset : new int[] {0, 10, 60, 100}) {
                    String q = leading(holders, offset, limit);
                    assertThat(table(q, NAMES_FIRST)).as(q).isEqualTo(table(q, OpExecutorTDB2.OpExecFactoryTDB)).isNotEmpty();
                    pages++;
                }
        assertThat(NameOrderedTop.LEADING.sum() - leading).as("pages from the leading rows").isEqualTo(pages);
        assertThat(NameOrderedTop.BY_NAME.sum() - byName).as("holders read in the names' order").isPositive();
        // the concept nobody holds is a row of its own with OPTIONAL, and no row without
        assertThat(table(leading("OPTIONAL { HOLDERS }", 0, 1), NAMES_FIRST)).singleElement().asString().contains("lonely").doesNotContain("person");
        assertThat(table(leading("HOLDERS", 0, 1), NAMES_FIRST)).singleElement().asString().contains("?c=urn:x-test:narrow");
    }

    /** Every person, sorted first by what they hold (a narrower left side), then by what later OPTIONALs give. */
    static String firstKeys(String first, int offset, int limit) {
        return PREFIXES
                + "SELECT ?person ?h ?m ?names ?name WHERE {\n"
                + "  ?person a foaf:Person . OPTIONAL { ?person <urn:x-test:holds> ?h }\n"
                // a grouped sub-select: ARQ joins it whole (a left join, not per row)
                + "  OPTIONAL { SELECT ?person (COUNT(*) AS ?names) { ?person foaf:name ?any } GROUP BY ?person }\n"
                + "  OPTIONAL { ?m org:member ?person } OPTIONAL { ?person foaf:name ?name }\n"
                + "} ORDER BY " + first + " STR(?name) ?m ?person OFFSET " + offset + " LIMIT " + limit;
    }

    @Test
    void manyLeadingRowsUnderOptionalsAreCutToThoseWithTheFirstKeysBeforeTheyAreExtended() {
        // a first look of 50 rows: the 405 people are too many to extend group by group
        OpExecutorFactory fewLeading = NameOrderedTop.factory(store.names(), new NameOrderedTop.Limits(0, 25, 2_000, 50, 1_000));
        long firstKeys = NameOrderedTop.FIRST_KEYS.sum();
        int pages = 0;
        for (String first : List.of("?h", "DESC(?h)", "STR(?h)"))
            for (int limit : new int[] {1, 7, 101})
                for (int offset : new int[] {0, 3, 99, 300}) {
                    String q = firstKeys(first, offset, limit);
                    assertThat(table(q, fewLeading)).as(q).isEqualTo(table(q, OpExecutorTDB2.OpExecFactoryTDB)).isNotEmpty();
                    pages++;
                }
        // DISTINCT: the people without a role who hold the same give the same row; where the first keys' rows give
        // fewer distinct rows than asked (limit 60: some 40 for the 100 holders), ARQ's top-N answers
        long handedBackBefore = NameOrderedTop.HANDED_BACK.sum();
        for (int limit : new int[] {1, 7, 30, 60})
            for (int offset : new int[] {0, 5}) {
                String q = PREFIXES + "SELECT DISTINCT ?h ?m WHERE {\n"
                        + "  ?person a foaf:Person . OPTIONAL { ?person <urn:x-test:holds> ?h }\n"
                        + "  OPTIONAL { ?m org:member ?person }\n"
                        + "} ORDER BY DESC(?h) ?m OFFSET " + offset + " LIMIT " + limit;
                assertThat(table(q, fewLeading)).as(q).isEqualTo(table(q, OpExecutorTDB2.OpExecFactoryTDB)).isNotEmpty();
            }
        assertThat(NameOrderedTop.HANDED_BACK.sum() - handedBackBefore).as("too few distinct rows: handed back").isPositive();
        assertThat(NameOrderedTop.FIRST_KEYS.sum() - firstKeys).as("pages from the rows with the first keys").isGreaterThan(pages);
        // the 305 people who hold nothing tie first: more than 100 kept rows hand the page back to ARQ, which gives the same
        OpExecutorFactory fewKept = NameOrderedTop.factory(store.names(), new NameOrderedTop.Limits(0, 25, 2_000, 50, 100));
        long handedBack = NameOrderedTop.HANDED_BACK.sum();
        String q = firstKeys("?h", 0, 7);
        assertThat(table(q, fewKept)).isEqualTo(table(q, OpExecutorTDB2.OpExecFactoryTDB)).hasSize(7);
        assertThat(NameOrderedTop.HANDED_BACK.sum() - handedBack).isEqualTo(1);
    }

    /** The first five rows of the pattern by name: TDB2's, and no page read in the names' order. */
    static void assertLeftToArq(String pattern, int rows) {
        long before = NameOrderedTop.BY_NAME.sum();
        String q = PREFIXES + "SELECT ?person ?name WHERE { " + pattern + " }\nORDER BY STR(?name) ?person LIMIT 5";
        assertThat(rows(q, true)).isEqualTo(rows(q, false)).hasSize(rows);
        assertThat(NameOrderedTop.BY_NAME.sum()).isEqualTo(before);
    }
}
