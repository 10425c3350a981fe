package org.regiokg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.regiokg.history.Attribution;
import org.regiokg.storage.StoreSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maven's process-classes step that makes the jar's curated snapshot ({@link CuratedStore}). */
final class CuratedSnapshotBuild {
    private static final Logger LOG = LoggerFactory.getLogger(CuratedSnapshotBuild.class);

    private CuratedSnapshotBuild() {}

    /**
     * The build step: {@code CuratedStore ZIP CLASSES}, run in the project folder. Makes a new store there as
     * {@code serve} would (base folder "."), closes it and writes its snapshot; skipped when ZIP is
     * newer than every class, rule and curated file.
     */
    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        Path base = Path.of(".");
        if (upToDate(zip, Path.of(args[1]), base)) {
            LOG.info("{} is up to date", zip);
            return;
        }
        Path dir = Files.createTempDirectory("regiokg-curated-");
        Path store = dir.resolve("store");
        StoreOptions options = new StoreOptions();
        options.storeDir = store;
        options.baseDir = base;
        System.setProperty(CuratedStore.OFF, "true");
        // As serve's start records it (Main's attribution of a command).
        try (var by = Attribution.of(Attribution.COMMAND_LINE, "regiokg serve", "").open()) {
            options.open().close();
        }
        StoreSnapshot.write(store, zip, CuratedStore.fingerprint(base));
        LOG.info("Wrote the curated store's snapshot to {} ({} bytes)", zip, Files.size(zip));
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
        System.exit(0);  // the store's background threads
    }

    private static boolean upToDate(Path zip, Path classes, Path base) throws IOException {
        if (!Files.isRegularFile(zip)) return false;
        long made = Files.getLastModifiedTime(zip).toMillis();
        for (Path dir : List.of(classes, base.resolve("ontology"), base.resolve("data"),
                base.resolve("mappings"), base.resolve("rules")))
            if (Files.isDirectory(dir))
                try (Stream<Path> walk = Files.walk(dir)) {
                    if (walk.filter(Files::isRegularFile).filter(f -> !f.equals(zip))
                            .anyMatch(f -> f.toFile().lastModified() > made)) return false;
                }
        return true;
    }
}
