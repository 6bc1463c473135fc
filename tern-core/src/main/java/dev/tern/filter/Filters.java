package dev.tern.filter;

import dev.tern.error.ErrorCode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * EC2 {@code Filter.N} semantics over any resource: values of one filter are OR-ed, filters are AND-ed, and
 * every value may hold wildcards. Each resource type declares its filters as name → extractor; {@code tag:K}
 * is understood for all of them.
 *
 * @param <R> the resource type
 */
public final class Filters<R> {
    /** The values a resource has for a filter name (the caller's tags are passed for tag filters). */
    public interface Extractor<R> extends BiFunction<R, Map<String, String>, Collection<String>> {}

    /** One filter of a request: its name and its values. */
    public record Filter(String name, List<String> values) {}

    private final Map<String, Extractor<R>> extractors;

    public Filters(Map<String, Extractor<R>> extractors) {
        this.extractors = Map.copyOf(extractors);
    }

    /** Throws InvalidParameterValue naming the first filter this resource type does not know. */
    public void validate(List<Filter> filters) {
        for (Filter f : filters) {
            if (f.name() == null || f.name().isEmpty()) {
                throw ErrorCode.InvalidParameterValue.withMessage("The filter 'null' is invalid");
            }
            if (!f.name().startsWith("tag:") && !extractors.containsKey(f.name())) {
                throw ErrorCode.InvalidParameterValue.withMessage("The filter '" + f.name() + "' is invalid");
            }
        }
    }

    public boolean matches(R resource, Map<String, String> tags, List<Filter> filters) {
        for (Filter f : filters) {
            Collection<String> have;
            if (f.name().startsWith("tag:")) {
                String v = tags.get(f.name().substring(4));
                have = v == null ? List.of() : List.of(v);
            } else {
                have = extractors.get(f.name()).apply(resource, tags);
            }
            if (!anyMatches(f.values(), have)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(List<String> patterns, Collection<String> values) {
        for (String pattern : patterns) {
            for (String value : values) {
                if (Wildcard.matches(pattern, value)) {
                    return true;
                }
            }
        }
        return false;
    }
}
