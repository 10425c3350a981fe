package org.regiokg.server;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

import io.javalin.http.Context;

import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.regiokg.http.Offer;
import org.regiokg.link.DumpFormat;

/** The whole dataset as one file, in each of the {@link DumpFormat}s; VoID lists them as its dumps. */
final class DumpApi {
    static final List<Offer> FORMATS = Arrays.stream(DumpFormat.values())
            .map(f -> new Offer(f.mediaType(), f.names())).toList();

    private final DatasetGraph dataset;

    DumpApi(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    void dump(Context ctx, Offer format) throws Exception {
        DumpFormat dump = Arrays.stream(DumpFormat.values()).filter(f -> f.mediaType().equals(format.mediaType())).findFirst().orElseThrow();
        ctx.contentType(format.mediaType() + "; charset=utf-8");
        ctx.header("Content-Disposition", "inline; filename=\"regiokg." + dump.names().get(0) + "\"");
        if (ctx.method().name().equals("HEAD")) return;
        OutputStream out = ctx.outputStream();
        Txn.executeRead(dataset, () -> {
            if (dump.quads()) RDFDataMgr.write(out, dataset, dump.rdfFormat());
            else RDFDataMgr.write(out, dataset.getUnionGraph(), dump.rdfFormat());
        });
    }
}
