package org.regiokg.names;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.text.DatasetGraphText;
import org.apache.jena.query.text.Entity;
import org.apache.jena.query.text.EntityDefinition;
import org.apache.jena.query.text.TextDocProducerTriples;
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.query.text.TextIndexConfig;
import org.apache.jena.query.text.TextIndexLucene;
import org.apache.jena.query.text.TextQuery;
import org.apache.jena.query.text.TextQueryFuncs;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sys.JenaSystem;
import org.apache.jena.system.Txn;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.regiokg.layers.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full-text index of names (Jena's text index over Lucene): one document per name statement,
 * in the field {@value #FIELD}, analysed by {@link NameAnalyzer}. Every write through
 * {@link #dataset()} updates the index in the same TDB2 transaction (jena-text joins the index to
 * TDB2's commit). Queries see it as {@code text:query}; the index is also in the dataset's context,
 * so queries on the plain TDB2 dataset find it too.
 *
 * <p>Lucene is opened at the index's first use (a name search, reconciliation, suggest, a write), not
 * with the store: answering questions does not need it. A store written around the index (TDB2's
 * bulk loader, a store from before the index) has a different number of name statements than the
 * index has documents: it is rebuilt when opened.
 * The count (seconds at 10^6) runs only when a data file is newer than the stamp written after
 * every commit through the index; otherwise the index is known to match.
 */
public final class NameIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NameIndex.class);
    public static final String FIELD = "name";
    private static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    private static final String SKOS = "http://www.w3.org/2004/02/skos/core#";
    private static final String SCHEMA = "https://schema.org/";
    private static final String FOAF = "http://xmlns.com/foaf/0.1/";

    /** What the ontology and the data use for names: labels, legal and alternative names, person names. */
    public static final List<Node> NAME_PREDICATES = List.of(
            NodeFactory.createURI(RDFS + "label"),
            NodeFactory.createURI(SKOS + "prefLabel"),
            NodeFactory.createURI(SKOS + "altLabel"),
            NodeFactory.createURI(SKOS + "hiddenLabel"),
            NodeFactory.createURI(SCHEMA + "legalName"),
            NodeFactory.createURI(SCHEMA + "alternateName"),
            NodeFactory.createURI(SCHEMA + "name"),
            NodeFactory.createURI(FOAF + "name"));

    private final DatasetGraph storage;
    private final EntityDefinition entities;
    private final TextIndexConfig config;
    private final Optional<Path> directory;
    /** What jena-text and queries are given: opens the Lucene index at its first use ({@link #lucene()}). */
    private final TextIndex index;
    private final DatasetGraphText dataset;
    private volatile TextIndexLucene lucene;
    private boolean closed;

    private final Optional<Path> stamp;
    /**
     * True while the index is known to match the data: it did when the store opened (no data file newer
     * than the stamp), or it was checked, rebuilt or committed with the data since.
     */
    private volatile boolean stampCurrent;

    private NameIndex(DatasetGraph storage, TextIndexConfig config, Optional<Path> directory, boolean stampCurrent) {
        this.storage = storage;
        this.config = config;
        this.entities = config.getEntDef();
        this.directory = directory;
        // The stamp lives beside the index: touched after every commit through it, older than a data
        // file when something wrote around the index (then the names are counted and compared).
        this.stamp = directory.map(d -> d.resolveSibling(STAMP));
        this.stampCurrent = stampCurrent;
        this.index = (TextIndex) java.lang.reflect.Proxy.newProxyInstance(TextIndex.class.getClassLoader(),
                new Class<?>[] {TextIndex.class}, this::opened);
        this.dataset = new Stamping(storage, index, this);
    }

    /**
     * Every call of jena-text on the index: its definition is known without Lucene; the rest opens it.
     * Reads (the questions) never reach here; a name search, reconciliation, suggest and every write do.
     */
    private Object opened(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getDocDef": return entities;
            case "close": close(); return null;
            case "toString": return "name index (" + (lucene == null ? "not opened yet" : "open") + ")";
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            default:
                try {
                    return method.invoke(lucene(), args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    /**
     * The Lucene index, opened (and checked against the data, rebuilt if it does not match) at its first
     * use: 1.9 s of a cold JVM's start that the first answers do not need. Opened on another thread, so
     * the check reads the committed store even when the first use is inside a write transaction.
     */
    private TextIndexLucene lucene() {
        TextIndexLucene l = lucene;
        if (l != null) return l;
        synchronized (this) {
            if (lucene == null) {
                if (closed) throw new IllegalStateException("the name index is closed");
                lucene = org.regiokg.startup.StartupTasks.joined(org.regiokg.startup.StartupTasks.supply(this::open));
            }
            return lucene;
        }
    }

    /** The text dataset that notes each commit in the stamp, after TDB2 and the index both committed. */
    private static final class Stamping extends DatasetGraphText implements org.regiokg.layers.WrittenBeneath {
        private final NameIndex names;

        Stamping(DatasetGraph storage, TextIndex index, NameIndex names) {
            super(storage, index, new NameDocs(index), false);
            this.names = names;
        }

        @Override
        public void written(Node g, Node s, Node p, Node o) {
            names.written(g, s, p, o);
        }

        /**
         * A whole graph (an import replacing its list, DROP GRAPH): its name statements leave the index
         * one by one, the rest goes to the layers below in one call, which note it without a look-up
         * per quad (jena-text deletes every quad singly, each passing every layer's {@code contains}).
         */
        @Override
        public void deleteAny(Node g, Node s, Node p, Node o) {
            if (!g.isConcrete() || s.isConcrete() || p.isConcrete() || o.isConcrete()) {
                super.deleteAny(g, s, p, o);
                return;
            }
            for (Node name : NAME_PREDICATES)
                org.apache.jena.atlas.iterator.Iter.toList(getWrapped().find(g, Node.ANY, name, Node.ANY)).forEach(this::delete);
            getWrapped().deleteAny(g, s, p, o);
        }

        @Override
        public void commit() {
            boolean write = transactionMode() == org.apache.jena.query.ReadWrite.WRITE;
            super.commit();
            if (write) names.stamp();
        }

        @Override
        public void abort() {
            boolean write = isInTransaction() && transactionMode() == org.apache.jena.query.ReadWrite.WRITE;
            super.abort();
            // An aborted write changes neither the data nor the index, but TDB2 has already written its
            // blocks into the data files: an index that matched still does, for the next opening too.
            if (write) names.stampIfCurrent();
        }
    }

    /**
     * True when no data file of the TDB2 store under {@code storage} is newer than the stamp of the
     * index in {@code directory}: the index matched the data at its last commit. Asked as the store
     * opens, not when Lucene opens: its first use is often inside a write transaction (a load, an
     * update), whose uncommitted blocks already make the data files newer than any stamp.
     */
    public static boolean matches(DatasetGraph storage, Path directory) {
        Path stamp = directory.resolveSibling(STAMP);
        return DataFiles.folder(storage).map(data -> !DataFiles.writtenSince(data, stamp, true)).orElse(false);
    }

    /**
     * The index of {@code storage} (a TDB2 dataset) in {@code directory}, or in memory; built from the
     * data when it does not match it. {@code matched}: what {@link #matches} said when the store opened
     * (before the rules' refresh, whose derived facts hold no names); when false, the names are counted
     * and compared with the index when Lucene opens.
     */
    public static NameIndex attach(DatasetGraph storage, Optional<Path> directory, boolean matched) {
        JenaSystem.init();
        EntityDefinition entities = new EntityDefinition("uri", FIELD, NAME_PREDICATES.get(0));
        for (Node p : NAME_PREDICATES.subList(1, NAME_PREDICATES.size())) entities.set(FIELD, p);
        entities.setLangField("lang");
        entities.setUidField("uid");
        TextIndexConfig config = new TextIndexConfig(entities);
        config.setAnalyzer(new NameAnalyzer());
        config.setValueStored(true);
        NameIndex names = new NameIndex(storage, config, directory, matched && directory.isPresent());
        storage.getContext().set(TextQuery.textIndex, names.index);
        return names;
    }

    /** Opens the Lucene index; builds it again from the data when it does not match the data. */
    private TextIndexLucene open() {
        long t0 = System.nanoTime();
        Directory dir;
        try {
            dir = directory.isPresent() ? FSDirectory.open(directory.get()) : new ByteBuffersDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TextIndexLucene opened = new Ordered(dir, config);
        // An index from before the names' order (NamesInOrder) is built again once.
        boolean ordered = NamesInOrder.indexed(dir);
        if (upToDate(opened) && ordered) {
            LOG.info("Opened the name index in {} ms", (System.nanoTime() - t0) / 1_000_000);
            return opened;
        }
        long statements = nameStatements(), documents = documents(opened);
        if (statements != documents || !ordered) {
            long t = System.nanoTime();
            rebuild(opened);
            LOG.info("Built the name index: {} names in {} ms ({} documents before)", statements, (System.nanoTime() - t) / 1_000_000, documents);
        }
        stamp();
        return opened;
    }

    /** jena-text's Lucene index, each name also as one untokenised term so that names can be read in order. */
    private static final class Ordered extends TextIndexLucene {
        Ordered(Directory dir, TextIndexConfig config) {
            super(dir, config);
        }

        @Override
        protected org.apache.lucene.document.Document doc(Entity entity) {
            Object predicate = entity.getMap().remove(PREDICATE);
            org.apache.lucene.document.Document doc = super.doc(entity);
            if (entity.get(FIELD) instanceof String name) {
                if (predicate instanceof String p)
                    doc.add(new org.apache.lucene.document.StringField(NamesInOrder.FIELD, NamesInOrder.term(p, name),
                            org.apache.lucene.document.Field.Store.NO));
                else
                    LOG.warn("A name indexed without its predicate is not in the names' order: {}", entity);
            }
            return doc;
        }
    }

    /** The key of a name's predicate in the entity jena-text is given; taken out of it by {@link Ordered#doc}. */
    private static final String PREDICATE = "regiokg:predicate";

    /** The entity jena-text indexes for a name statement, with its predicate (null for other statements). */
    static Entity entity(EntityDefinition definition, Node g, Node s, Node p, Node o) {
        Entity e = TextQueryFuncs.entityFromQuad(definition, g, s, p, o);
        if (e != null) e.put(PREDICATE, p.getURI());
        return e;
    }

    /** jena-text's producer of documents, whose new documents know their predicate. */
    private static final class NameDocs extends TextDocProducerTriples {
        private final TextIndex index;

        NameDocs(TextIndex index) {
            super(index);
            this.index = index;
        }

        @Override
        public void change(org.apache.jena.query.text.changes.TextQuadAction action, Node g, Node s, Node p, Node o) {
            // Every write here is inside a TDB2 transaction: the index commits with it, as jena-text's own does.
            if (action != org.apache.jena.query.text.changes.TextQuadAction.ADD) {
                super.change(action, g, s, p, o);
                return;
            }
            Entity e = entity(index.getDocDef(), g, s, p, o);
            if (e != null) index.addEntity(e);
        }
    }

    /**
     * One predicate's names in SPARQL's order of their text, as the index last committed them; empty while
     * Lucene is not open yet. A question does not wait for it (the first opening may rebuild the index, minutes
     * at 10^6, longer than any time limit): it is opened in the background, and the questions after use it.
     */
    public Optional<NamesInOrder> inOrderOnceOpen(Node predicate) {
        TextIndexLucene l = lucene;
        if (l != null) return Optional.of(NamesInOrder.open(l.getDirectory(), predicate));
        openInBackground();
        return Optional.empty();
    }

    /** Opens Lucene (checking it against the data, rebuilding it if needed) on another thread, once. */
    public void openInBackground() {
        if (lucene == null && !opening.getAndSet(true)) org.regiokg.startup.StartupTasks.run(this::lucene);
    }

    private final java.util.concurrent.atomic.AtomicBoolean opening = new java.util.concurrent.atomic.AtomicBoolean();

    /** The file whose time says when the index last matched the data. */
    static final String STAMP = "names.stamp";
    /**
     * True when the stamp was newer than every data file of the store when it opened: nothing was written
     * since the last commit through the index, so counting every name statement (seconds at 10^6, over a
     * minute with a cold cache) is not needed; and the index exists.
     */
    private boolean upToDate(TextIndexLucene index) {
        try {
            return stampCurrent && DirectoryReader.indexExists(index.getDirectory());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Notes that the index matches the data now (after a commit through it, a count or a rebuild). */
    public void stamp() {
        stampCurrent = true;
        stamp.ifPresent(file -> {
            try {
                DataFiles.stamp(file);
            } catch (IOException e) {
                LOG.warn("Could not stamp the name index in {}: {}", file, e.getMessage());
            }
        });
    }

    /**
     * Stamps the index again if it matched the data (see {@link #stamp}) after data files were written
     * without a change to the names: the rules' refresh at opening, an aborted write, a compaction.
     */
    public void stampIfCurrent() {
        if (stampCurrent) stamp();
    }

    /** The dataset whose writes keep the index up to date. */
    public DatasetGraph dataset() {
        return dataset;
    }

    /**
     * Indexes a name statement that was written to the TDB2 store directly (told through
     * {@link org.regiokg.layers.WrittenBeneath}), inside a write transaction of {@link #dataset()}: it commits or rolls back with that transaction, as the
     * dataset's own writes do. Called before the statement is written: one the store holds already
     * is not indexed twice. Other statements are passed by.
     */
    void written(Node g, Node s, Node p, Node o) {
        if (!o.isLiteral() || !NAME_SET.contains(p) || Quad.isDefaultGraph(g) || storage.contains(g, s, p, o)) return;
        Entity e = entity(entities, g, s, p, o);
        if (e != null) lucene().addEntity(e);
    }

    private static final java.util.Set<Node> NAME_SET = java.util.Set.copyOf(NAME_PREDICATES);

    /** Indexes every name statement again, from scratch. */
    public void rebuild() {
        rebuild(lucene());
    }

    private void rebuild(TextIndexLucene index) {
        var writer = index.getIndexWriter();
        double buffer = writer.getConfig().getRAMBufferSizeMB();
        try {
            // Fewer, larger segments while building from scratch.
            writer.getConfig().setRAMBufferSizeMB(128);
            writer.deleteAll();
            Txn.executeRead(storage, () -> {
                for (Node p : NAME_PREDICATES) {
                    var quads = storage.find(Node.ANY, Node.ANY, p, Node.ANY);
                    while (quads.hasNext()) {
                        Quad q = quads.next();
                        if (!q.getObject().isLiteral() || q.isDefaultGraph()) continue;
                        Entity e = entity(index.getDocDef(), q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject());
                        if (e != null) index.addEntity(e);
                    }
                }
            });
            // One segment: each query opens the index anew (jena-text), and one segment opens fastest.
            writer.forceMerge(1);
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.getConfig().setRAMBufferSizeMB(buffer);
        }
    }

    /** Name statements with a literal value in the named graphs. */
    long nameStatements() {
        return Txn.calculateRead(storage, () -> {
            long n = 0;
            for (Node p : NAME_PREDICATES) {
                var quads = storage.find(Node.ANY, Node.ANY, p, Node.ANY);
                while (quads.hasNext()) {
                    Quad q = quads.next();
                    if (q.getObject().isLiteral() && !q.isDefaultGraph()) n++;
                }
            }
            return n;
        });
    }

    /** Documents in the committed index. */
    public long documents() {
        return documents(lucene());
    }

    private static long documents(TextIndexLucene index) {
        try (DirectoryReader reader = DirectoryReader.open(index.getDirectory())) {
            return reader.numDocs();
        } catch (IndexNotFoundException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the Lucene index was opened (its first use). */
    boolean isOpen() {
        return lucene != null;
    }

    /** Closes the Lucene index if it was opened. */
    @Override
    public synchronized void close() {
        closed = true;
        if (lucene != null) lucene.close();
    }
}
