package org.outagepredictor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelData;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelServable;
import org.apache.flink.ml.linalg.DenseVector;
import org.apache.flink.ml.servable.api.DataFrame;
import org.apache.flink.ml.servable.api.Row;
import org.apache.flink.ml.servable.types.BasicType;
import org.apache.flink.ml.servable.types.DataTypes;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.Feature;

class LogisticModelTest {

    @Test
    void probabilityMatchesFlinkMlServableOnRandomModelsAndVectors() throws IOException {
        Random random = new Random(20260101L);
        for (int trial = 0; trial < 50; trial++) {
            double[] coefficients = new double[Feature.COUNT];
            for (int i = 0; i < coefficients.length; i++) {
                coefficients[i] = random.nextGaussian() * 2.0;
            }
            LogisticModel model = new LogisticModel(trial, coefficients);
            LogisticRegressionModelServable servable = servableOf(model);

            List<double[]> vectors = new ArrayList<>();
            for (int row = 0; row < 40; row++) {
                // Scales from 0.01 to 100 cover probabilities near 0.5 and saturated ones.
                double scale = Math.pow(10.0, random.nextInt(5) - 2);
                double[] features = new double[Feature.COUNT];
                features[Feature.BIAS.ordinal()] = 1.0;
                for (int i = 1; i < features.length; i++) {
                    features[i] = random.nextGaussian() * scale;
                }
                vectors.add(features);
            }
            double[] expected = servableProbabilities(servable, vectors);

            for (int row = 0; row < vectors.size(); row++) {
                assertThat(model.probability(vectors.get(row)))
                        .as("trial %s row %s", trial, row)
                        .isCloseTo(expected[row], within(1e-12));
            }
        }
    }

    @Test
    void probabilityFollowsTheLogisticFunctionOfTheDotProduct() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = -2.0;
        coefficients[Feature.ERRORS_5M.ordinal()] = 1.5;
        LogisticModel model = new LogisticModel(3, coefficients);
        double[] features = new double[Feature.COUNT];
        features[Feature.BIAS.ordinal()] = 1.0;
        features[Feature.ERRORS_5M.ordinal()] = 2.0;

        // dot = -2 + 1.5 * 2 = 1
        assertThat(model.probability(features))
                .isCloseTo(1.0 / (1.0 + Math.exp(-1.0)), within(1e-15));
    }

    @Test
    void zeroModelScoresEveryDeviceOneHalf() {
        LogisticModel model = LogisticModel.zero(7);
        double[] features = new double[Feature.COUNT];
        features[Feature.BIAS.ordinal()] = 1.0;
        features[Feature.ERRORS_1H.ordinal()] = 42.0;

        assertThat(model.version()).isEqualTo(7);
        assertThat(model.probability(features)).isEqualTo(0.5);
    }

    @Test
    void contributionsAreCoefficientTimesValue() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.BIAS.ordinal()] = -3.0;
        coefficients[Feature.CHANGES_1H.ordinal()] = 0.5;
        coefficients[Feature.INCIDENTS_24H.ordinal()] = -1.0;
        double[] features = new double[Feature.COUNT];
        features[Feature.BIAS.ordinal()] = 1.0;
        features[Feature.CHANGES_1H.ordinal()] = 4.0;
        features[Feature.INCIDENTS_24H.ordinal()] = 2.0;

        double[] contributions = new LogisticModel(1, coefficients).contributions(features);

        double[] expected = new double[Feature.COUNT];
        expected[Feature.BIAS.ordinal()] = -3.0;
        expected[Feature.CHANGES_1H.ordinal()] = 2.0;
        expected[Feature.INCIDENTS_24H.ordinal()] = -2.0;
        assertThat(contributions).containsExactly(expected);
    }

    @Test
    void rejectsCoefficientsOfAnotherWidthSayingWhichWidths() {
        assertThatThrownBy(() -> new LogisticModel(1, new double[Feature.COUNT + 2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found " + (Feature.COUNT + 2))
                .hasMessageContaining("expected " + Feature.COUNT);
    }

    @Test
    void rejectsNonFiniteCoefficients() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.ALERTS_1H.ordinal()] = Double.NaN;

        assertThatThrownBy(() -> new LogisticModel(1, coefficients))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ALERTS_1H");
    }

    @Test
    void rejectsFeatureVectorsOfAnotherWidth() {
        LogisticModel model = LogisticModel.zero(1);

        assertThatThrownBy(() -> model.probability(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width 3");
    }

    @Test
    void isImmutable() {
        double[] coefficients = new double[Feature.COUNT];
        LogisticModel model = new LogisticModel(1, coefficients);

        coefficients[0] = 5.0;
        model.coefficients()[1] = 5.0;

        assertThat(model.coefficients()).containsOnly(0.0);
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.EVENT_BURST.ordinal()] = 0.25;
        LogisticModel model = new LogisticModel(9, coefficients);

        LogisticModel copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(model), getClass().getClassLoader());

        assertThat(copy).isEqualTo(model);
        assertThat(copy.coefficient(Feature.EVENT_BURST)).isEqualTo(0.25);
    }

    static LogisticRegressionModelServable servableOf(LogisticModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new LogisticRegressionModelData(new DenseVector(model.coefficients()), model.version())
                .encode(bytes);
        return new LogisticRegressionModelServable()
                .setModelData(new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** The servable's probability of the positive class, rawPrediction[1], for each vector. */
    static double[] servableProbabilities(
            LogisticRegressionModelServable servable, List<double[]> vectors) {
        List<Row> rows = new ArrayList<>();
        for (double[] vector : vectors) {
            rows.add(new Row(new ArrayList<>(List.of(new DenseVector(vector.clone())))));
        }
        // Mutable lists throughout: transform appends its prediction columns in place.
        DataFrame input =
                new DataFrame(
                        new ArrayList<>(List.of(servable.getFeaturesCol())),
                        new ArrayList<>(List.of(DataTypes.VECTOR(BasicType.DOUBLE))),
                        rows);
        DataFrame output = servable.transform(input);
        int rawPrediction = output.getIndex(servable.getRawPredictionCol());
        double[] probabilities = new double[vectors.size()];
        List<Row> outputRows = output.collect();
        for (int i = 0; i < probabilities.length; i++) {
            DenseVector raw = outputRows.get(i).getAs(rawPrediction);
            probabilities[i] = raw.get(1);
        }
        return probabilities;
    }
}
