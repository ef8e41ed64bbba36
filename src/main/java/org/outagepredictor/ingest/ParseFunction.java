package org.outagepredictor.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.event.OpsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses raw input records into canonical events: valid events to the main output, each record that
 * cannot be parsed to the {@link #DEAD_LETTERS} side output. A thin operator around {@link
 * RecordIngester}; it never throws on input, so a poison record cannot restart the job.
 *
 * <p>Metrics: counters {@code recordsParsed} and {@code recordsDeadLettered}, the same per input
 * format as {@code recordsParsed_<format>} and {@code recordsDeadLettered_<format>} (format by
 * configuration name), and {@code eventsOut}. A parsed record may give no event (an unchanged
 * Puppet run).
 *
 * <p>Dead letters are logged at debug level with their source, offset and error only; the record's
 * content, which may hold secrets, goes to the dead-letter output and nowhere else.
 */
public class ParseFunction extends ProcessFunction<RawRecord, OpsEvent> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ParseFunction.class);

    /** Records that could not be parsed, with the reason and the original bytes. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private final RecordIngester ingester;

    private transient Counter recordsParsed;
    private transient Counter recordsDeadLettered;
    private transient Counter eventsOut;
    private transient Map<String, Counter> parsedByFormat;
    private transient Map<String, Counter> deadLetteredByFormat;

    public ParseFunction(RecordIngester ingester) {
        this.ingester = Preconditions.checkNotNull(ingester, "ingester must not be null");
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        recordsParsed = metrics.counter("recordsParsed");
        recordsDeadLettered = metrics.counter("recordsDeadLettered");
        eventsOut = metrics.counter("eventsOut");
        parsedByFormat = new HashMap<>();
        deadLetteredByFormat = new HashMap<>();
        for (InputFormat format : InputFormat.values()) {
            String name = format.configName();
            parsedByFormat.put(name, metrics.counter("recordsParsed_" + name));
            deadLetteredByFormat.put(name, metrics.counter("recordsDeadLettered_" + name));
        }
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<OpsEvent> out) {
        IngestResult result = ingester.ingest(record, System.currentTimeMillis());
        if (result.isDeadLetter()) {
            DeadLetter letter = result.deadLetter();
            ctx.output(DEAD_LETTERS, letter);
            recordsDeadLettered.inc();
            increment(deadLetteredByFormat, record.format);
            LOG.debug(
                    "Dead letter from {}/{}@{} ({}): {}",
                    letter.source,
                    letter.partition,
                    letter.offset,
                    letter.format,
                    letter.error);
            return;
        }
        recordsParsed.inc();
        increment(parsedByFormat, record.format);
        for (OpsEvent event : result.events()) {
            out.collect(event);
        }
        eventsOut.inc(result.events().size());
    }

    /** Per-format counters exist for known formats only; an unknown name counts in the total. */
    private static void increment(Map<String, Counter> counters, String format) {
        Counter counter = format == null ? null : counters.get(format);
        if (counter != null) {
            counter.inc();
        }
    }
}
