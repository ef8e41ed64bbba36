package org.outagepredictor.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.event.OpsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for reliability tests, in the job only when {@value #KEY} is set (as Flink's own
 * end-to-end tests have their {@code FailureMapper} behind a flag): passes events through and fails
 * the task at the configured points, one per attempt. Attempt {@code i} (the task's attempt number,
 * which grows with every restart) carries out failure {@code i} of the list:
 *
 * <ul>
 *   <li>{@code events:N}: throw once this subtask has passed on N events in all, counted across
 *       restores (the count is operator state, so a restored attempt continues from its checkpoint
 *       and fails further on);
 *   <li>{@code snapshot:N}: throw in {@code snapshotState} of the first checkpoint after this
 *       subtask has passed on N events, which fails the checkpoint and, with no failed checkpoints
 *       tolerated, the job.
 * </ul>
 *
 * <p>Every subtask fails at its own count; the first to fail restarts the job. Each injected
 * failure is logged at WARN before it is thrown.
 */
public class FailureInjector extends RichMapFunction<OpsEvent, OpsEvent>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(FailureInjector.class);

    public static final String KEY = "test.failures";

    public static final ConfigOption<List<String>> FAILURES =
            ConfigOptions.key(KEY)
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Fault injection for reliability tests only: failures such as"
                                    + " events:25000;snapshot:50000;events:75000, carried out one"
                                    + " per task attempt, in order (events:N once a subtask has"
                                    + " passed on N events, counted across restores; snapshot:N"
                                    + " in the first checkpoint after that). Empty: no injector"
                                    + " in the job.");

    private final List<Failure> failures;

    private transient ListState<Long> countState;
    private transient long count;
    private transient Failure due;

    /**
     * @throws IllegalArgumentException if an entry is not {@code events:N} or {@code snapshot:N}
     */
    public FailureInjector(List<String> failures) {
        List<Failure> parsed = new ArrayList<>();
        for (String entry : failures) {
            parsed.add(Failure.parse(entry));
        }
        this.failures = List.copyOf(parsed);
    }

    @Override
    public void open(OpenContext openContext) {
        int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        due = attempt < failures.size() ? failures.get(attempt) : null;
    }

    @Override
    public OpsEvent map(OpsEvent event) {
        count++;
        if (due != null && due.events && count >= due.at) {
            fail("after " + count + " events");
        }
        return event;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (due != null && !due.events && count >= due.at) {
            fail("in checkpoint " + context.getCheckpointId() + " after " + count + " events");
        }
        countState.update(List.of(count));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        countState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("events-passed", Types.LONG));
        count = 0;
        for (Long restored : countState.get()) {
            count += restored;
        }
    }

    private void fail(String where) {
        String message =
                String.format(
                        Locale.ROOT,
                        "Injected failure %s of subtask %d, attempt %d (%s)",
                        due,
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                        getRuntimeContext().getTaskInfo().getAttemptNumber(),
                        where);
        due = null;
        LOG.warn(message);
        throw new InjectedFailure(message);
    }

    /** The exception an injected failure throws, so that logs tell it from a real one. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }

    private static final class Failure implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        final boolean events;
        final long at;

        private Failure(boolean events, long at) {
            this.events = events;
            this.at = at;
        }

        static Failure parse(String entry) {
            String[] parts = entry.trim().split(":", -1);
            Preconditions.checkArgument(
                    parts.length == 2
                            && (parts[0].equals("events") || parts[0].equals("snapshot"))
                            && parts[1].matches("\\d+"),
                    "%s entries are events:N or snapshot:N, was '%s'",
                    KEY,
                    entry);
            return new Failure(parts[0].equals("events"), Long.parseLong(parts[1]));
        }

        @Override
        public String toString() {
            return (events ? "events:" : "snapshot:") + at;
        }
    }
}
