package org.outagepredictor.testutils;

import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * Counts keyed state in a harness on any backend. The harness's own {@code numKeyedStateEntries}
 * works only on the heap backend; this asks the backend for the keys that hold a named state.
 */
public final class KeyedStates {

    private KeyedStates() {}

    public static long count(AbstractStreamOperatorTestHarness<?> harness, String stateName) {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        try (Stream<Object> keys = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }
}
