package org.regiokg.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.system.Txn;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * What changed for the agency since a date, read from the change log: world market leaders that
 * gained or lost a digital partner ({@code rkg:digitalTie}, derived by rules/digital.rq and recorded
 * in the change sets as derived), and new digital partner candidates (organisations with a digital
 * competence now that had none at the date).
 * <p>
 * Net over the period: a tie added and removed again since the date is no change. Only the change
 * sets created since the date whose summary lists the graph {@code graph/derived/digital} are read,
 * newest first, at most {@link #MAX_CHANGE_SETS} of them and {@link #MAX_BYTES} of patch text (each
 * line is looked at as text; only lines of that graph are parsed); rows are capped by the caller's
 * limit and the totals said. "Now" (names, who is a leader, who is still partnered) is the store as it is.
 */
public final class DigitalPartnerChanges {
    public static final int MAX_CHANGE_SETS = 1000;
    public static final long MAX_BYTES = 1L << 30;
    /** Competence pairs followed through the patches; beyond this the candidates are said to be cut. */
    static final int MAX_PAIRS = 200_000;
    /** Organisations checked against the store for being new candidates, in batches. */
    static final int MAX_CHECKED = 5_000;
    private static final int BATCH = 500;

    static final String DIGITAL_GRAPH = Vocabulary.GRAPH + "derived/digital";
    static final String DIGITAL_TIE = Vocabulary.DEF + "digitalTie";
    static final String DIGITAL_COMPETENCE = Vocabulary.DEF + "digitalCompetence";
    private static final String GRAPH_END = "<" + DIGITAL_GRAPH + "> .";
    // Our own writer's lines (ChangeLog): "A <s> <p> <o> <g> ." with full IRIs; digital facts are IRI to IRI.
    private static final Pattern LINE = Pattern.compile("^([AD]) <([^>]*)> <([^>]*)> <([^>]*)> <[^>]*> \\.$");

    private static final SparqlFile LEADERS = SparqlFile.resource(DigitalPartnerChanges.class, "agency-leaders.rq");
    private static final SparqlFile THINGS = SparqlFile.resource(DigitalPartnerChanges.class, "agency-things.rq");

    private DigitalPartnerChanges() {}

    /** One organisation as it is now. */
    public record Thing(String iri, String name, String town, boolean inRegion, boolean leader, boolean partnered,
                        List<String> digitalCompetences) {}

    /** A world market leader's digital partner, gained or lost since the date, by change set {@code change}. */
    public record TieChange(Thing leader, Thing partner, long change, String created, String who, String why) {}

    /** An organisation with a digital competence now and none at the date, one since change set {@code change}. */
    public record NewCandidate(Thing organisation, List<String> competencesGained, long change, String created, String who, String why) {}

    /** A list of rows, at most the limit, of {@code total} (or, where {@code exact} is false, at least that many). */
    public record Rows<T>(List<T> rows, long total, boolean exact) {}

    /**
     * @param changeSetsSince   change sets created since the date
     * @param changeSetsRead    of them, those read (they touched the digital facts), newest first
     * @param changeSetsNotRead of them, those left unread by the caps (the oldest)
     * @param firstChange       the oldest change set since the date (0 when none)
     * @param lastChange        when the newest change set of the whole log was made (null before the first)
     * @param logStart          when the log's first change set was made: what the store held then counts as added then
     * @param history           whether this store keeps a change log at all (not over a remote store)
     */
    public record Report(long version, String since, String region, int limit, boolean history, String logStart,
                         long changeSetsSince, long changeSetsRead,
                         long changeSetsNotRead, long bytesRead, long firstChange, String lastChange,
                         Rows<TieChange> gained, Rows<TieChange> lost, Rows<NewCandidate> candidates) {}

    private record Pair(String s, String o) {}

    /** The events of one fact over the period: the newest and the oldest (events of one fact alternate). */
    private static final class Events {
        final boolean newestAdded;
        final ChangeSet newest;
        boolean oldestAdded;

        Events(boolean added, ChangeSet set) {
            this.newestAdded = added;
            this.newest = set;
            this.oldestAdded = added;
        }

        /** Present now and absent at the date: its newest and its oldest event both added it. */
        boolean gained() {
            return newestAdded && oldestAdded;
        }

        boolean lost() {
            return !newestAdded && !oldestAdded;
        }
    }

    /**
     * What changed since {@code since} (inclusive) for the leaders (those seated in {@code region},
     * when given) and candidates, at most {@code limit} rows per list.
     */
    public static Report since(DatasetGraph data, ChangeLog log, Instant since, Optional<String> region, String sinceText, int limit) {
        return of(data, log, set -> !set.created().isBefore(since), region, sinceText, limit);
    }

