package org.outagepredictor.benchmark;

import java.util.List;
import java.util.Locale;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.LabeledExample;
import org.outagepredictor.model.FtrlProximal;
import org.outagepredictor.model.LogisticModel;
import org.outagepredictor.model.OnlineLearner;
import org.outagepredictor.model.StartModel;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.testutils.LabeledExamples;

/**
 * FTRL-Proximal updates per second on one thread at the job's feature width, bare ({@link
 * FtrlProximal#update}) and as the trainer runs them ({@link OnlineLearner#learn}: the candidate's
 * and the published model's scores, the window, then the update). A benchmark, not a test: run it
 * with scripts/bench.sh.
 *
 * <p>Argument: updates per measured round (default 5,000,000). Three rounds each after a warm-up
 * round; every round is printed.
 */
public final class TrainerBenchmark {

    private TrainerBenchmark() {}

    public static void main(String[] args) {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        // A pool of realistic-looking examples, reused round-robin so that generating them is
        // not measured; every feature is non-zero, the worst case for the sparse-aware loops.
        List<LabeledExample> pool = LabeledExamples.stream(1, 65_536);
        for (LabeledExample e : pool) {
            for (int i = 0; i < Feature.COUNT; i++) {
                if (e.values[i] == 0.0) {
                    e.values[i] = 0.01 * (i + 1);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "Machine: %d cores, %s; width %d features%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Feature.COUNT);
        for (int round = 0; round <= 3; round++) {
            String label = round == 0 ? "warm-up" : "round " + round;
            System.out.printf(
                    Locale.ROOT,
                    "ftrl update, %s: %,.0f updates/s%n",
                    label,
                    bareUpdates(pool, updates));
            System.out.printf(
                    Locale.ROOT,
                    "trainer learn (prequential + update), %s: %,.0f updates/s%n",
                    label,
                    learnerUpdates(pool, updates));
        }
    }

    private static double bareUpdates(List<LabeledExample> pool, int updates) {
        TrainerOptions options = TrainerOptions.defaults();
        FtrlProximal ftrl =
                new FtrlProximal(
                        Feature.COUNT, options.alpha, options.beta, options.l1, options.l2);
        long start = System.nanoTime();
        double sink = 0;
        for (int i = 0; i < updates; i++) {
            LabeledExample e = pool.get(i & 0xFFFF);
            sink += ftrl.update(e.values, e.positive ? 1.0 : 0.0, e.weight);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink == 42.4242) {
            System.out.println();
        }
        return updates / seconds;
    }

    private static double learnerUpdates(List<LabeledExample> pool, int updates) {
        // From a published model, with a candidate frozen at a check, as the trainer runs after
        // its first check: nearly every example then compares the two.
        OnlineLearner learner =
                new OnlineLearner(
                        TrainerOptions.defaults(),
                        0.4,
                        new StartModel(new LogisticModel(1, new double[Feature.COUNT]), null));
        learner.learn(pool.get(0));
        learner.check(0);
        long start = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            learner.learn(pool.get(i & 0xFFFF));
        }
        return updates / ((System.nanoTime() - start) / 1e9);
    }
}
