package org.regiokg.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.regiokg.link.CandidateSearch;
import org.regiokg.link.InvalidReviewFile;
import org.regiokg.link.LinkAcceptor;
import org.regiokg.link.LinkKind;
import org.regiokg.link.LinkProposer;
import org.regiokg.link.LocalThings;
import org.regiokg.link.Proposal;
import org.regiokg.link.ReviewCsv;
import org.regiokg.link.ReviewRow;
import org.regiokg.link.Scoring;
import org.regiokg.link.ServiceAllowList;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "link", mixinStandardHelpOptions = true,
        description = {"Links organisations and places to Wikidata: propose candidates into a review file, then accept the reviewed rows.",
                "Nothing is linked without a review (accept=yes) or an explicit --threshold."},
        subcommands = {LinkCommand.Propose.class, LinkCommand.Accept.class, LinkReportCommand.class})
final class LinkCommand {

    enum Target { wikidata }

    @Command(name = "propose", mixinStandardHelpOptions = true,
            description = {"Finds Wikidata candidates for the organisations and places that have no owl:sameAs to Wikidata,",
                    "scores them (0..1) by label, type, country, location and official keys, and writes a review CSV:",
                    "thing,label,candidate,candidateLabel,score,evidence,accept. Write yes into accept for the right rows."})
    static final class Propose implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;

        @Option(names = "--target", defaultValue = "wikidata", description = "Where to link to: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Target target;

        @Option(names = "--endpoint", paramLabel = "URL", defaultValue = ServiceAllowList.WIKIDATA,
                description = "SPARQL endpoint with Wikidata's data (default: ${DEFAULT-VALUE}); a mirror works too.")
        String endpoint;

        @Option(names = "--kind", paramLabel = "KIND", description = "organisation or place (default: both).")
        LinkKind kind;

        @Option(names = "--types", paramLabel = "Q..", split = ",",
                description = "Wikidata classes (P31) that fit the kind, replacing the defaults "
                        + "(organisation: Q4830453,Q783794,Q6881511; place: Q262166,Q42744322,Q22865,Q106658,Q515).")
        List<String> types = new ArrayList<>();

        @Option(names = "--output", paramLabel = "FILE", defaultValue = "review.csv", description = "The review file; '-' for standard output (default: ${DEFAULT-VALUE}).")
        Path output;

        @Option(names = "--threshold", paramLabel = "S",
                description = "Pre-marks accept=yes on the best candidate of a thing when its score is at least S (0..1) and "
                        + "no other candidate of the thing scores as high; e.g. " + Scoring.SUGGESTED_THRESHOLD + ". Default: none marked.")
        Double threshold;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20", description = "Time limit of each request to the endpoint (default: ${DEFAULT-VALUE}).")
        double timeoutSeconds;

        @Override
        public Integer call() throws IOException {
            if (threshold != null && (threshold < 0 || threshold > 1)) {
                System.err.println("--threshold must be from 0 to 1, not " + threshold);
                return 2;
            }
            List<Proposal> proposals = new ArrayList<>();
            try (Store store = storeOptions.open()) {
                LinkProposer proposer = new LinkProposer(new LocalThings(store.dataset()),
                        new CandidateSearch(endpoint, Duration.ofMillis(Math.round(timeoutSeconds * 1000))));
                for (LinkKind k : kind == null ? List.of(LinkKind.values()) : List.of(kind))
                    proposals.addAll(proposer.propose(k, types));
            }
            try (Writer out = output.toString().equals("-") ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                    : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                ReviewCsv.write(proposals, threshold, out);
            }
            long things = proposals.stream().map(p -> p.thing().iri()).distinct().count();
            long marked = threshold == null ? 0 : proposals.stream().filter(p -> p.score() >= threshold).map(p -> p.thing().iri()).distinct().count();
            System.err.println(proposals.size() + " candidates for " + things + " things" + (output.toString().equals("-") ? "" : " in " + output)
                    + (threshold == null ? "; review them and mark accept=yes, then: regiokg link accept " + output
                       : "; up to " + marked + " pre-marked accept=yes at score >= " + threshold));
            return 0;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = {"Loads the rows of a review file marked accept=yes as owl:sameAs into the graph " + LinkAcceptor.GRAPH + ",",
                    "each with its decision (method, score, date, evidence). A file with any bad row writes nothing."})
    static final class Accept implements Callable<Integer> {
        @Mixin
        StoreOptions storeOptions;

        @Parameters(index = "0", paramLabel = "FILE", description = "The review file from 'regiokg link propose'.")
        Path file;

        @Override
        public Integer call() throws IOException {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); Store store = storeOptions.open()) {
                List<ReviewRow> rows = ReviewCsv.read(file.toString(), in);
                int n = new LinkAcceptor(store.dataset()).accept(file.getFileName().toString(), rows, LocalDate.now());
                System.out.println("Accepted " + n + " link(s) of " + rows.size() + " rows into " + LinkAcceptor.GRAPH);
                return 0;
            } catch (InvalidReviewFile e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}
