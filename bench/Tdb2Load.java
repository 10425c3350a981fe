// java -Xmx4g -cp target/regiokg.jar bench/Tdb2Load.java phased|basic|parallel STORE FILE BASEDIR  (BENCHMARKS.md, "Loading and starting")
import java.nio.file.Path;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.apache.jena.system.progress.MonitorOutputs;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Store;

/** TDB2's own loaders (phased = LoaderFactory.createLoader's default, basic, parallel) on a new store with the curated content. */
public class Tdb2Load {
    public static void main(String[] a) {
        String kind = a[0];
        Path store = Path.of(a[1]);
        String file = a[2];
        try (Store s = Store.tdb2(store)) {
            new CuratedContent(Path.of(a[3])).loadInto(s);
            long t = System.nanoTime();
            // TDB2's loaders take TDB2's own dataset, not the layers over it (the rules derive at the store's next opening).
            DataLoader loader = switch (kind) {
                case "basic" -> LoaderFactory.basicLoader(s.storage(), MonitorOutputs.nullOutput());
                case "parallel" -> LoaderFactory.parallelLoader(s.storage(), MonitorOutputs.nullOutput());
                default -> LoaderFactory.createLoader(s.storage(), MonitorOutputs.nullOutput());
            };
            loader.startBulk();
            loader.load(file);
            loader.finishBulk();
            double sec = (System.nanoTime() - t) / 1e9;
            long n = loader.countQuads() + loader.countTriples();
            System.out.printf("TDB2 %s loader: %,d quads in %.1f s, %,.0f quads/s%n", kind, n, sec, n / sec);
        }
    }
}
