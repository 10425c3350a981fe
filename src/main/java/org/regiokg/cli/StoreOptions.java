package org.regiokg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.startup.StartupTasks;
import org.regiokg.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Option;

/** Which store a command works on: shared by every command that reads or writes the graph. */
final class StoreOptions {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOptions.class);

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "store",
            description = "TDB2 store directory, created and loaded on first use (default: ${DEFAULT-VALUE}).")
    Path storeDir;

    @Option(names = "--memory", description = "Use an in-memory store, loaded at start and gone at exit.")
    boolean memory;

    @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Folder holding ontology/ and data/, loaded into a new store (default: the current folder).")
    Path baseDir;

    /** The shapes, read once for every importer of this command; see {@link #readShapesAhead()}. */
    private CompletableFuture<ShapesGate> shapes;

    /** The CSV importer over the store, or null where the base folder has no shapes to check imports against. */
    CsvImporter importer(Store store) {
        CuratedContent content = new CuratedContent(baseDir);
        if (!Files.isRegularFile(content.shapesFile())) return null;
        return new CsvImporter(store, content.mappingsDir(), shapes(content.shapesFile()));
    }

    /**
     * Starts reading the shapes on a thread of their own, for a new store made from the files (its default
     * imports check them) while its content loads; any other command or server reads them at its first write.
     */
    private synchronized void readShapesAhead() {
        Path file = new CuratedContent(baseDir).shapesFile();
        if (shapes == null && Files.isRegularFile(file))
            shapes = StartupTasks.supply(() -> new ShapesGate(file));
    }

    private static boolean isNew(Path dir) {
        if (!Files.isDirectory(dir)) return true;
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private synchronized ShapesGate shapes(Path file) {
        if (shapes == null) shapes = CompletableFuture.completedFuture(ShapesGate.atFirstUse(file));
        return StartupTasks.joined(shapes);
    }

    /**
     * Opens the store; a new one is loaded with the curated content and the default imports first,
     * or, when the base folder holds the curated files the jar was built with, copied from the
     * jar's snapshot of such a store ({@link CuratedStore}).
     */
    Store open() {
        if (!memory && isNew(storeDir) && CuratedStore.restore(baseDir, storeDir)) {
            LOG.info("New store at {}: made from the curated snapshot", storeDir.toAbsolutePath());
            return Store.tdb2(storeDir);
        }
        CuratedContent content = new CuratedContent(baseDir);
        // A new store's content is parsed on a second thread while TDB2 makes the store.
        var staged = memory || isNew(storeDir) ? StartupTasks.supply(content::parse) : null;
        if (staged != null) readShapesAhead();
        Store store = memory ? Store.inMemory() : Store.tdb2(storeDir);
        try {
            if (store.isFresh()) {
                LOG.info("New store{}: loading the curated content", memory ? " in memory" : " at " + storeDir.toAbsolutePath());
                if (staged != null) content.loadInto(store, StartupTasks.joined(staged));
                else content.loadInto(store);
                if (Files.isDirectory(content.importsDir())) content.importDefaults(importer(store));
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
