package org.regiokg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.regiokg.storage.StoreSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new store with the curated content, made once at build time ({@link CuratedSnapshotBuild}, Maven's
 * process-classes phase) by the same code a first {@code serve} runs, and kept in the jar as a
 * snapshot ({@value #RESOURCE}). A new store whose base folder holds the same curated files (the
 * fingerprint: ontology/, data/, mappings/ byte for byte) starts as a copy of it: no parse, SHACL
 * check, import or derivation on a cold JVM. Any other base folder takes the slow path.
 */
final class CuratedStore {
    private static final Logger LOG = LoggerFactory.getLogger(CuratedStore.class);
    static final String RESOURCE = "curated-store.zip";
    /** Set to leave the snapshot out (tests of the slow path; the build step itself). */
    static final String OFF = "regiokg.noCuratedSnapshot";

    private CuratedStore() {}

    /**
     * Makes {@code storeDir} from the jar's snapshot when the base folder's curated files are those it
     * was made from; false when there is no snapshot, or it is of other files.
     */
    static boolean restore(Path baseDir, Path storeDir) {
        if (Boolean.getBoolean(OFF)) return false;
        InputStream snapshot = CuratedStore.class.getResourceAsStream(RESOURCE);
        if (snapshot == null) return false;
        try (snapshot) {
            return StoreSnapshot.restore(snapshot, fingerprint(baseDir), storeDir);
        } catch (IOException e) {
            LOG.warn("The curated snapshot could not be used ({}); making the store from the files", e.toString());
            return false;
        }
    }

    /** SHA-256 over the curated files' paths (relative to the base) and contents. */
    static String fingerprint(Path baseDir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of("ontology", "data", "mappings")) {
                Path dir = baseDir.resolve(part);
                if (!Files.isDirectory(dir)) continue;
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(baseDir.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                        sha.update(Files.readAllBytes(f));
                        sha.update((byte) 0);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
