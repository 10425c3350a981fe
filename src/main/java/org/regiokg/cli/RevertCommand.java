package org.regiokg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.regiokg.history.Attribution;
import org.regiokg.history.Revert;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "revert", mixinStandardHelpOptions = true,
        description = {"Reverts one change set by writing its inverse as a new change set (the rules re-derive their facts).",
                "Refused, with nothing written, when later writes depend on what it would remove.",
                "The server must not be running on the store (or use POST /api/changes/N/revert as the admin)."})
final class RevertCommand implements Callable<Integer> {

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "store", description = "TDB2 store directory (default: ${DEFAULT-VALUE}).")
    Path storeDir;

    @Parameters(paramLabel = "SEQUENCE", description = "The change set to revert (see regiokg changes).")
    long sequence;

    @Override
    public Integer call() {
        if (!Files.isDirectory(storeDir)) {
            System.err.println("No store at " + storeDir);
            return 2;
        }
        try (Store store = Store.tdb2(storeDir)) {
            Revert.Result r = Revert.revert(store.dataset(), store.changes(), sequence, Attribution.COMMAND_LINE);
            System.out.printf("Reverted change set %d as change set %d: %d statements removed, %d added back%n",
                    sequence, r.sequence(), r.removed(), r.added());
            return 0;
        } catch (Revert.Refused e) {
            System.err.println(e.getMessage());
            e.reasons().forEach(reason -> System.err.println("  " + reason));
            return 1;
        }
    }
}
