package org.outagepredictor.model;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.outagepredictor.features.LabelOptions;

/**
 * Options of online training.
 *
 * <ul>
 *   <li>{@code trainer.enabled} (true): learn online from labelled snapshots and publish model
 *       versions to scoring; false scores with the start model only.
 *   <li>{@code trainer.ftrl.alpha} (0.05), {@code trainer.ftrl.beta} (1.0), {@code trainer.ftrl.l1}
 *       (0.0), {@code trainer.ftrl.l2} (1.0): FTRL-Proximal hyper-parameters.
 *   <li>{@code trainer.publish-every} (1000): examples between publication checks.
 *   <li>{@code trainer.publish-interval} (5 min): a check also happens when this much wall-clock
 *       time has passed since the last one and an example arrives; 0 checks by count only.
 *   <li>{@code trainer.publish-tolerance} (0.02): a new version is published only if its
 *       prequential PR-AUC over the window is at most this much below the current model's.
 *   <li>{@code trainer.evaluation-window} (5000): examples the prequential metrics cover.
 *   <li>{@code trainer.min-window-examples} (200): no version is published on less evidence.
 * </ul>
 */
public final class TrainerOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("trainer.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Learn online from labelled snapshots and publish model versions to"
                                    + " scoring; false scores with the start model only.");

    public static final ConfigOption<Double> ALPHA =
            ConfigOptions.key("trainer.ftrl.alpha")
                    .doubleType()
                    .defaultValue(0.05)
                    .withDescription(
                            "FTRL-Proximal learning rate alpha: a coordinate's step is alpha /"
                                    + " (beta + sqrt(sum of its squared gradients)).");

    public static final ConfigOption<Double> BETA =
            ConfigOptions.key("trainer.ftrl.beta")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("FTRL-Proximal learning rate beta (see alpha).");

    public static final ConfigOption<Double> L1 =
            ConfigOptions.key("trainer.ftrl.l1")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "FTRL-Proximal L1 regularisation: weights whose gradient sum stays"
                                    + " below it are exactly 0.");

    public static final ConfigOption<Double> L2 =
            ConfigOptions.key("trainer.ftrl.l2")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription("FTRL-Proximal L2 regularisation.");

    public static final ConfigOption<Integer> PUBLISH_EVERY =
            ConfigOptions.key("trainer.publish-every")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Labelled examples between publication checks.");

    public static final ConfigOption<Duration> PUBLISH_INTERVAL =
            ConfigOptions.key("trainer.publish-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "A publication check also happens when an example arrives this long"
                                    + " (wall-clock) after the last check; 0 checks by count"
                                    + " only, which keeps a replay deterministic.");

    public static final ConfigOption<Double> PUBLISH_TOLERANCE =
            ConfigOptions.key("trainer.publish-tolerance")
                    .doubleType()
                    .defaultValue(0.02)
                    .withDescription(
                            "A candidate (the learner's weights, frozen at a check) is"
                                    + " published only if, on the examples that compare it with"
                                    + " the current model, its prequential PR-AUC is at most this"
                                    + " much below the current model's and its log loss at most"
                                    + " this much above.");

    public static final ConfigOption<Integer> MIN_WINDOW_EXAMPLES =
            ConfigOptions.key("trainer.min-window-examples")
                    .intType()
                    .defaultValue(200)
                    .withDescription(
                            "A check decides on a candidate only once this many examples"
                                    + " compare it with the current model (their snapshots after"
                                    + " the labels both learnt from); starting from zero, the first"
                                    + " version waits for this many examples learnt.");

    public static final ConfigOption<Integer> EVALUATION_WINDOW =
            ConfigOptions.key("trainer.evaluation-window")
                    .intType()
                    .defaultValue(5000)
                    .withDescription(
                            "Most recent examples that compare a candidate with the current"
                                    + " model the prequential metrics cover.");

    public final boolean enabled;
    public final double alpha;
    public final double beta;
    public final double l1;
    public final double l2;
    public final int publishEvery;
    public final long publishIntervalMillis;
    public final double publishTolerance;
    public final int evaluationWindow;
    public final int minWindowExamples;

    /**
     * The longest a snapshot waits for its label, {@code model.horizon} plus {@code
     * labels.late-incident-grace}: a comparison counts a snapshot only once its label is certain to
     * have come, negative or positive.
     */
    public final long labelDelayMillis;

    private TrainerOptions(ReadableConfig config) {
        this.enabled = config.get(ENABLED);
        this.alpha = config.get(ALPHA);
        this.beta = config.get(BETA);
        this.l1 = config.get(L1);
        this.l2 = config.get(L2);
        this.publishEvery = config.get(PUBLISH_EVERY);
        this.publishIntervalMillis = config.get(PUBLISH_INTERVAL).toMillis();
        this.publishTolerance = config.get(PUBLISH_TOLERANCE);
        this.evaluationWindow = config.get(EVALUATION_WINDOW);
        this.minWindowExamples = config.get(MIN_WINDOW_EXAMPLES);
        this.labelDelayMillis = LabelOptions.from(config).negativeAfterMillis();
        checkArgument(alpha > 0, "%s must be positive, was %s", ALPHA.key(), alpha);
        checkArgument(beta >= 0, "%s must not be negative, was %s", BETA.key(), beta);
        checkArgument(l1 >= 0, "%s must not be negative, was %s", L1.key(), l1);
        checkArgument(l2 >= 0, "%s must not be negative, was %s", L2.key(), l2);
        checkArgument(
                publishEvery >= 1,
                "%s must be at least 1, was %s",
                PUBLISH_EVERY.key(),
                publishEvery);
        checkArgument(
                publishIntervalMillis >= 0, "%s must not be negative", PUBLISH_INTERVAL.key());
        checkArgument(
                publishTolerance >= 0 && publishTolerance <= 1,
                "%s must be in [0, 1], was %s",
                PUBLISH_TOLERANCE.key(),
                publishTolerance);
        checkArgument(
                evaluationWindow >= 10 && evaluationWindow <= 1_000_000,
                "%s must be between 10 and 1000000, was %s",
                EVALUATION_WINDOW.key(),
                evaluationWindow);
        checkArgument(
                minWindowExamples >= 1 && minWindowExamples <= evaluationWindow,
                "%s must be between 1 and %s (%s), was %s",
                MIN_WINDOW_EXAMPLES.key(),
                EVALUATION_WINDOW.key(),
                evaluationWindow,
                minWindowExamples);
    }

    public static TrainerOptions from(ReadableConfig config) {
        return new TrainerOptions(config);
    }

    public static TrainerOptions defaults() {
        return from(new Configuration());
    }

    public static List<ConfigOption<?>> options() {
        return List.of(
                ENABLED,
                ALPHA,
                BETA,
                L1,
                L2,
                PUBLISH_EVERY,
                PUBLISH_INTERVAL,
                PUBLISH_TOLERANCE,
                EVALUATION_WINDOW,
                MIN_WINDOW_EXAMPLES);
    }
}
