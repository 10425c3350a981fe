package org.regiokg.remote;

/** The way in: a dataset over a remote store, with Jena told how to run whole queries and updates there. */
public final class Remote {
    private Remote() {}

    public static RemoteDataset dataset(RemoteEndpoint endpoint) {
        RemoteQueryEngine.install();
        RemoteUpdateEngine.install();
        return RemoteDataset.over(endpoint);
    }
}
