package org.regiokg.history;

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

/**
 * What changed for the agency since a date, read from the change log: world market leaders that
 * gained or lost a digital partner ({@code rkg:digitalTie}, derived by rules/digital.rq and recorded
 * in the change sets as derived), and new digital partner candidates (organisations with a digital
 * competence now that had none at the date).
 * <p>
 * Net over the period: a tie added and removed again since the date is no change. Only the change
 * sets created since the date whose summary lists the graph {@code graph/derived/digital} are read
 * ({@link DigitalFacts}), newest first, at most {@link #MAX_CHANGE_SETS} of them and {@link #MAX_BYTES}
 * of patch text; rows are capped by the caller's limit and the totals said. "Now" (names, who is a leader, who is still partnered) is the store as it is.
 */
public final class DigitalPartnerChanges {
    public static final int MAX_CHANGE_SETS = 1000;
    public static final long MAX_BYTES = 1L << 30;
    /** Competence pairs followed through the patches; beyond this the candidates are said to be cut. */
    static final int MAX_PAIRS = 200_000;
    /** Organisations that gained a digital competence looked up for their seat (one index look-up each), newest first. */
    static final int MAX_CHECKED = 2_000;
    private static final int BATCH = 100;

    static final String DIGITAL_GRAPH = DigitalFacts.DIGITAL_GRAPH;

    private static final SparqlFile LEADERS = SparqlFile.resource(DigitalPartnerChanges.class, "agency-leaders.rq");
    private static final SparqlFile THINGS = SparqlFile.resource(DigitalPartnerChanges.class, "agency-things.rq");
    private static final SparqlFile IN_REGION = SparqlFile.resource(DigitalPartnerChanges.class, "agency-in-region.rq");

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
     * @param readMillis        time spent reading the change sets (the rest is looking things up in the store)
     * @param millis            time spent in all
     */
    public record Report(long version, String since, String region, int limit, boolean history, String logStart,
                         long changeSetsSince, long changeSetsRead,
                         long changeSetsNotRead, long bytesRead, long firstChange, String lastChange,
                         long readMillis, long millis, Rows<TieChange> gained, Rows<TieChange> lost, Rows<NewCandidate> candidates) {}

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
        long started = System.nanoTime();
        Node regionNode = region.map(NodeFactory::createURI).orElse(null);
        List<ChangeSet> newestFirst = log.newestAfter(0);
        boolean anyDigital = newestFirst.stream().takeWhile(inPeriod).anyMatch(set -> set.graphs().containsKey(DIGITAL_GRAPH));
        Set<String> leaders = anyDigital ? leaders(data, log, regionNode) : Set.of();

        Map<Pair, Events> ties = new HashMap<>();
        Map<Pair, Events> competences = new HashMap<>();
        long setsSince = 0, read = 0, notRead = 0, bytes = 0, first = 0;
        boolean pairsCut = false;
        long reading = System.nanoTime();
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
        long readMillis = (System.nanoTime() - reading) / 1_000_000;

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
                readMillis, (System.nanoTime() - started) / 1_000_000,
                new Rows<>(gainedShown.stream().map(e -> tie(e, things)).toList(), gained.size(), notRead == 0),
                new Rows<>(lostShown.stream().map(e -> tie(e, things)).toList(), lost.size(), notRead == 0),
                candidates);
    }

    private record LeadersKey(ChangeLog log, long version, Node region) {}

    /** The last few answers of agency-leaders.rq, by data version: the page asks again with every day or region chosen. */
    private static final Map<LeadersKey, Set<String>> LEADERS_CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LeadersKey, Set<String>> eldest) {
            return size() > 8;
        }
    };

    private static Set<String> leaders(DatasetGraph data, ChangeLog log, Node region) {
        LeadersKey key = new LeadersKey(log, log.version(), region);
        synchronized (LEADERS_CACHE) {
            Set<String> hit = LEADERS_CACHE.get(key);
            if (hit != null) return hit;
        }
        Set<String> leaders = new HashSet<>();
        Map<String, Node> args = new HashMap<>();
        args.put("region", region);
        Txn.executeRead(data, () -> LEADERS.select(data, args, row -> leaders.add(row.get("org").getURI())));
        // the version is read before the query: a write meanwhile makes a new key, never a stale hit
        synchronized (LEADERS_CACHE) {
            LEADERS_CACHE.put(key, Set.copyOf(leaders));
        }
        return leaders;
    }

    /** Notes one change set's digital facts; true when the competence pairs reached their cap. */
    private static boolean scan(ChangeLog log, ChangeSet set, Set<String> leaders, Map<Pair, Events> ties, Map<Pair, Events> competences) {
        boolean cut = false;
        for (DigitalFacts.Fact f : DigitalFacts.of(log, set.sequence())) {
            if (f.tie()) {
                if (leaders.contains(f.subject())) note(ties, new Pair(f.subject(), f.object()), f.added(), set);
                continue;
            }
            Pair pair = new Pair(f.subject(), f.object());
            if (competences.size() < MAX_PAIRS || competences.containsKey(pair)) note(competences, pair, f.added(), set);
            else cut = true;
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
        List<String> gainedOnly = gained.keySet().stream().filter(o -> !hadBefore.contains(o))
                .sorted(Comparator.comparing((String o) -> -since.get(o).sequence()).thenComparing(o -> o)).toList();
        // with a region, first which of them are seated there (a look-up each), then the rest only for those
        List<String> checked = gainedOnly.subList(0, Math.min(gainedOnly.size(), MAX_CHECKED));
        boolean allChecked = checked.size() == gainedOnly.size();
        List<String> orgs = region == null ? checked : inRegion(data, checked, region);
        List<NewCandidate> rows = new ArrayList<>();
        long found = 0;
        int looked = 0;
        for (; looked < orgs.size() && rows.size() < limit; looked += BATCH) {
            List<String> batch = orgs.subList(looked, Math.min(orgs.size(), looked + BATCH));
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
        boolean exact = !pairsCut && allChecked && looked >= orgs.size();
        return new Rows<>(rows, found, exact);
    }

    /** Those of {@code orgs} seated in the region, in their order. */
    private static List<String> inRegion(DatasetGraph data, List<String> orgs, Node region) {
        if (orgs.isEmpty()) return orgs;
        Query query = QueryFactory.create(IN_REGION.query().serialize(), Syntax.syntaxARQ);   // a copy to fill
        ElementData values = valuesOf(query, IN_REGION);
        Var org = Var.alloc("org");
        orgs.forEach(i -> values.add(BindingFactory.binding(org, NodeFactory.createURI(i))));
        Set<String> seated = new HashSet<>();
        Txn.executeRead(data, () -> QueryExec.dataset(data).query(query).substitution(Var.alloc("region"), region).select()
                .forEachRemaining(row -> seated.add(row.get("org").getURI())));
        return orgs.stream().filter(seated::contains).toList();
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
        ElementData values = valuesOf(query, THINGS);
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

    private static ElementData valuesOf(Query query, SparqlFile file) {
        for (var el : ((ElementGroup) query.getQueryPattern()).getElements())
            if (el instanceof ElementData d) return d;
        throw file.problem(null, "has no VALUES block at the top of its pattern");
    }

    private static String text(Binding row, String var) {
        Node n = row.get(var);
        return n == null ? null : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    private static boolean bool(Binding row, String var) {
        return "true".equals(text(row, var));
    }
}