    /** The same for the change sets after version {@code after} (what changed since the reader last looked at version N). */
    public static Report after(DatasetGraph data, ChangeLog log, long after, Optional<String> region, int limit) {
        return of(data, log, set -> set.sequence() > after, region, "version " + after, limit);
    }

    private static Report of(DatasetGraph data, ChangeLog log, java.util.function.Predicate<ChangeSet> inPeriod, Optional<String> region,
                             String sinceText, int limit) {
        Node regionNode = region.map(NodeFactory::createURI).orElse(null);
        Set<String> leaders = new HashSet<>();
        Map<String, Node> args = new HashMap<>();
        args.put("region", regionNode);
        Txn.executeRead(data, () -> LEADERS.select(data, args, row -> leaders.add(row.get("org").getURI())));

        List<ChangeSet> newestFirst = log.newestAfter(0);
        Map<Pair, Events> ties = new HashMap<>();
        Map<Pair, Events> competences = new HashMap<>();
        long setsSince = 0, read = 0, notRead = 0, bytes = 0, first = 0;
        boolean pairsCut = false;
        for (ChangeSet set : newestFirst) {
            if (!inPeriod.test(set)) break;
            setsSince++;
            first = set.sequence();
            if (!set.graphs().containsKey(DIGITAL_GRAPH)) continue;
            if (read >= MAX_CHANGE_SETS || bytes + set.bytes() > MAX_BYTES) {
                notRead++;
                continue;
            }
            read++;
            bytes += set.bytes();
            pairsCut |= scan(log, set, leaders, ties, competences);
        }

        Comparator<Map.Entry<Pair, Events>> newestThenIri = Comparator
                .comparing((Map.Entry<Pair, Events> e) -> -e.getValue().newest.sequence())
                .thenComparing(e -> e.getKey().s()).thenComparing(e -> e.getKey().o());
        List<Map.Entry<Pair, Events>> gained = ties.entrySet().stream().filter(e -> e.getValue().gained()).sorted(newestThenIri).toList();
        List<Map.Entry<Pair, Events>> lost = ties.entrySet().stream().filter(e -> e.getValue().lost()).sorted(newestThenIri).toList();
        List<Map.Entry<Pair, Events>> gainedShown = gained.subList(0, Math.min(limit, gained.size()));
        List<Map.Entry<Pair, Events>> lostShown = lost.subList(0, Math.min(limit, lost.size()));

        Set<String> shownThings = new HashSet<>();
        for (var e : gainedShown) { shownThings.add(e.getKey().s()); shownThings.add(e.getKey().o()); }
        for (var e : lostShown) { shownThings.add(e.getKey().s()); shownThings.add(e.getKey().o()); }
        Map<String, Thing> things = things(data, shownThings, regionNode);

        Rows<NewCandidate> candidates = candidates(data, competences, regionNode, limit, pairsCut);
        String last = newestFirst.isEmpty() ? null : newestFirst.get(0).created().toString();
        String start = newestFirst.isEmpty() ? null : newestFirst.get(newestFirst.size() - 1).created().toString();
        return new Report(log.version(), sinceText, region.orElse(null), limit, log != ChangeLog.none(), start, setsSince, read, notRead, bytes, first, last,
                new Rows<>(gainedShown.stream().map(e -> tie(e, things)).toList(), gained.size(), notRead == 0),
                new Rows<>(lostShown.stream().map(e -> tie(e, things)).toList(), lost.size(), notRead == 0),
                candidates);
    }

    /** Reads one patch's lines of the digital graph; true when the competence pairs reached their cap. */
    private static boolean scan(ChangeLog log, ChangeSet set, Set<String> leaders, Map<Pair, Events> ties, Map<Pair, Events> competences) {
        boolean cut = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(log.patch(set.sequence()), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty() || (line.charAt(0) != 'A' && line.charAt(0) != 'D') || !line.endsWith(GRAPH_END)) continue;
                Matcher m = LINE.matcher(line);
                if (!m.matches()) continue;
                boolean added = m.group(1).equals("A");
                String s = m.group(2), p = m.group(3), o = m.group(4);
                if (p.equals(DIGITAL_TIE) && leaders.contains(s)) note(ties, new Pair(s, o), added, set);
                else if (p.equals(DIGITAL_COMPETENCE)) {
                    Pair pair = new Pair(s, o);
                    if (competences.size() < MAX_PAIRS || competences.containsKey(pair)) note(competences, pair, added, set);
                    else cut = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read change set " + set.sequence(), e);
        }
        return cut;
    }

    /** Change sets come newest first: the first event seen of a fact is its newest, the last its oldest. */
    private static void note(Map<Pair, Events> events, Pair pair, boolean added, ChangeSet set) {
        Events e = events.get(pair);
        if (e == null) events.put(pair, new Events(added, set));
        else e.oldestAdded = added;
    }

