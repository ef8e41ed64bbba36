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
import org.outagepredictor.event.OpsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Kafka sources' {@link ParsedRecord}s: their events to the main output, each record
 * that could not be parsed ({@link ParsingDeserializer}) to the {@link #DEAD_LETTERS} side output.
 * It never throws on input, so a poison record cannot restart the job.
 *
 * <p>Metrics: counters {@code recordsParsed} and {@code recordsDeadLettered}, the same per input
 * format as {@code recordsParsed_<format>} and {@code recordsDeadLettered_<format>} (format by
 * configuration name), and {@code eventsOut}. A parsed record may give no event (an unchanged
 * Puppet run).
 *
 * <p>Dead letters are logged at debug level with their source, offset and error only; the record's
 * content, which may hold secrets, goes to the dead-letter output and nowhere else.
 */
public class ParsedRecordRouter extends ProcessFunction<ParsedRecord, OpsEvent> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ParsedRecordRouter.class);

    /** Records that could not be parsed, with the reason and the original bytes. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private transient Counter recordsParsed;
    private transient Counter recordsDeadLettered;
    private transient Counter eventsOut;
    private transient Map<String, Counter> parsedByFormat;
    private transient Map<String, Counter> deadLetteredByFormat;

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
    public void processElement(ParsedRecord record, Context ctx, Collector<OpsEvent> out) {
        DeadLetter letter = record.deadLetter;
        if (letter != null) {
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
        for (OpsEvent event : record.events) {
            out.collect(event);
        }
        eventsOut.inc(record.events.length);
    }

    /** Per-format counters exist for known formats only; an unknown name counts in the total. */
    private static void increment(Map<String, Counter> counters, String format) {
        Counter counter = format == null ? null : counters.get(format);
        if (counter != null) {
            counter.inc();
        }
    }
}
