package org.regiokg.cli;

import java.util.concurrent.Callable;

import org.regiokg.storage.Compaction;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Reclaims the space of old generations of the store (TDB2 appends on every write; aborted writes leave dead space).",
                "Run it when the store's directory is much larger than its data, e.g. after large or refused imports and loads.",
                "The server must not be running on the store (or use POST /api/compact as the admin)."})
final class CompactCommand implements Callable<Integer> {

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "store", description = "TDB2 store directory (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path storeDir;

    @Override
    public Integer call() {
        if (!java.nio.file.Files.isDirectory(storeDir)) {
            System.err.println("No store at " + storeDir);
            return 2;
        }
        try (Store store = Store.tdb2(storeDir)) {
            Compaction.Result r = Compaction.compact(store);
            System.out.printf("Compacted %s: %,d bytes before, %,d after, now %s (%.1f s)%n",
                    storeDir, r.bytesBefore(), r.bytesAfter(), r.generation(), r.millis() / 1000.0);
            return 0;
        }
    }
}
