package org.regiokg.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Written answers of the question API, kept until the data changes: the key includes the data's
 * version, so a write makes every entry unreachable (and the least recently used go first).
 */
final class AnswerCache {
    /** A written answer with the headers that go with it. */
    record Entry(byte[] body, String contentType, String link) {}

    private static final int MAX_ENTRIES = 512;
    private static final int MAX_BYTES = 4 << 20;

    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized Entry get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, Entry entry) {
        if (entry.body().length <= MAX_BYTES) entries.put(key, entry);
    }
}
