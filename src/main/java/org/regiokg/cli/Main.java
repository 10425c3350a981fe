package org.regiokg.cli;

import org.regiokg.history.Attribution;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code regiokg} command line. */
@Command(name = "regiokg",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "RegioKG: a knowledge graph of regional economic competences, served over SPARQL and a question API.",
        subcommands = {ServeCommand.class, AskCommand.class, ImportCommand.class, LoadCommand.class, CompactCommand.class, ChangesCommand.class, RevertCommand.class, ExportCommand.class, GenerateCommand.class, BenchCommand.class, LinkCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve") && !Boolean.getBoolean("regiokg.noPreload")) ClassPreload.start("serve-classes.txt");
        // The logging's start (log4j's configuration, a few hundred ms of a cold JVM) runs beside the
        // command line's and Jena's on the main thread; neither touches the other.
        Thread logging = new Thread(() -> org.slf4j.LoggerFactory.getLogger(Main.class), "regiokg-logging");
        logging.setDaemon(true);
        logging.start();
        // Writes from a command are the command line's in the change log (the server's are its users').
        int exit;
        try (var by = Attribution.of(Attribution.COMMAND_LINE, "regiokg " + (args.length == 0 ? "" : args[0]), "").open()) {
            exit = commandLine().execute(args);
        }
        System.exit(exit);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"regiokg " + (v == null ? "(development build)" : v)};
        }
    }
}
