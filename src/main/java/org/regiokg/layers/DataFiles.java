package org.regiokg.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * The data files of a TDB2 store on disk, and stamps that say "what is kept here matched the data at
 * this time" (derived facts, the name index, planner statistics, the kept quad count). A data file
 * newer than a stamp means something wrote since, perhaps around the layers (TDB2's bulk loader).
 * <p>
 * Stamps take their time from the file system, as the data files do: it dates files by a coarse
 * clock that lags the JVM's, and a stamp set from {@code System.currentTimeMillis()} could be older
 * than a journal write of the same commit, or newer than a bulk load right after it.
 */
public final class DataFiles {
    /** Files of TDB2's data folder, or stamps kept in it, that change without data being written. */
    private static final Set<String> NOT_DATA = Set.of("tdb.lock", "stats.opt");

    private DataFiles() {}

    /** The folder of the current data of the TDB2 store beneath {@code ds}'s wrappers; empty in memory or not TDB2. */
    public static Optional<Path> folder(DatasetGraph ds) {
        try {
            DatasetGraph tdb = ds;
            while (!TDBInternal.isTDB2(tdb) && tdb instanceof DatasetGraphWrapper w) tdb = w.getWrapped();
            var location = TDBInternal.getDatasetGraphTDB(tdb).getLocation();
            return location.isMem() || location.getDirectoryPath() == null ? Optional.empty() : Optional.of(Path.of(location.getDirectoryPath()));
        } catch (RuntimeException e) {
            return Optional.empty();  // not TDB2 on disk: nothing can write around the layers
        }
    }

    /**
     * True when {@code stamp} is missing or a data file in {@code dataFolder} was written after it;
     * {@code whenUnreadable} when the folder cannot be read.
     */
    public static boolean writtenSince(Path dataFolder, Path stamp, boolean whenUnreadable) {
        if (!Files.exists(stamp)) return true;
        try (Stream<Path> files = Files.list(dataFolder)) {
            FileTime at = Files.getLastModifiedTime(stamp);
            return files.filter(f -> !NOT_DATA.contains(f.getFileName().toString()) && !f.equals(stamp))
                    .anyMatch(f -> modified(f).compareTo(at) > 0);
        } catch (IOException e) {
            return whenUnreadable;
        }
    }

    /** Writes {@code stamp} now, so the file system dates it by the clock that dates the data files. */
    public static void stamp(Path stamp) throws IOException {
        Files.writeString(stamp, Instant.now() + "\n");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);  // gone meanwhile (a compaction): not a write
        }
    }
}
