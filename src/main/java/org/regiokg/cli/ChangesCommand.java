package org.regiokg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.regiokg.history.ChangeLog;
import org.regiokg.history.ChangeSet;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "changes", mixinStandardHelpOptions = true,
        description = {"Lists the store's change sets (every write: imports, loads, updates, link acceptance, derived-fact refreshes),",
                "or prints one as an RDF Patch. The server must not be running on the store (or use GET /api/changes)."})
final class ChangesCommand implements Callable<Integer> {

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "store", description = "TDB2 store directory (default: ${DEFAULT-VALUE}).")
    Path storeDir;

    @Option(names = "--since", paramLabel = "N", defaultValue = "0", description = "List the change sets after version N (default: all).")
    long since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "List at most N change sets (default: ${DEFAULT-VALUE}).")
    int limit;

    @Parameters(arity = "0..1", paramLabel = "SEQUENCE", description = "Print this change set as an RDF Patch instead.")
    Long sequence;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(storeDir)) {
            System.err.println("No store at " + storeDir);
            return 2;
        }
        try (Store store = Store.tdb2(storeDir)) {
            ChangeLog log = store.changes();
            if (sequence != null) {
                if (log.get(sequence).isEmpty()) {
                    System.err.println("No change set " + sequence + " (the log runs to version " + log.version() + ")");
                    return 2;
                }
                try (var in = log.patch(sequence)) {
                    in.transferTo(System.out);
                }
                return 0;
            }
            System.out.printf("version %d%n", log.version());
            for (ChangeSet s : log.since(since, limit))
                System.out.printf("%6d  %s  %-14s %-22s +%d -%d (derived +%d -%d) in %d graph(s)%s  %s%n", s.sequence(), s.created(),
                        s.by().who(), s.by().why(), s.added(), s.removed(), s.derived().added(), s.derived().removed(), s.graphs().size(),
                        s.reverts().isPresent() ? " reverts " + s.reverts().getAsLong() : "", s.by().via().replaceAll("\\s+", " "));
            return 0;
        }
    }
}
