package org.regiokg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.derive.DerivedFacts;
import org.regiokg.history.Attribution;
import org.regiokg.history.ChangeSet;
import org.regiokg.storage.Store;

/**
 * A new store made from the build's snapshot is the store a first serve makes from the files: the same
 * graphs with the same triples (times of the making aside), the same change log, derived facts and name
 * index known current, and the kept count used; other curated files take the slow path; a kill while
 * it is made leaves no half store.
 */
@Tag("integration")
class CuratedStoreTest {
    private static final Path BASE = Path.of(".");

    @Test
    void theSnapshotIsTheStoreTheSlowPathMakes(@TempDir Path dir) throws Exception {
        assertThat(CuratedStore.class.getResource(CuratedStore.RESOURCE)).as("the build's snapshot (mvn process-classes)").isNotNull();
        Path slow = dir.resolve("slow");
        System.setProperty(CuratedStore.OFF, "true");
        try (var by = Attribution.of(Attribution.COMMAND_LINE, "regiokg serve", "").open()) {
            options(slow).open().close();
        } finally {
            System.clearProperty(CuratedStore.OFF);
        }
        Path fast = dir.resolve("fast");
        Files.createDirectories(fast);  // an empty folder is a new store too
        assertThat(CuratedStore.restore(BASE, fast)).isTrue();

        try (Store a = Store.tdb2(slow); Store b = Store.tdb2(fast)) {
            assertThat(DerivedFacts.in(b.dataset()).orElseThrow().lastRun()).as("no derivation at opening").isEmpty();
            Map<String, Graph> slowGraphs = graphs(a), fastGraphs = graphs(b);
            assertThat(fastGraphs.keySet()).isEqualTo(slowGraphs.keySet()).hasSizeGreaterThan(10);
            slowGraphs.forEach((name, graph) ->
                    assertThat(fastGraphs.get(name).isIsomorphicWith(graph)).as("graph %s", name).isTrue());
            assertThat(b.upkeep().count().quads()).isEqualTo(a.quadCount()).isEqualTo(b.quadCount());
            assertThat(summary(b.changes().since(0, 100))).isEqualTo(summary(a.changes().since(0, 100))).isNotEmpty();
            assertThat(b.changes().version()).isEqualTo(a.changes().version());
            assertThat(b.names().documents()).isEqualTo(a.names().documents()).isPositive();
        }
    }

    @Test
    void otherCuratedFilesTakeTheSlowPath(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base");
        for (String part : List.of("ontology", "data", "mappings")) copy(BASE.resolve(part), base.resolve(part));
        assertThat(CuratedStore.fingerprint(base)).isEqualTo(CuratedStore.fingerprint(BASE));
        Path some = first(base.resolve("data"), ".trig");
        Files.writeString(some, Files.readString(some) + "\n# changed\n");
        assertThat(CuratedStore.fingerprint(base)).isNotEqualTo(CuratedStore.fingerprint(BASE));
        assertThat(CuratedStore.restore(base, dir.resolve("store"))).isFalse();
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void aKillWhileTheStoreIsMadeLeavesNoHalfStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        // A restore killed before: its hidden folder is cleared, not taken for the store.
        Files.createDirectories(dir.resolve(".store.restoring-1/Data-0001"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), "org.regiokg.cli.Main",
                "serve", "--port", "0", "--store", store.toString(), "--base-dir", BASE.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            // Killed as soon as the store is being made, or (when the copy was quicker than this look) after.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until && !Files.exists(store) && !restoring(dir)) Thread.onSpinWait();
        } finally {
            serve.destroyForcibly().waitFor();
        }
        if (Files.exists(store))
            try (Store s = Store.tdb2(store)) {
                assertThat(s.changes().version()).as("a whole store").isEqualTo(3);
            }
        else
            assertThat(CuratedStore.restore(BASE, store)).isTrue();
        try (Store s = Store.tdb2(store)) {
            assertThat(s.changes().version()).isEqualTo(3);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".store.restoring-")).toList())
                    .as("only a restore killed after the last one may remain").hasSizeLessThanOrEqualTo(1);
        }
    }

    private static boolean restoring(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".store.restoring-") && !p.getFileName().toString().endsWith("-1"));
        }
    }

    private static StoreOptions options(Path storeDir) {
        StoreOptions o = new StoreOptions();
        o.storeDir = storeDir;
        o.baseDir = BASE;
        return o;
    }

    /** Every named graph, its times of the making (xsd:dateTime literals) made alike. */
    private static Map<String, Graph> graphs(Store store) {
        Node when = NodeFactory.createLiteralDT("2000-01-01T00:00:00Z", XSDDatatype.XSDdateTime);
        Map<String, Graph> graphs = new TreeMap<>();
        Txn.executeRead(store.dataset(), () -> store.dataset().find().forEachRemaining(q -> {
            Node o = q.getObject().isLiteral() && XSDDatatype.XSDdateTime.equals(q.getObject().getLiteralDatatype()) ? when : q.getObject();
            graphs.computeIfAbsent(q.getGraph().getURI(), g -> GraphFactory.createDefaultGraph())
                    .add(Triple.create(q.getSubject(), q.getPredicate(), o));
        }));
        return graphs;
    }

    private static List<String> summary(List<ChangeSet> sets) {
        return sets.stream().map(s -> s.sequence() + " " + s.by() + " " + s.graphs()).toList();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
    }

    private static Path first(Path dir, String suffix) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
        }
    }
}
