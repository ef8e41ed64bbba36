package org.outagepredictor.ingest;

import java.io.Serializable;
import java.util.List;
import org.outagepredictor.event.OpsEvent;

/**
 * Turns one record of an operations tool's native format into canonical events.
 *
 * <p>One record in, zero or more events out: zero for records that report nothing the predictor
 * uses (an unchanged Puppet run, a Chef liveness ping), several for records that batch (an
 * Alertmanager webhook, concatenated Splunk HEC events). The value is already known to be valid
 * UTF-8 and within the size limit ({@link RecordIngester} checks both). Every problem, including an
 * unexpected runtime exception, is a {@link MalformedRecordException} whose message names the
 * field; parsers never throw anything else.
 */
public interface RecordParser extends Serializable {

    List<OpsEvent> parse(byte[] value) throws MalformedRecordException;
}
