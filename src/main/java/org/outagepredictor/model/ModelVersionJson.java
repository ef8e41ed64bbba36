package org.outagepredictor.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apache.flink.ml.classification.logisticregression.LogisticRegressionModelData;
import org.apache.flink.ml.linalg.DenseVector;
import org.outagepredictor.features.Feature;

/**
 * A published {@link ModelVersion} as one line of JSON, for the model-versions topic: the version,
 * the coefficients by feature name, the prequential metrics it was published on, and {@code
 * modelData}, the base64 of Flink ML's {@code LogisticRegressionModelData} encoding (the bytes of a
 * model file), so a consumer can load it into Flink ML's servable as it is.
 */
public final class ModelVersionJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ModelVersionJson() {}

    public static String toJson(ModelVersion version) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("version", version.version);
            json.writeNumberField("publishedAt", version.publishedAt);
            json.writeNumberField("examplesTrained", version.examplesTrained);
            json.writeNumberField("trainedUntil", version.trainedUntil);
            writeMetric(json, "prAuc", version.prAuc);
            writeMetric(json, "logLoss", version.logLoss);
            writeMetric(json, "precision", version.precision);
            writeMetric(json, "recall", version.recall);
            json.writeObjectFieldStart("coefficients");
            for (Feature feature : Feature.values()) {
                json.writeNumberField(
                        feature.name().toLowerCase(java.util.Locale.ROOT),
                        version.coefficients[feature.ordinal()]);
            }
            json.writeEndObject();
            json.writeStringField(
                    "modelData", Base64.getEncoder().encodeToString(modelData(version)));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /** The bytes of a model file of this version ({@link ModelFile}). */
    static byte[] modelData(ModelVersion version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new LogisticRegressionModelData(new DenseVector(version.coefficients), version.version)
                .encode(bytes);
        return bytes.toByteArray();
    }

    /** NaN (no positives yet, say) as null: JSON has no NaN. */
    private static void writeMetric(JsonGenerator json, String field, double value)
            throws IOException {
        if (Double.isNaN(value)) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }
}
