package org.outagepredictor.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;

/** State backends for harness tests, made from configuration as a cluster makes them. */
public final class StateBackends {

    private StateBackends() {}

    /** Embedded RocksDB, the backend the job runs on. */
    public static StateBackend rocksDb() throws Exception {
        Configuration config = new Configuration();
        config.setString("state.backend.type", "rocksdb");
        return StateBackendLoader.loadStateBackendFromConfig(
                config, StateBackends.class.getClassLoader(), null);
    }

    /** The heap backend, which keeps the objects written and snapshots them asynchronously. */
    public static StateBackend hashMap() throws Exception {
        Configuration config = new Configuration();
        config.setString("state.backend.type", "hashmap");
        return StateBackendLoader.loadStateBackendFromConfig(
                config, StateBackends.class.getClassLoader(), null);
    }
}
