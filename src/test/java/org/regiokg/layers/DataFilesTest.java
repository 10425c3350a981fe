package org.regiokg.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
    @Test
    void aDataFileWrittenAfterTheStampIsAWriteAndTheLockAndStatisticsAreNot(@TempDir Path store) throws Exception {
        Path data = Files.createDirectory(store.resolve("Data-0001"));
        Path stamp = store.resolve("derived.stamp");
        Files.writeString(data.resolve("SPO.bpt"), "x");
        assertThat(DataFiles.writtenSince(data, stamp, false)).as("no stamp yet").isTrue();

        DataFiles.stamp(stamp);
        assertThat(DataFiles.writtenSince(data, stamp, false)).isFalse();

        Thread.sleep(20);  // past the file system clock's tick
        Files.writeString(data.resolve("tdb.lock"), "1");
        Files.writeString(data.resolve("stats.opt"), "()");
        assertThat(DataFiles.writtenSince(data, stamp, false)).as("lock and statistics are not data").isFalse();

        Files.writeString(data.resolve("SPO.bpt"), "y");
        assertThat(DataFiles.writtenSince(data, stamp, false)).isTrue();
    }

    @Test
    void aStampWrittenRightAfterADataFileIsNeverOlderThanIt(@TempDir Path store) throws Exception {
        // The stamp takes the file system's time: set from the JVM's clock in milliseconds it was
        // sometimes older than a journal write of the same commit (a full re-derivation at the next opening).
        Path data = Files.createDirectory(store.resolve("Data-0001"));
        Path stamp = store.resolve("derived.stamp");
        for (int i = 0; i < 200; i++) {
            Files.writeString(data.resolve("journal.jrnl"), Integer.toString(i));
            DataFiles.stamp(stamp);
            assertThat(DataFiles.writtenSince(data, stamp, false)).as("round %d", i).isFalse();
        }
    }
}
