package org.outagepredictor.board;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.alerting.Score;
import org.outagepredictor.event.ChangeRef;

/**
 * What the risk board knows, in memory: per device the latest risk, a bounded risk history, the
 * open alert, the reasons and suspect changes of its latest trigger, and recent alert and change
 * marks for its chart; and the model versions seen. Fed by {@link BoardFeed}, read by {@link
 * BoardServer}; every method is synchronized, and reads return copies.
 *
 * <p>Bounded: at most {@code maxDevices} devices (a new device pushes out the least recently
 * updated one), {@code historyLength} risk points per device, and {@value #MAX_MARKS} alert and
 * change marks per device.
 *
 * <p>Order: a device's scores share a Kafka key and so arrive in order; a score not newer (event
 * time) than the device's latest is a repeat of an at-least-once write, or late, and is ignored. A
 * RESOLVE closes the open alert with its dedup key; a TRIGGER older than the open one is kept only
 * as a chart mark.
 */
public final class DeviceRisks {

    /** Alert and change marks kept per device. */
    static final int MAX_MARKS = 20;

    /** Model versions kept for the model's health over time. */
    static final int MAX_MODEL_VERSIONS = 50;

    /** One point of a device's risk history. */
    public record Point(long eventTime, double probability) {}

    /** A published model version's prequential metrics; NaN where the trainer had none. */
    public record ModelInfo(
            long version,
            long publishedAt,
            long examplesTrained,
            long trainedUntil,
            double prAuc,
            double logLoss,
            double precision,
            double recall) {}

    /**
     * An alert's TRIGGER or RESOLVE as a mark on a device's chart; a RESOLVE has its resolution
     * ("risk fell below 25%", "stale: no data", an incident that opened, ...).
     */
    public record AlertMark(
            AlertStatus status,
            long eventTime,
            double probability,
            String dedupKey,
            String resolution) {}

    /** A read-only copy of one device's state. */
    public record DeviceView(
            String deviceId,
            String deviceClass,
            double probability,
            long eventTime,
            long modelVersion,
            double trend,
            Alert openAlert,
            Alert lastTrigger,
            List<Point> history,
            List<AlertMark> alerts,
            List<ChangeRef> changes) {}

    private static final class Device {
        final String id;
        String deviceClass;
        double probability = Double.NaN;
        long eventTime = Long.MIN_VALUE;
        long modelVersion;
        final ArrayDeque<Point> history = new ArrayDeque<>();
        Alert openAlert;
        Alert lastTrigger;
        final ArrayDeque<AlertMark> alerts = new ArrayDeque<>();
        final LinkedHashMap<String, ChangeRef> changes = new LinkedHashMap<>();

        Device(String id) {
            this.id = id;
        }
    }

    private final int maxDevices;
    private final int historyLength;

    /** In order of the last update, least recent first: the eldest is evicted. */
    private final LinkedHashMap<String, Device> devices = new LinkedHashMap<>();

    private final ArrayDeque<ModelInfo> models = new ArrayDeque<>();
    private long scoringVersion;
    private long evicted;
    private long revision;

    public DeviceRisks(int maxDevices, int historyLength) {
        this.maxDevices = maxDevices;
        this.historyLength = historyLength;
    }

    public synchronized void onScore(Score score) {
        Device device = touch(score.deviceId);
        if (score.deviceClass != null) {
            device.deviceClass = score.deviceClass;
        }
        scoringVersion = Math.max(scoringVersion, score.modelVersion);
        if (score.eventTime <= device.eventTime) {
            return;
        }
        device.probability = score.probability;
        device.eventTime = score.eventTime;
        device.modelVersion = score.modelVersion;
        device.history.addLast(new Point(score.eventTime, score.probability));
        while (device.history.size() > historyLength) {
            device.history.removeFirst();
        }
        revision++;
    }

