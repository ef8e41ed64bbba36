package org.outagepredictor.testutils;

import org.outagepredictor.evaluate.MemorySink;

/**
 * Collects a job's output in the test's JVM, for tests on a MiniCluster. Each sink instance has its
 * own id, so tests that run at the same time do not see each other's records.
 */
public class CollectingSink<T> extends MemorySink<T> {

    private static final long serialVersionUID = 1L;
}
