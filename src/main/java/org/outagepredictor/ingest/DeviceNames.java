package org.outagepredictor.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the device names that tools report (FQDNs, upper-case CI names, {@code host:port} targets,
 * serials) into the one device id that keys all per-device state.
 *
 * <p>In order: trim; drop a {@code :port} suffix ({@code web01:9100}, {@code [::1]:9100}); lower-
 * case (if configured); drop the longest configured domain suffix that matches; then replace the
 * result by its alias, if the alias table has it. Alias names go through the same steps, so an
 * alias may be written in any case or with its domain. A name that is only a domain suffix, or
 * empty, is no device.
 *
 * <p>Limits: aliases do not chain; names are never resolved through DNS, so a host reported by its
 * address and by its name are two devices unless an alias joins them; a bare IPv6 address (several
 * colons, no brackets) is kept whole.
 */
final class DeviceNames implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean lowerCase;

    /** Lower-case suffixes, each starting with '.', longest first. */
    private final List<String> domainSuffixes;

    private final Map<String, String> aliases;

    DeviceNames(boolean lowerCase, List<String> domainSuffixes, Map<String, String> aliases) {
        this.lowerCase = lowerCase;
        List<String> suffixes = new ArrayList<>();
        for (String suffix : domainSuffixes) {
            String lower = suffix.trim().toLowerCase(Locale.ROOT);
            if (!lower.isEmpty()) {
                suffixes.add(lower.startsWith(".") ? lower : "." + lower);
            }
        }
        suffixes.sort(Comparator.comparingInt(String::length).reversed());
        this.domainSuffixes = suffixes;
        Map<String, String> normalised = new HashMap<>();
        aliases.forEach(
                (alias, device) -> {
                    String from = withoutAlias(alias);
                    String to = withoutAlias(device);
                    if (from == null || to == null) {
                        throw new IllegalArgumentException(
                                "Alias '" + alias + "=" + device + "' names no device");
                    }
                    normalised.put(from, to);
                });
        this.aliases = normalised;
    }

    /** The device id for a reported name, or {@code null} if the name is blank. */
    String normalise(String reported) {
        String name = withoutAlias(reported);
        if (name == null) {
            return null;
        }
        return aliases.getOrDefault(name, name);
    }

    private String withoutAlias(String reported) {
        if (reported == null) {
            return null;
        }
        String name = withoutPort(reported.trim());
        if (lowerCase) {
            name = name.toLowerCase(Locale.ROOT);
        }
        for (String suffix : domainSuffixes) {
            if (name.length() >= suffix.length()
                    && name.regionMatches(
                            true, name.length() - suffix.length(), suffix, 0, suffix.length())) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        return name.isEmpty() ? null : name;
    }

    private static String withoutPort(String name) {
        int colon = name.lastIndexOf(':');
        if (colon <= 0 || colon == name.length() - 1) {
            return name;
        }
        for (int i = colon + 1; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return name;
            }
        }
        if (name.charAt(0) == '[' && name.charAt(colon - 1) == ']') {
            return name.substring(1, colon - 1);
        }
        return name.indexOf(':') == colon ? name.substring(0, colon) : name;
    }
}
