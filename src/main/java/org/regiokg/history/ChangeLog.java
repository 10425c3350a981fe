package org.regiokg.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.rdfpatch.RDFPatch;
import org.apache.jena.rdfpatch.RDFPatchOps;
import org.apache.jena.rdfpatch.text.RDFChangesWriterText;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;

/**
 * The store's change sets, one RDF Patch each, numbered 1, 2, 3...; the number of the last one is
 * the data's version. On disk, {@code STORE/history/NNNNNNNNNN.rdfp} (the patch) beside
 * {@code NNNNNNNNNN.json} (its summary); in memory for a store in memory.
 * <p>
 * Crash safety, with TDB2 as the judge: the patch is written and forced to disk as
 * {@code .rdfp.pending} before the write commits, and the write's transaction records the new version
 * in TDB2 itself ({@link VersionMark}). After the commit the pending file is renamed. When the store
 * opens, a pending patch at or below TDB2's version was committed (it is renamed then), one above it
 * was not (it is deleted). So the log holds exactly the writes TDB2 holds, whatever moment a crash hits.
 * The log lives beside TDB2, not in a named graph, so questions, VoID, dumps and counts never see it.
 */
public final class ChangeLog {
    static final String FOLDER = "history";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> folder;
    private final NavigableMap<Long, ChangeSet> sets = new ConcurrentSkipListMap<>();
    private final Map<Long, byte[]> inMemory = new ConcurrentHashMap<>();
    private volatile long version;
    private volatile long retention = DEFAULT_RETENTION;
    /** Statements an earlier version may differ by from now and still be rebuilt for a question. */
    public static final long DEFAULT_RETENTION = 1_000_000;
    /** The patch header of a change set that counts its quads instead of listing them. */
    private static final String NOT_ITEMISED = "counted";

    private ChangeLog(Optional<Path> folder) {
        this.folder = folder;
    }

    /** The log of a store in {@code storeDir}, made consistent with TDB2's committed {@code version}. */
    static ChangeLog open(Path storeDir, long committedVersion) {
        ChangeLog log = new ChangeLog(Optional.of(storeDir.resolve(FOLDER)));
        log.recover(committedVersion);
        return log;
    }

    static ChangeLog inMemory() {
        return new ChangeLog(Optional.empty());
    }

    /** No history: for a store other processes write to as well (remote mode), where a log here would be incomplete. */
    public static ChangeLog none() {
        return NONE;
    }

    private static final ChangeLog NONE = new ChangeLog(Optional.empty());

    /**
     * How far back {@code ?version=N} reaches: the most statements (added and removed since N) an
     * earlier version may differ by, since rebuilding it holds that difference in memory.
     */
    public long retention() {
        return retention;
    }

    public ChangeLog retention(long statements) {
        this.retention = statements;
        return this;
    }

    /** The data's version: the sequence number of the last change set (0 before the first). */
    public long version() {
        return version;
    }

    /**
     * The version the data of {@code ds} is at, as the store records it with the data (inside a
     * transaction of {@code ds}): what a reader of that transaction sees; 0 when it records none.
     */
    public static long versionIn(DatasetGraph ds) {
        var storage = VersionMark.storage(ds);
        return storage == null ? 0 : VersionMark.read(storage);
    }

    /** Change sets after {@code since}, oldest first, at most {@code limit}. */
    public List<ChangeSet> since(long since, int limit) {
        return sets.tailMap(since, false).values().stream().limit(limit).toList();
    }

    /** Change sets after {@code since}, newest first (for undoing them), unlimited. */
    List<ChangeSet> newestAfter(long since) {
        return new ArrayList<>(sets.tailMap(since, false).descendingMap().values());
    }

    public Optional<ChangeSet> get(long sequence) {
        return Optional.ofNullable(sets.get(sequence));
    }

