package org.regiokg.layers;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;

/**
 * A layer of the store's dataset (a wrapper that keeps something in step with the data: the name
 * index, the derived facts, the change log) that must hear of the quads a bulk writer puts into the
 * bare store beneath it, inside a write transaction of the dataset. A bulk writer asks
 * {@link #in(DatasetGraph)} for every such layer of the chain, so a new layer is told by implementing
 * this, not by each bulk writer knowing it.
 */
public interface WrittenBeneath {
    /** Notes a quad about to be written to the store beneath this layer (called before it is written). */
    void written(Node g, Node s, Node p, Node o);

    /** Every layer of {@code ds}'s chain of wrappers that must hear of writes beneath it, outermost first, as one. */
    static WrittenBeneath in(DatasetGraph ds) {
        List<WrittenBeneath> layers = new ArrayList<>();
        for (DatasetGraph d = ds; d != null; d = d instanceof DatasetGraphWrapper w ? w.getWrapped() : null)
            if (d instanceof WrittenBeneath layer) layers.add(layer);
        WrittenBeneath[] all = layers.toArray(WrittenBeneath[]::new);
        return (g, s, p, o) -> {
            for (WrittenBeneath layer : all) layer.written(g, s, p, o);
        };
    }
}
