package org.regiokg.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A closed TDB2 store's folder (data, change log, name index, stamps, kept count) as one zip, and
 * back. TDB2's files are mostly zeros (8 MB each, sparse); each is kept up to its last byte that is
 * not zero and given its length again as a sparse file. Files keep their order in time (the stamps
 * say "no data file is newer than me"): restored times are now minus their distance from the newest.
 * A restore is made in a hidden folder beside the target and moved into place in one rename, so a
 * kill leaves either no store or the whole one.
 */
public final class StoreSnapshot {
    private static final String MANIFEST = "snapshot.properties";
    /** Locks belong to a process, not to the data. */
    private static final Set<String> LOCKS = Set.of("tdb.lock", "write.lock");

    private StoreSnapshot() {}

    /** Writes the closed store in {@code storeDir} to {@code zip}, labelled with {@code fingerprint}. */
    public static void write(Path storeDir, Path zip, String fingerprint) {
        try (Stream<Path> walk = Files.walk(storeDir)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(f -> !LOCKS.contains(f.getFileName().toString())).sorted().toList();
            Properties manifest = new Properties();
            manifest.setProperty("fingerprint", fingerprint);
            for (Path f : files) {
                String name = name(storeDir, f);
                manifest.setProperty("length." + name, Long.toString(Files.size(f)));
                manifest.setProperty("time." + name, Long.toString(Files.getLastModifiedTime(f).toMillis()));
            }
            Files.createDirectories(zip.toAbsolutePath().getParent());
            Path partial = zip.resolveSibling(zip.getFileName() + ".part");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
                out.putNextEntry(new ZipEntry(MANIFEST));
                manifest.store(out, null);
                out.closeEntry();
                for (Path f : files) {
                    out.putNextEntry(new ZipEntry(name(storeDir, f)));
                    byte[] bytes = Files.readAllBytes(f);
                    out.write(bytes, 0, withoutTrailingZeros(bytes));
                    out.closeEntry();
                }
            }
            Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot of " + storeDir + " to " + zip, e);
        }
    }

    /** The fingerprint a snapshot was labelled with. */
    public static String fingerprint(InputStream zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(zip)) {
            return manifest(in).getProperty("fingerprint");
        }
    }

    /**
     * Makes {@code storeDir} (absent or an empty folder) from the snapshot, if it is labelled with
     * {@code fingerprint}; false (and nothing written) otherwise.
     */
    public static boolean restore(InputStream zip, String fingerprint, Path storeDir) throws IOException {
        Path target = storeDir.toAbsolutePath().normalize();
        String hidden = "." + target.getFileName() + ".restoring-";
        try (ZipInputStream in = new ZipInputStream(zip)) {
            Properties manifest = manifest(in);
            if (!fingerprint.equals(manifest.getProperty("fingerprint"))) return false;
            Files.createDirectories(target.getParent());
            removeLeftovers(target.getParent(), hidden);
            Path staging = Files.createTempDirectory(target.getParent(), hidden);
            if (Files.getFileStore(staging).supportsFileAttributeView("posix"))   // as a folder TDB2 makes, not private
                Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path file = staging.resolve(e.getName()).normalize();
                if (!file.startsWith(staging)) throw new IOException("entry outside the store: " + e.getName());
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(Long.parseLong(manifest.getProperty("length." + e.getName())));  // the zeros, as a hole
                }
            }
            setTimes(staging, manifest);
            // Over an empty folder, rename(2) replaces it; a kill before this line leaves only the hidden folder.
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private static void setTimes(Path dir, Properties manifest) throws IOException {
        long newest = manifest.stringPropertyNames().stream().filter(k -> k.startsWith("time."))
                .mapToLong(k -> Long.parseLong(manifest.getProperty(k))).max().orElse(0);
        long now = System.currentTimeMillis();
        for (String key : manifest.stringPropertyNames())
            if (key.startsWith("time.")) {
                long at = now - (newest - Long.parseLong(manifest.getProperty(key)));
                Files.setLastModifiedTime(dir.resolve(key.substring("time.".length())), FileTime.fromMillis(at));
            }
    }

    /** Hidden folders of restores that were killed. */
    private static void removeLeftovers(Path parent, String prefix) throws IOException {
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList())
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
                }
        }
    }

    private static Properties manifest(ZipInputStream in) throws IOException {
        ZipEntry first = in.getNextEntry();
        if (first == null || !first.getName().equals(MANIFEST)) throw new IOException("not a store snapshot: no " + MANIFEST + " first");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        Properties p = new Properties();
        p.load(new java.io.StringReader(bytes.toString(StandardCharsets.ISO_8859_1)));
        return p;
    }

    private static String name(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static int withoutTrailingZeros(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) end--;
        return end;
    }
}