    /** The change set's RDF Patch, as text. */
    public InputStream patch(long sequence) {
        try {
            if (folder.isEmpty()) return new java.io.ByteArrayInputStream(inMemory.get(sequence));
            return Files.newInputStream(file(sequence, ".rdfp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RDFPatch readPatch(long sequence) {
        try (InputStream in = patch(sequence)) {
            return RDFPatchOps.collect(RDFPatchOps.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- writing, in the write's commit protocol

    /** A change set written but not yet committed. */
    record Pending(ChangeSet set, byte[] bytes) {}

    /** Writes the patch of a net change (forced to disk), before the transaction commits. */
    Pending write(Map<Quad, Boolean> changes, Attribution by, OptionalLong reverts) {
        Map<String, GraphCounts> graphs = new TreeMap<>();
        for (var e : changes.entrySet())
            graphs.merge(e.getKey().getGraph().toString(), new GraphCounts(0, 0).plus(e.getValue()),
                    (a, b) -> new GraphCounts(a.added() + b.added(), a.removed() + b.removed()));
        return write(changes, graphs, by, reverts, true);
    }

    /** Writes a change set that counts its quads per graph and does not list them (a rebuild of the derived graphs). */
    Pending writeCounted(Map<String, GraphCounts> graphs, Attribution by) {
        return write(Map.of(), graphs, by, OptionalLong.empty(), false);
    }

    private Pending write(Map<Quad, Boolean> changes, Map<String, GraphCounts> graphs, Attribution by, OptionalLong reverts, boolean itemised) {
        long sequence = version + 1;
        Instant now = Instant.now();
        try {
            if (folder.isPresent()) {
                Files.createDirectories(folder.get());
                Path pending = file(sequence, ".rdfp.pending");
                long bytes;
                try (FileChannel ch = FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                     OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                    writePatch(out, sequence, now, by, reverts, itemised, changes);
                    out.flush();
                    ch.force(true);
                    bytes = ch.size();
                }
                return new Pending(new ChangeSet(sequence, now, by, graphs, reverts, bytes, itemised), null);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writePatch(out, sequence, now, by, reverts, itemised, changes);
            return new Pending(new ChangeSet(sequence, now, by, graphs, reverts, out.size(), itemised), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the change log in " + folder.orElse(null), e);
        }
    }

    /** The newest change set that does not list its quads: versions before it cannot be rebuilt (0: none). */
    public long rebuiltAt() {
        return sets.descendingMap().values().stream().filter(s -> !s.itemised()).mapToLong(ChangeSet::sequence).findFirst().orElse(0);
    }

    /** The write committed: the change set becomes part of the log. */
    void committed(Pending p) {
        long seq = p.set().sequence();
        try {
            if (folder.isPresent()) {
                writeSummary(p.set());
                Files.move(file(seq, ".rdfp.pending"), file(seq, ".rdfp"), StandardCopyOption.ATOMIC_MOVE);
            } else {
                inMemory.put(seq, p.bytes());
            }
        } catch (IOException e) {
            // The write is committed; recovery at the next opening renames the pending file.
            throw new UncheckedIOException(e);
        } finally {
            sets.put(seq, p.set());
            version = seq;
        }
    }

    /** The write did not commit: its patch goes. */
    void discard(Pending p) {
        folder.ifPresent(f -> {
            try {
                Files.deleteIfExists(file(p.set().sequence(), ".rdfp.pending"));
            } catch (IOException ignored) {
                // recovery deletes it at the next opening
            }
        });
    }

    private void writePatch(OutputStream out, long sequence, Instant now, Attribution by, OptionalLong reverts, boolean itemised,
                            Map<Quad, Boolean> changes) {
        RDFChangesWriterText w = RDFPatchOps.textWriter(out);
        w.start();
        w.header("id",  NodeFactory.createURI("urn:x-regiokg:change:" + sequence));
        if (sequence > 1) w.header(RDFPatch.PREVIOUS, NodeFactory.createURI("urn:x-regiokg:change:" + (sequence - 1)));
        w.header("sequence", NodeFactory.createLiteralDT(Long.toString(sequence), XSDDatatype.XSDinteger));
        w.header("created", NodeFactory.createLiteralDT(now.toString(), XSDDatatype.XSDdateTime));
        w.header("creator", NodeFactory.createLiteralString(by.who()));
        w.header("source", NodeFactory.createLiteralString(by.via()));
        w.header("comment", NodeFactory.createLiteralString(by.why()));
        reverts.ifPresent(r -> w.header("reverts", NodeFactory.createURI("urn:x-regiokg:change:" + r)));
        if (!itemised) w.header(NOT_ITEMISED, NodeFactory.createLiteralString(
                "Not itemised: the derived graphs were rebuilt in full when the store opened; the counts are in the summary"));
        w.txnBegin();
        for (var e : changes.entrySet()) if (!e.getValue()) emit(w, e.getKey(), false);
        for (var e : changes.entrySet()) if (e.getValue()) emit(w, e.getKey(), true);
        w.txnCommit();
        w.finish();

    }

    private static void emit(RDFChangesWriterText w, Quad q, boolean add) {
        Node g = q.getGraph();
        if (add) w.add(g, q.getSubject(), q.getPredicate(), q.getObject());
        else w.delete(g, q.getSubject(), q.getPredicate(), q.getObject());
    }

    // ---- summaries and recovery

    private Path file(long sequence, String suffix) {
        return folder.orElseThrow().resolve(String.format("%010d%s", sequence, suffix));
    }

    private void writeSummary(ChangeSet s) throws IOException {
        Map<String, Object> m = s.heading();
        m.put("bytes", s.bytes());
        Map<String, Object> graphs = new TreeMap<>();
        s.graphs().forEach((g, c) -> graphs.put(g, Map.of("added", c.added(), "removed", c.removed())));
        m.put("graphs", graphs);
        Path tmp = file(s.sequence(), ".json.tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, file(s.sequence(), ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    @SuppressWarnings("unchecked")
    private static ChangeSet readSummary(Path json) throws IOException {
        Map<String, Object> m = JSON.readValue(json.toFile(), Map.class);
        Map<String, GraphCounts> graphs = new TreeMap<>();
        ((Map<String, Map<String, Number>>) m.get("graphs")).forEach((g, c) ->
                graphs.put(g, new GraphCounts(c.get("added").longValue(), c.get("removed").longValue())));
        return new ChangeSet(((Number) m.get("sequence")).longValue(), Instant.parse((String) m.get("created")),
                new Attribution((String) m.get("who"), (String) m.get("via"), (String) m.get("why")), graphs,
                m.get("reverts") == null ? OptionalLong.empty() : OptionalLong.of(((Number) m.get("reverts")).longValue()),
                ((Number) m.get("bytes")).longValue(), !Boolean.FALSE.equals(m.get("itemised")));
    }

    /** Summary from the patch itself, for a patch renamed in recovery before its summary was written. */
    private ChangeSet summarise(long sequence) {
        RDFPatch patch = readPatch(sequence);
        Map<String, GraphCounts> graphs = new TreeMap<>();
        patch.apply(new org.apache.jena.rdfpatch.changes.RDFChangesBase() {
            @Override
            public void add(Node g, Node s, Node p, Node o) {
                graphs.merge(g.toString(), new GraphCounts(1, 0), (a, b) -> new GraphCounts(a.added() + 1, a.removed()));
            }

            @Override
            public void delete(Node g, Node s, Node p, Node o) {
                graphs.merge(g.toString(), new GraphCounts(0, 1), (a, b) -> new GraphCounts(a.added(), a.removed() + 1));
            }
        });
        Node reverts = patch.getHeader("reverts");
        try {
            return new ChangeSet(sequence, Instant.parse(patch.getHeader("created").getLiteralLexicalForm()),
                    new Attribution(patch.getHeader("creator").getLiteralLexicalForm(), patch.getHeader("source").getLiteralLexicalForm(),
                            patch.getHeader("comment").getLiteralLexicalForm()), graphs,
                    reverts == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(reverts.getURI().replaceAll(".*:", ""))),
                    Files.size(file(sequence, ".rdfp")), patch.getHeader(NOT_ITEMISED) == null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void recover(long committed) {
        Path dir = folder.orElseThrow();
        if (!Files.isDirectory(dir)) {
            version = committed;
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) Files.delete(f);
                if (!name.endsWith(".rdfp.pending")) continue;
                long seq = Long.parseLong(name.substring(0, name.indexOf('.')));
                if (seq <= committed) Files.move(f, file(seq, ".rdfp"), StandardCopyOption.ATOMIC_MOVE);
                else Files.delete(f);
            }
            try (var patches = Files.list(dir)) {
                for (Path f : patches.filter(p -> p.getFileName().toString().endsWith(".rdfp")).toList()) {
                    String name = f.getFileName().toString();
                    long seq = Long.parseLong(name.substring(0, name.indexOf('.')));
                    Path json = file(seq, ".json");
                    ChangeSet s = Files.exists(json) ? readSummary(json) : summarise(seq);
                    if (!Files.exists(json)) writeSummary(s);
                    sets.put(seq, s);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the change log in " + dir, e);
        }
        version = Math.max(committed, sets.isEmpty() ? 0 : sets.lastKey());
    }
}