    private static TieChange tie(Map.Entry<Pair, Events> e, Map<String, Thing> things) {
        ChangeSet set = e.getValue().newest;
        return new TieChange(thing(things, e.getKey().s()), thing(things, e.getKey().o()), set.sequence(),
                set.created().toString(), set.by().who(), set.by().why());
    }

    private static Thing thing(Map<String, Thing> things, String iri) {
        return things.getOrDefault(iri, new Thing(iri, null, null, false, false, false, List.of()));
    }

    /**
     * Organisations whose digital competences at the date were none: every competence they have now
     * was added since (and none was removed since), newest first; checked against the store in batches.
     */
    private static Rows<NewCandidate> candidates(DatasetGraph data, Map<Pair, Events> competences, Node region, int limit, boolean pairsCut) {
        Map<String, List<String>> gained = new LinkedHashMap<>();
        Map<String, ChangeSet> since = new HashMap<>();
        Set<String> hadBefore = new HashSet<>();
        competences.forEach((pair, ev) -> {
            if (!ev.oldestAdded) hadBefore.add(pair.s());   // its oldest event removed it: it was there at the date
            if (ev.gained()) {
                gained.computeIfAbsent(pair.s(), k -> new ArrayList<>()).add(pair.o());
                // continuously digital since the earliest of its concepts' newest additions
                since.merge(pair.s(), ev.newest, (a, b) -> a.sequence() <= b.sequence() ? a : b);
            }
        });
        List<String> orgs = gained.keySet().stream().filter(o -> !hadBefore.contains(o))
                .sorted(Comparator.comparing((String o) -> -since.get(o).sequence()).thenComparing(o -> o)).toList();
        List<NewCandidate> rows = new ArrayList<>();
        long found = 0;
        int checked = 0;
        for (; checked < orgs.size() && checked < MAX_CHECKED && rows.size() < limit; checked += BATCH) {
            List<String> batch = orgs.subList(checked, Math.min(orgs.size(), checked + BATCH));
            Map<String, Thing> now = things(data, new HashSet<>(batch), region);
            for (String org : batch) {
                Thing t = now.get(org);
                if (t == null || t.digitalCompetences().isEmpty()) continue;
                // new: nothing of what it has now was there at the date
                if (!slugs(gained.get(org)).containsAll(t.digitalCompetences())) continue;
                if (region != null && !t.inRegion()) continue;
                found++;
                ChangeSet set = since.get(org);
                if (rows.size() < limit)
                    rows.add(new NewCandidate(t, slugs(gained.get(org)),
                            set.sequence(), set.created().toString(), set.by().who(), set.by().why()));
            }
        }
        boolean exact = !pairsCut && checked >= orgs.size();
        return new Rows<>(rows, found, exact);
    }

    /** Concepts by their slugs (the last part of the IRI), as agency-things.rq gives them. */
    private static List<String> slugs(List<String> concepts) {
        return concepts.stream().map(c -> c.substring(c.lastIndexOf('/') + 1)).sorted().toList();
    }

    /** The organisations as they are now (agency-things.rq), by IRI. */
    private static Map<String, Thing> things(DatasetGraph data, Set<String> iris, Node region) {
        Map<String, Thing> out = new HashMap<>();
        if (iris.isEmpty()) return out;
        Query query = QueryFactory.create(THINGS.query().serialize(), Syntax.syntaxARQ);   // a copy to fill
        ElementData values = valuesOf(query);
        Var thing = Var.alloc("thing");
        iris.stream().sorted().forEach(i -> values.add(BindingFactory.binding(thing, NodeFactory.createURI(i))));
        Txn.executeRead(data, () -> {
            var exec = QueryExec.dataset(data).query(query);
            if (region != null) exec.substitution(Var.alloc("region"), region);
            exec.select().forEachRemaining(row -> {
                Thing t = new Thing(row.get("thing").getURI(), text(row, "name"), text(row, "town"), bool(row, "inRegion"),
                        bool(row, "leader"), bool(row, "partnered"),
                        text(row, "digitalCompetences") == null || text(row, "digitalCompetences").isBlank() ? List.of()
                                : List.of(text(row, "digitalCompetences").trim().split("\\s+")));
                out.put(t.iri(), t);
            });
        });
        return out;
    }

    private static ElementData valuesOf(Query query) {
        for (var el : ((ElementGroup) query.getQueryPattern()).getElements())
            if (el instanceof ElementData d) return d;
        throw THINGS.problem(null, "has no VALUES ?thing { } block first in its pattern");
    }

    private static String text(Binding row, String var) {
        Node n = row.get(var);
        return n == null ? null : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    private static boolean bool(Binding row, String var) {
        return "true".equals(text(row, var));
    }
}
