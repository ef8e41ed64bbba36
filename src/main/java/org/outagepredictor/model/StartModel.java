package org.outagepredictor.model;

import java.io.Serializable;

/**
 * What a job starts from: the model scoring uses until the trainer publishes, and the FTRL state
 * training resumes from ({@code null} where the model came without it). A start from zero has no
 * model at all: {@link #none()}.
 */
public final class StartModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LogisticModel model;
    private final FtrlState ftrl;

    public StartModel(LogisticModel model, FtrlState ftrl) {
        this.model = model;
        this.ftrl = ftrl;
    }

    public static StartModel none() {
        return new StartModel(null, null);
    }

    /** The model, or {@code null} for a start from zero. */
    public LogisticModel model() {
        return model;
    }

    /** The FTRL state saved with the model, or {@code null}. */
    public FtrlState ftrl() {
        return ftrl;
    }
}
