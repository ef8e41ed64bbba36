package org.outagepredictor.model;

import java.util.Locale;

/**
 * A model published by the trainer: its coefficients (the {@code LogisticRegressionModelData} of
 * Flink ML, see {@link ModelFile}), a version that only grows, and the prequential metrics it was
 * published on. Broadcast to every scorer subtask. A Flink POJO.
 */
public class ModelVersion {

    public long version;

    /** One coefficient per {@code Feature}. */
    public double[] coefficients;

    /** Wall-clock time of publication, epoch ms. */
    public long publishedAt;

    /** Labelled examples learned from, over the model's whole life. */
    public long examplesTrained;

    /** Event time of the newest label learned from, epoch ms. */
    public long trainedUntil;

    /** Prequential metrics over the evaluation window when published. */
    public double prAuc;

    public double logLoss;
    public double precision;
    public double recall;

    /**
     * The trainer's FTRL sums at publication, written beside the model file so that a later run
     * resumes training exactly ({@link FtrlState}); scoring does not use them.
     */
    public double[] ftrlZ;

    public double[] ftrlN;

    public ModelVersion() {}

    public static ModelVersion of(LogisticModel model) {
        ModelVersion version = new ModelVersion();
        version.version = model.version();
        version.coefficients = model.coefficients();
        return version;
    }

    public LogisticModel toModel() {
        return new LogisticModel(version, coefficients);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "model version %d (%d examples, PR-AUC %.3f, log loss %.4f)",
                version,
                examplesTrained,
                prAuc,
                logLoss);
    }
}
