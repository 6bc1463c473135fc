package dev.tern.server.fuzz;

import static java.util.Map.entry;

import dev.tern.server.pipeline.Operation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Request;

/**
 * The EC2 actions the fuzzer knows and the parameters each takes, so that most requests name real parameters with
 * values of the right kind and get past the parsers to the services. Derived, not written: the actions are the
 * catalogue's EC2 operations (each new one is fuzzed as it lands) plus a few of the SDK's EC2 model that Tern does
 * not serve (so InvalidAction stays exercised), and the parameters are their SDK request models as the EC2 Query
 * protocol spells them, the way the server reads them.
 */
final class Schema {
    static final String VERSION = "2016-11-15";

    /**
     * A parameter: its name pattern, where {@code #} is a 1-based list index ({@code Filter.#.Value.#}), the kind of
     * value it takes, and whether the operation requires it (such ones are sent most of the time, so that requests
     * get past that check).
     */
    record Param(String name, Kind kind, boolean required) {}

    enum Kind { IMAGE, SNAPSHOT, RESOURCE, BOOL, INT, STRING, NAME, ARCH, DEVICE, VOLUME_TYPE, FILTER_NAME,
        ACCOUNT, OWNER, ATTRIBUTE, TOKEN, RESOURCE_TYPE, TAG_KEY, TIME, OPERATION, GROUP, REGION, ZONE, URL }

    /**
     * The inference rules, first match wins: a member's name within its parent ({@code Filter.Name}: a filter's
     * name, where a bare {@code Name} is an AMI's; a few EC2 requests call their filters {@code Filters}), then its
     * name alone (a list of scalars is named by its list), then its type; anything else is a STRING.
     */
    private static final Map<String, Kind> BY_NAME = Map.ofEntries(
            entry("Filter.Name", Kind.FILTER_NAME), entry("Filters.Name", Kind.FILTER_NAME), entry("Tag.Key", Kind.TAG_KEY),
            entry("ImageId", Kind.IMAGE), entry("SourceImageId", Kind.IMAGE),
            entry("SnapshotId", Kind.SNAPSHOT), entry("SourceSnapshotId", Kind.SNAPSHOT),
            entry("ResourceId", Kind.RESOURCE), entry("ResourceType", Kind.RESOURCE_TYPE),
            entry("Name", Kind.NAME), entry("Architecture", Kind.ARCH),
            entry("DeviceName", Kind.DEVICE), entry("RootDeviceName", Kind.DEVICE), entry("VolumeType", Kind.VOLUME_TYPE),
            entry("UserId", Kind.ACCOUNT), entry("RestorableBy", Kind.ACCOUNT),
            entry("Owner", Kind.OWNER), entry("ExecutableBy", Kind.OWNER),
            entry("UserGroup", Kind.GROUP), entry("Group", Kind.GROUP), entry("OperationType", Kind.OPERATION),
            entry("Attribute", Kind.ATTRIBUTE), entry("NextToken", Kind.TOKEN), entry("PresignedUrl", Kind.URL),
            entry("SourceRegion", Kind.REGION), entry("DestinationRegion", Kind.REGION),
            entry("ZoneName", Kind.ZONE), entry("ZoneId", Kind.ZONE), entry("AvailabilityZone", Kind.ZONE),
            entry("AvailabilityZoneId", Kind.ZONE), entry("DestinationAvailabilityZone", Kind.ZONE),
            entry("DestinationAvailabilityZoneId", Kind.ZONE));
    private static final Map<MarshallingType<?>, Kind> BY_TYPE = Map.of(MarshallingType.BOOLEAN, Kind.BOOL,
            MarshallingType.INTEGER, Kind.INT, MarshallingType.LONG, Kind.INT, MarshallingType.INSTANT, Kind.TIME);

    /** How many actions of the SDK's EC2 model that Tern does not serve are fuzzed beside the served ones. */
    private static final int UNSERVED = 6;
    /** Deeper than any EC2 request nests; stops a recursive shape. */
    private static final int MAX_DEPTH = 8;

    private final Map<String, List<Param>> actions;
    private final List<String> served;
    private final List<String> known;
    private final List<Param> allParams;

