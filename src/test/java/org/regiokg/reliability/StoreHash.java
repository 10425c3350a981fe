package org.regiokg.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;

/** The state of a store as one value: SHA-256 of its N-Quads export, lines sorted (the order of a dump is not part of the state). */
public final class StoreHash {
    private StoreHash() {}

    public static String of(DatasetGraph dataset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Txn.executeRead(dataset, () -> RDFDataMgr.write(out, dataset, Lang.NQUADS));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        java.util.Arrays.sort(lines);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            return lines.length + " quads, sha256 " + HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
