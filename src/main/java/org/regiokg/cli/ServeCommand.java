package org.regiokg.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.regiokg.link.ServiceAllowList;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the graph: SPARQL at /kg/sparql, the query editor at /ui/, the API at /api, on one port.",
                "Writes (/kg/update, /kg/data) need the admin user and are off unless an admin password is set."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    /** {@code serve} alone, for a JVM that runs nothing else (the bench's server). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServeCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "localhost",
            description = "Where to listen: 'localhost' (default: only this machine) or '0.0.0.0' (every interface; "
                    + "put a TLS proxy in front, see README 'Security').")
    String host;

    @Option(names = "--admin-password", paramLabel = "PASSWORD", defaultValue = "${env:REGIOKG_ADMIN_PASSWORD}",
            description = "Password of the user 'admin' for the write endpoints; default: the environment variable "
                    + "REGIOKG_ADMIN_PASSWORD. Without one, the write endpoints are disabled.")
    String adminPassword;

    @Option(names = "--query-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time limit of every SPARQL query, in seconds (default: ${DEFAULT-VALUE}).")
    double queryTimeoutSeconds;

    @Option(names = "--service-allow", paramLabel = "URL", defaultValue = ServiceAllowList.WIKIDATA,
            description = "An endpoint that SERVICE in queries may call; repeat for several, 'none' for no SERVICE at all. "
                    + "Any other target is refused (default: ${DEFAULT-VALUE}).")
    List<String> serviceAllow = new ArrayList<>();

    @Option(names = "--service-endpoint-map", paramLabel = "FROM=TO",
            description = "Sends SERVICE <FROM> (an allowed endpoint) to TO instead, e.g. a mirror or a local test server; repeatable.")
    List<String> serviceEndpointMap = new ArrayList<>();

    @Option(names = "--service-timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "Time limit of one SERVICE call, in seconds (default: ${DEFAULT-VALUE}).")
    double serviceTimeoutSeconds;

    @Option(names = "--load-allow", paramLabel = "URL",
            description = "A source (an exact http or https IRI) that SPARQL Update's LOAD may read; repeatable. "
                    + "Default: none, so LOAD reads nothing: no files of the server, no other hosts.")
    List<String> loadAllow = new ArrayList<>();

    @Option(names = "--max-query-bytes", paramLabel = "BYTES", defaultValue = "131072",
            description = "The largest SPARQL query or update taken, in bytes; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxQueryBytes;

    @Option(names = "--version-retention", paramLabel = "STATEMENTS", defaultValue = "1000000",
            description = "How far back ?version=N answers: the most statements an earlier version may differ by from now "
                    + "(rebuilding it holds that difference in memory; default: ${DEFAULT-VALUE}).")
    long versionRetention;

    @Option(names = "--public-url", paramLabel = "URL", defaultValue = "${env:REGIOKG_PUBLIC_URL}",
            description = "The server's public address (https://…) when clients reach it through a proxy; the links it hands out "
                    + "(reconciliation's view and preview) point there. Default: the address each client used.")
    String publicUrl;

    @Option(names = "--sparql-endpoint", paramLabel = "URL",
            description = "Answer from this SPARQL store instead of the embedded one (README 'Deployment'); read-only unless --update-endpoint is given.")
    String sparqlEndpoint;

    @Option(names = "--update-endpoint", paramLabel = "URL", description = "The remote store's SPARQL Update endpoint: imports, loads and updates go there.")
    String updateEndpoint;

    @Option(names = "--graph-store", paramLabel = "URL", description = "The remote store's Graph Store Protocol endpoint.")
    String graphStore;

    @Option(names = "--remote-user", paramLabel = "USER", description = "User for the remote store (HTTP Basic or Digest).")
    String remoteUser;

    @Option(names = "--remote-password-file", paramLabel = "FILE", description = "File whose first line is the remote user's password.")
    java.nio.file.Path remotePasswordFile;

    @Override
    public Integer call() throws InterruptedException {
        for (String source : loadAllow)
            if (!source.startsWith("http://") && !source.startsWith("https://"))
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--load-allow takes http or https IRIs, not '" + source + "' (load a local file with `regiokg load`)");
        boolean loopbackOnly = switch (host) {
            case "localhost", "127.0.0.1", "::1" -> true;
            case "0.0.0.0", "::", "*" -> false;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--host takes 'localhost' or '0.0.0.0', not '" + host + "' (to serve one address, put a proxy in front)");
        };
        warnWithoutHeapLimit();
        // What does not need the store is read on other threads while this one opens it (two cores here);
        // StartupTasks initialises Jena on this thread first (initialised on two at once, it deadlocks).
        RegioServer.prepare();
        var endpointMap = ServiceAllowList.parseEndpointMap(serviceEndpointMap);
        // Its HTTP client is made at the first SERVICE call, so this is quick.
        var allowList = ServiceAllowList.of(
                serviceAllow.stream().filter(u -> !u.equals("none")).toList(), endpointMap, Duration.ofMillis(Math.round(serviceTimeoutSeconds * 1000)));
        // The questions are parsed meanwhile too: the warm-up (below) needs them as soon as the store is open.
        var catalogue = new org.regiokg.questions.QuestionCatalogue(storeOptions.baseDir.resolve("queries")).readAhead();
        Store store = (sparqlEndpoint != null ? remoteStore() : storeOptions.open()).loadSources(java.util.Set.copyOf(loadAllow));
        long opened = sinceLaunch();
        store.changes().retention(versionRetention);
        RegioServer server = RegioServer.builder(store)
                .port(port)
                .loopbackOnly(loopbackOnly)
                .catalogue(catalogue)
                .importer(storeOptions.importer(store))
                .adminPassword(adminPassword)
                .maxQueryBytes(maxQueryBytes)
                .publicUrl(publicUrl)
                .queryTimeout(Duration.ofMillis(Math.round(queryTimeoutSeconds * 1000)))
                .serviceAllowList(allowList)
                .warmUp(true)
                .build();
        long built = sinceLaunch();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            server.close();
            store.close();
            LOG.info("Stopped; store closed");
        }, "regiokg-shutdown"));
        server.start();
        LOG.info("Started {} ms after the JVM's launch (store open at {} ms, server built at {} ms)", sinceLaunch(), opened, built);
        // The name index after the start's own work: pages sorted by name read it (NameOrderedTop) and do not wait for it.
        if (store.names() != null) server.warmedUp().whenComplete((questions, failure) -> store.names().openInBackground());
        if (adminPassword == null || adminPassword.isBlank())
            LOG.info("No admin password set: /kg/update and /kg/data are disabled");
        server.join();
        return 0;
    }

    /** Milliseconds since the JVM was launched: where a start-up's time goes, in the log. */
    private static long sinceLaunch() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    private Store remoteStore() {
        try {
            return Store.remote(org.regiokg.remote.RemoteEndpoint.query(sparqlEndpoint).update(updateEndpoint).graphStore(graphStore)
                    .credentials(remoteUser, remotePasswordFile).build());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
        }
    }

    /**
     * Without -Xmx the JVM may take a quarter of the machine's memory and keep it after a run of
     * large answers (5.3 GB was seen); the server needs about 1 GB of heap, TDB2's files are mapped
     * outside it. README's run command sets -Xmx2g.
     */
    private static void warnWithoutHeapLimit() {
        boolean limited = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM") || a.startsWith("-XX:MaxHeapSize"));
        if (!limited)
            LOG.warn("No heap limit given: the JVM may grow to {} MB. Start with `java -Xmx2g -jar regiokg.jar serve`.",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
