package org.outagepredictor.testutils;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;

/**
 * A synthetic labelled stream for trainer tests: outages follow snapshots with many recent failed
 * changes, so a model can learn the rule, and the same seed gives the same stream. One label a
 * minute, each {@value #LABEL_DELAY_MINUTES} minutes after its snapshot, so that the learner,
 * scoring a snapshot by what it knew at the snapshot's time, has learnt from the labels of ten
 * minutes before.
 */
public final class LabeledExamples {

    public static final long START = 1_767_225_600_000L;
    public static final int LABEL_DELAY_MINUTES = 10;

    private LabeledExamples() {}

    public static List<LabeledExample> stream(long seed, int count) {
        return stream(seed, count, START);
    }

    /** The stream with its first label a minute after {@code start}. */
    public static List<LabeledExample> stream(long seed, int count, long start) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabeledExample> examples = new ArrayList<>();
        long time = start;
        for (int i = 0; i < count; i++) {
            time += 60_000;
            double failed = random.nextDouble() < 0.1 ? random.nextDouble(1, 3) : 0;
            double noise = random.nextDouble();
            boolean positive = random.nextDouble() < (failed > 0 ? 0.8 : 0.02);
            LabeledExample example = new LabeledExample();
            example.deviceId = "dev-" + random.nextInt(50);
            example.eventTime = time - LABEL_DELAY_MINUTES * 60_000L;
            example.labelTime = time;
            example.values = new double[Feature.COUNT];
            example.values[Feature.BIAS.ordinal()] = 1.0;
            example.values[Feature.FAILED_CHANGES_1H.ordinal()] = failed;
            example.values[Feature.ALERTS_1H.ordinal()] = noise;
            example.positive = positive;
            example.weight = 1.0;
            example.cause = positive ? LabeledExample.Cause.INCIDENT : LabeledExample.Cause.HORIZON;
            examples.add(example);
        }
        return examples;
    }
}
