package org.outagepredictor.delivery;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The receivers alerts can be delivered to, each with its default endpoint, its default rate limit,
 * and what its secret is.
 *
 * <p>Known limit: the default rates are conservative guesses at each service's published limits
 * (PagerDuty Events API v2 allows about 120 events per minute per routing key, Slack incoming
 * webhooks one message per second); an account with other limits sets {@code rate-per-minute}.
 */
public enum TargetType {
    /** PagerDuty Events API v2; the secret is the integration's routing key. */
    PAGERDUTY("https://events.pagerduty.com/v2/enqueue", 120, "routing key"),
    /** Opsgenie Alert API; the URL is the API base, the secret an API integration key. */
    OPSGENIE("https://api.opsgenie.com", 60, "API key"),
    /** Slack incoming webhook; the webhook URL is the secret (its path is the credential). */
    SLACK(null, 60, "webhook URL"),
    /**
     * Microsoft Teams Workflows webhook; the webhook URL is the secret (it carries a signature).
     */
    TEAMS(null, 60, "webhook URL"),
    /** Alertmanager; the URL is its base, e.g. {@code http://alertmanager:9093}. No secret. */
    ALERTMANAGER(null, 600, null),
    /** Any HTTP endpoint taking the alert JSON; the secret is the HMAC-SHA256 key. */
    WEBHOOK(null, 600, "HMAC key");

    private final String defaultUrl;
    private final int defaultRatePerMinute;
    private final String secretMeaning;

    TargetType(String defaultUrl, int defaultRatePerMinute, String secretMeaning) {
        this.defaultUrl = defaultUrl;
        this.defaultRatePerMinute = defaultRatePerMinute;
        this.secretMeaning = secretMeaning;
    }

    /** The name in {@code delivery.targets}: {@code pagerduty}, {@code slack}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The endpoint when {@code url} is not set, or {@code null} if the URL must be given. */
    public String defaultUrl() {
        return defaultUrl;
    }

    public int defaultRatePerMinute() {
        return defaultRatePerMinute;
    }

    /** What the secret is for this receiver, or {@code null} if it takes none. */
    public String secretMeaning() {
        return secretMeaning;
    }

    /** Whether the secret is the endpoint itself (Slack, Teams), so {@code url} must not be set. */
    public boolean secretIsUrl() {
        return this == SLACK || this == TEAMS;
    }

    /**
     * Whether the receiver forgets an alert that is not sent again (Alertmanager resolves it at its
     * {@code endsAt}), and so takes the REFRESH alerts that the job sends while an alert is open.
     * The others would page or post again.
     */
    public boolean takesRefresh() {
        return this == ALERTMANAGER;
    }

    public static TargetType fromKey(String key) {
        for (TargetType type : values()) {
            if (type.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "Unknown delivery target type '"
                        + key
                        + "', expected one of "
                        + Arrays.stream(values())
                                .map(TargetType::key)
                                .collect(Collectors.joining(", ")));
    }
}
