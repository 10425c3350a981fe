package org.regiokg.questions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.regiokg.sparql.SparqlFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The questions in a folder of {@code .rq} files. The folder is looked at again on every use and
 * re-read when a file was added, changed or removed, so a new file is a new operation at once.
 * A file that cannot be used is left out, and {@link #problems()} says why.
 */
public final class QuestionCatalogue {
    private static final Logger LOG = LoggerFactory.getLogger(QuestionCatalogue.class);

    private final Path dir;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), List.of());

    private record Snapshot(Map<Path, FileTime> stamps, Map<String, Question> questions, List<String> problems) {}

    /** Reads the folder when first used (or when {@link #readAhead()} is called). */
    public QuestionCatalogue(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts reading the folder on a thread of its own, so that a server's start does the rest of its
     * work meanwhile (the parse is about half a second of a cold JVM); the first use waits for it.
     */
    public QuestionCatalogue readAhead() {
        org.regiokg.startup.StartupTasks.run(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                LOG.debug("Questions not read ahead: {}", e.toString());  // the first use reads again and reports
            }
        });
        return this;
    }

    public Path directory() {
        return dir;
    }

    public List<Question> all() {
        return List.copyOf(refresh().questions.values());
    }

    public Optional<Question> find(String name) {
        return Optional.ofNullable(refresh().questions.get(name));
    }

    /** The files left out, each with its reason. */
    public List<String> problems() {
        return refresh().problems;
    }

    private Snapshot refresh() {
        Map<Path, FileTime> stamps = stamps();
        Snapshot current = snapshot;
        if (current.stamps.equals(stamps)) return current;
        synchronized (this) {
            if (snapshot.stamps.equals(stamps)) return snapshot;
            Map<String, Question> questions = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            for (Path file : stamps.keySet()) {
                try {
                    Question q = QuestionParser.parse(file);
                    questions.put(q.name(), q);
                } catch (SparqlFileException e) {
                    problems.add(e.getMessage());
                    LOG.error("Question left out: {}", e.getMessage());
                }
            }
            snapshot = new Snapshot(stamps, Collections.unmodifiableMap(questions), List.copyOf(problems));
            LOG.info("{} questions from {}", questions.size(), dir);
            return snapshot;
        }
    }

    private Map<Path, FileTime> stamps() {
        if (!Files.isDirectory(dir)) return Map.of();
        Map<Path, FileTime> stamps = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".rq"))
                               .sorted(Comparator.comparing(Path::toString)).toList())
                stamps.put(f, Files.getLastModifiedTime(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return stamps;
    }
}