    public synchronized void onAlert(Alert alert) {
        if (alert.status != AlertStatus.TRIGGER && alert.status != AlertStatus.RESOLVE) {
            // Any other status says that an open alert is still open (a refresh): the board
            // already shows it, and the device's scores carry its current risk.
            return;
        }
        Device device = touch(alert.deviceId);
        if (alert.deviceClass != null) {
            device.deviceClass = alert.deviceClass;
        }
        if (device.eventTime == Long.MIN_VALUE) {
            // No score seen yet (older than the score look-back): the alert's is the latest risk.
            device.probability = alert.probability;
            device.modelVersion = alert.modelVersion;
        }
        mark(
                device.alerts,
                new AlertMark(
                        alert.status,
                        alert.eventTime,
                        alert.probability,
                        alert.dedupKey,
                        alert.resolution));
        if (alert.status == AlertStatus.TRIGGER) {
            if (device.openAlert == null || alert.eventTime >= device.openAlert.eventTime) {
                device.openAlert = alert;
                device.lastTrigger = alert;
            }
            for (ChangeRef change : alert.suspectChanges) {
                device.changes.remove(change.id);
                device.changes.put(change.id, change);
                if (device.changes.size() > MAX_MARKS) {
                    Iterator<String> eldest = device.changes.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
        } else if (device.openAlert != null
                && Objects.equals(device.openAlert.dedupKey, alert.dedupKey)) {
            device.openAlert = null;
        }
        revision++;
    }

    public synchronized void onModelVersion(ModelInfo model) {
        if (!models.isEmpty() && model.version() <= models.peekLast().version()) {
            return;
        }
        models.addLast(model);
        while (models.size() > MAX_MODEL_VERSIONS) {
            models.removeFirst();
        }
        revision++;
    }

    /** The {@code n} riskiest devices, riskiest first (ties by device id). */
    public synchronized List<DeviceView> top(int n) {
        return devices.values().stream()
                .sorted(
                        Comparator.comparingDouble((Device d) -> risk(d))
                                .reversed()
                                .thenComparing(d -> d.id))
                .limit(n)
                .map(DeviceRisks::view)
                .toList();
    }

    /** The device's state, or {@code null} if the board does not know it. */
    public synchronized DeviceView device(String id) {
        Device device = devices.get(id);
        return device == null ? null : view(device);
    }

    public synchronized int deviceCount() {
        return devices.size();
    }

    /** Devices forgotten to stay within {@code maxDevices}. */
    public synchronized long evicted() {
        return evicted;
    }

    public synchronized long openAlerts() {
        return devices.values().stream().filter(d -> d.openAlert != null).count();
    }

    /** The highest model version seen on a score: the one scoring the fleet now. */
    public synchronized long scoringVersion() {
        return scoringVersion;
    }

    /** The model versions seen, oldest first. */
    public synchronized List<ModelInfo> modelVersions() {
        return new ArrayList<>(models);
    }

    /** Grows with every change, so that readers can tell whether anything happened. */
    public synchronized long revision() {
        return revision;
    }

    /** The device, moved to the most recently updated end; created, evicting, if new. */
    private Device touch(String id) {
        Device device = devices.remove(id);
        if (device == null) {
            device = new Device(id);
            if (devices.size() >= maxDevices) {
                Iterator<Map.Entry<String, Device>> eldest = devices.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
        }
        devices.put(id, device);
        return device;
    }

    private static void mark(ArrayDeque<AlertMark> marks, AlertMark mark) {
        marks.addLast(mark);
        while (marks.size() > MAX_MARKS) {
            marks.removeFirst();
        }
    }

    private static double risk(Device device) {
        return Double.isNaN(device.probability) ? -1 : device.probability;
    }

    private static DeviceView view(Device device) {
        double trend =
                device.history.size() < 2
                        ? 0
                        : device.history.peekLast().probability()
                                - device.history.peekFirst().probability();
        return new DeviceView(
                device.id,
                device.deviceClass,
                device.probability,
                device.eventTime == Long.MIN_VALUE ? 0 : device.eventTime,
                device.modelVersion,
                trend,
                device.openAlert,
                device.lastTrigger,
                List.copyOf(device.history),
                List.copyOf(device.alerts),
                List.copyOf(device.changes.values()));
    }
}
