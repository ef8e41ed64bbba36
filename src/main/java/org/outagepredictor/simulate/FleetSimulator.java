package org.outagepredictor.simulate;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * A seeded, deterministic generator of the events of a fleet of devices, in event-time order:
 * background alerts and logs, metric samples, changes and the incidents they cause. Plain Java;
 * {@link FleetSource} runs it inside Flink.
 *
 * <p>The world follows the project's premise: an incident is the result of a change. A share of
 * changes is bad (more of the failed, emergency and unauthorised ones). A bad change degrades its
 * device at once: it writes many more ERROR and CRITICAL events and its metrics shift, until either
 * an INCIDENT follows some minutes to hours later (usually) or the degradation fades away. A few
 * incidents have other causes: a metric drifting for hours, or nothing at all. See {@link
 * SimulatorOptions} for every knob and {@code docs/simulator.md} for the story.
 *
 * <p>Each device draws from its own generator, seeded from the seed and the device index, and never
 * looks at other devices, so a device's history is the same whether one simulator runs the whole
 * fleet or several share it out ({@code partition} of {@code partitions} simulates the devices
 * whose index {@code i} has {@code i % partitions == partition}). A priority queue of the devices'
 * next-step times makes each event cost O(log devices).
 *
 * <p>Ground truth, for tests and evaluation, is carried in summaries, which the model never reads:
 * {@link #causeOf} tells why an incident happened, {@link #causingChangeOf} which change caused it,
 * and {@link #isBadChange} which changes were bad. Not thread-safe.
 */
public final class FleetSimulator {

    /** Appended to the summary of a bad change. */
    static final String BAD_CHANGE_MARKER = " [simulated bad change]";

    /** Start of the summary of an incident caused by a change; the change reference follows. */
    static final String AFTER_CHANGE = "Outage after change ";

    /** Start of the summary of an incident after a slow drift; the metric name follows. */
    static final String AFTER_DRIFT = "Outage after slow drift of ";

    /** Start of the summary of an incident without precursor. */
    static final String WITHOUT_WARNING = "Outage without warning: ";

    private final SimulatedDevice[] devices;
    private final DeviceQueue queue;

    /** Simulates the whole fleet. */
    public FleetSimulator(SimulatorOptions options) {
        this(options, 0, 1);
    }

    /**
     * Simulates the devices whose index {@code i} has {@code i % partitions == partition}.
     *
     * @throws IllegalArgumentException if the partition is out of range or the fleet has fewer
     *     devices than partitions (a partition without devices would have no events to give)
     */
    public FleetSimulator(SimulatorOptions options, int partition, int partitions) {
        checkNotNull(options, "options");
        checkArgument(partitions >= 1, "partitions must be at least 1, got %s", partitions);
        checkArgument(
                partition >= 0 && partition < partitions,
                "partition must be in [0, %s), got %s",
                partitions,
                partition);
        checkArgument(
                options.devices >= partitions,
                "%s (%s) must be at least the number of partitions, i.e. the source parallelism"
                        + " (%s)",
                SimulatorOptions.DEVICES.key(),
                options.devices,
                partitions);
        WorldRules rules = new WorldRules(options);
        int count = (options.devices - partition + partitions - 1) / partitions;
        devices = new SimulatedDevice[count];
        queue = new DeviceQueue(count);
        for (int slot = 0; slot < count; slot++) {
            devices[slot] = new SimulatedDevice(rules, partition + slot * partitions);
            queue.add(slot, devices[slot].nextTime());
        }
    }

    /** The next event: its event time is never before that of the previous one. Never ends. */
    public OpsEvent next() {
        while (true) {
            SimulatedDevice device = devices[queue.topSlot()];
            OpsEvent event = device.advance();
            queue.updateTop(device.nextTime());
            if (event != null) {
                return event;
            }
        }
    }

    /** The next {@code count} events. */
    public List<OpsEvent> take(int count) {
        checkArgument(count >= 0, "count must not be negative, got %s", count);
        List<OpsEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(next());
        }
        return events;
    }

    /** How many devices this simulator runs. */
    public int deviceCount() {
        return devices.length;
    }

    /**
     * Why a simulated incident happened.
     *
     * @throws IllegalArgumentException if the event is not an incident written by the simulator
     */
    public static IncidentCause causeOf(OpsEvent incident) {
        checkArgument(incident.kind == EventKind.INCIDENT, "not an INCIDENT event: %s", incident);
        String summary = String.valueOf(incident.summary);
        if (summary.startsWith(AFTER_CHANGE)) {
            return IncidentCause.BAD_CHANGE;
        }
        if (summary.startsWith(AFTER_DRIFT)) {
            return IncidentCause.SLOW_DRIFT;
        }
        if (summary.startsWith(WITHOUT_WARNING)) {
            return IncidentCause.RANDOM;
        }
        throw new IllegalArgumentException("not an incident written by the simulator: " + incident);
    }

    /**
     * The reference of the change that caused a simulated incident ({@code CHG0070012}, {@code
     * puppet-run-...}), or empty if a change did not cause it.
     */
    public static Optional<String> causingChangeOf(OpsEvent incident) {
        if (causeOf(incident) != IncidentCause.BAD_CHANGE) {
            return Optional.empty();
        }
        int end = incident.summary.indexOf(':', AFTER_CHANGE.length());
        return Optional.of(incident.summary.substring(AFTER_CHANGE.length(), end));
    }

    /** Whether a simulated CHANGE event was bad, that is, degraded its device. */
    public static boolean isBadChange(OpsEvent change) {
        return change.kind == EventKind.CHANGE
                && change.summary != null
                && change.summary.endsWith(BAD_CHANGE_MARKER);
    }
}
