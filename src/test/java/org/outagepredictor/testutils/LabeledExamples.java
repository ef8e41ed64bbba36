package org.outagepredictor.testutils;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;

/**
 * A synthetic labelled stream for trainer tests: outages follow snapshots with many recent failed
 * changes, so a model can learn the rule, and the same seed gives the same stream.
 */
public final class LabeledExamples {

    private LabeledExamples() {}

    public static List<LabeledExample> stream(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabeledExample> examples = new ArrayList<>();
        long time = 1_767_225_600_000L;
        for (int i = 0; i < count; i++) {
            time += 1_000;
            double failed = random.nextDouble() < 0.1 ? random.nextDouble(1, 3) : 0;
            double noise = random.nextDouble();
            boolean positive = random.nextDouble() < (failed > 0 ? 0.8 : 0.02);
            LabeledExample example = new LabeledExample();
            example.deviceId = "dev-" + random.nextInt(50);
            example.eventTime = time - 3_600_000L;
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
