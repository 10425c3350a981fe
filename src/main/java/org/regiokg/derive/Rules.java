package org.regiokg.derive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The derivation rules in the order they run: each after the rules it names in {@code after}, else
 * by name. Read from {@code rules/*.rq} (packaged on the class path from the project's rules/ folder).
 */
public final class Rules {
    private static volatile List<Rule> packaged;

    private Rules() {}

    /** The rules packaged with RegioKG (read once). */
    public static List<Rule> packaged() {
        List<Rule> rules = packaged;
        if (rules == null) packaged = rules = fromClassPath();
        return rules;
    }

    /** The rules in a folder. */
    public static List<Rule> from(Path dir) {
        List<Rule> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".rq")).sorted().toList()) {
                String file = f.getFileName().toString();
                rules.add(Rule.parse(file.substring(0, file.length() - 3), Files.readString(f, StandardCharsets.UTF_8), "rules/" + file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ordered(rules);
    }

    private static List<Rule> fromClassPath() {
        URL url = Rules.class.getClassLoader().getResource("rules");
        if (url == null) return List.of();
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) return from(Path.of(uri));
            // The jar the class loader has open already: its entry list, not a zip file system over
            // the whole jar (opening one read the 60 MB jar's directory again at every start).
            var connection = (java.net.JarURLConnection) url.openConnection();
            connection.setUseCaches(true);
            var jar = connection.getJarFile();
            List<Rule> rules = new ArrayList<>();
            for (var entry : jar.stream().filter(e -> e.getName().startsWith("rules/") && e.getName().endsWith(".rq"))
                    .sorted(java.util.Comparator.comparing(java.util.jar.JarEntry::getName)).toList()) {
                String file = entry.getName().substring("rules/".length());
                if (file.contains("/")) continue;
                try (var in = jar.getInputStream(entry)) {
                    rules.add(Rule.parse(file.substring(0, file.length() - 3), new String(in.readAllBytes(), StandardCharsets.UTF_8), "rules/" + file));
                }
            }
            return ordered(rules);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Orders the rules so that each comes after those it reads; by name otherwise. */
    static List<Rule> ordered(List<Rule> rules) {
        Map<String, Rule> byName = new LinkedHashMap<>();
        rules.forEach(r -> byName.put(r.name(), r));
        List<Rule> out = new ArrayList<>();
        List<String> visiting = new ArrayList<>();
        for (Rule r : rules) visit(r, byName, out, visiting);
        return List.copyOf(out);
    }

    private static void visit(Rule r, Map<String, Rule> byName, List<Rule> out, List<String> visiting) {
        if (out.contains(r)) return;
        if (visiting.contains(r.name())) throw new IllegalArgumentException("rules/" + r.name() + ".rq: its 'after' goes round in a circle: " + visiting);
        visiting.add(r.name());
        for (String before : r.after()) {
            Rule b = byName.get(before);
            if (b == null) throw new IllegalArgumentException("rules/" + r.name() + ".rq: after '" + before + "', but there is no rules/" + before + ".rq");
            visit(b, byName, out, visiting);
        }
        visiting.remove(r.name());
        out.add(r);
    }
}