    private Schema(Map<String, List<Param>> actions, List<String> served) {
        this.actions = actions;
        this.served = served;
        this.known = List.copyOf(actions.keySet());
        this.allParams = actions.values().stream().flatMap(List::stream).distinct().toList();
    }

    /** The schema of the catalogue's EC2 operations {@code served}, and of a few EC2 actions Tern does not serve. */
    static Schema of(List<Operation> served) {
        Map<String, List<Param>> actions = new TreeMap<>();
        for (Operation op : served) {
            actions.put(op.name(), params((SdkPojo) op.newRequest().get(), op.required()));
        }
        for (Map.Entry<String, Class<?>> e : unserved(actions.keySet()).entrySet()) {
            actions.put(e.getKey(), params(newBuilder(e.getValue()), Set.of()));
        }
        return new Schema(actions, served.stream().map(Operation::name).sorted().toList());
    }

    /** The parameters of {@code action}; for an action it does not know, every parameter of every action. */
    List<Param> params(String action) {
        return actions.getOrDefault(action, allParams);
    }

    /** The actions Tern serves, in name order. */
    List<String> served() {
        return served;
    }

    /** The served actions and the few unserved ones, in name order. */
    List<String> known() {
        return known;
    }

    boolean knows(String action) {
        return actions.containsKey(action);
    }

    /** {@code request}'s members as EC2 Query parameters: lists {@code Name.#}, structures {@code A.B}. */
    static List<Param> params(SdkPojo request, Set<String> required) {
        List<Param> out = new ArrayList<>();
        for (SdkField<?> f : request.sdkFields()) {
            add(out, f, f.locationName(), "", f.locationName(), required.contains(f.locationName()), 0);
        }
        return List.copyOf(out);
    }

    private static void add(List<Param> out, SdkField<?> field, String pattern, String parent, String name,
            boolean required, int depth) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            // The member takes the list's name: ImageId.# holds image ids, Filter.# holds filters.
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            add(out, member, pattern + ".#", parent, name, required, depth);
        } else if (type == MarshallingType.SDK_POJO) {
            if (depth < MAX_DEPTH) {
                for (SdkField<?> f : ((SdkPojo) field.constructor().get()).sdkFields()) {
                    add(out, f, pattern + "." + f.locationName(), name, f.locationName(), required, depth + 1);
                }
            }
        } else if (type != MarshallingType.MAP) { // EC2 Query requests have no maps
            out.add(new Param(pattern, kind(parent, name, type), required));
        }
    }

    static Kind kind(String parent, String name, MarshallingType<?> type) {
        Kind k = BY_NAME.get(parent + "." + name);
        if (k == null) {
            k = BY_NAME.get(name);
        }
        return k != null ? k : BY_TYPE.getOrDefault(type, Kind.STRING);
    }

    /**
     * A few operations of the SDK's EC2 model on images and snapshots that are not in {@code served}, spread
     * evenly over their names, with their request classes.
     */
    private static Map<String, Class<?>> unserved(Set<String> served) {
        Map<String, Class<?>> candidates = new TreeMap<>();
        for (Method m : Ec2Client.class.getMethods()) {
            if (m.getParameterCount() == 1 && Ec2Request.class.isAssignableFrom(m.getParameterTypes()[0])) {
                Class<?> request = m.getParameterTypes()[0];
                String name = request.getSimpleName().replaceFirst("Request$", "");
                if ((name.contains("Image") || name.contains("Snapshot")) && !served.contains(name)) {
                    candidates.put(name, request);
                }
            }
        }
        List<String> names = new ArrayList<>(candidates.keySet());
        Map<String, Class<?>> picked = new TreeMap<>();
        for (int i = 0; i < Math.min(UNSERVED, names.size()); i++) {
            String name = names.get(i * names.size() / UNSERVED);
            picked.put(name, candidates.get(name));
        }
        return Collections.unmodifiableMap(picked);
    }

    private static SdkPojo newBuilder(Class<?> request) {
        try {
            return (SdkPojo) request.getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(request + " has no builder", e);
        }
    }
}
