package org.regiokg.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.regiokg.link.LinkReport;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code regiokg link report}: which things have which external identifiers, and which have none. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Reports how well the graph is linked to external open data: per kind (organisations, places, persons)",
                "how many things there are, how many have a Wikidata or GeoNames owl:sameAs, a NUTS code, an official key,",
                "a website, and lists those without any. The same report as GET /api/links/report."})
public final class LinkReportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equalsIgnoreCase("text") && !format.equalsIgnoreCase("json")) {
            System.err.println("--format must be text or json");
            return 2;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Store store = storeOptions.open()) {
            LinkReport report = LinkReport.of(store.dataset());
            if (format.equalsIgnoreCase("json"))
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            else
                out.print(report.toText());
            out.flush();
        }
        return 0;
    }
}
