package dev.tern.server.fuzz;

import static dev.tern.server.fuzz.Generator.FILTER_NAMES;
import static dev.tern.server.fuzz.Schema.VERSION;

import dev.tern.server.fuzz.Schema.Kind;
import dev.tern.server.fuzz.Schema.Param;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Ways to break a request's parameter list, each aimed at a parser path or limit that well-formed requests miss. */
final class Mutations extends Dice {
    private final Generator values;

    Mutations(Generator values) {
        super(values);
        this.values = values;
    }

    void apply(List<String[]> params, List<Param> schema) {
        int m = r.nextInt(19);
        String[] victim = params.isEmpty() ? null : params.get(r.nextInt(params.size()));
        switch (m) {
            case 0 -> { // a bad list index
                String base = schema.isEmpty() ? "Filter.#.Name" : schema.get(r.nextInt(schema.size())).name();
                String idx = pick("0", "-1", "99999999999", "1000000", "999999", "01", "x", "", "1e3", "\uff11", " 1");
                params.add(new String[] {base.replaceFirst("#", idx).replace("#", "1"), values.value(Kind.STRING)});
            }
            case 1 -> params.add(new String[] {"Filter.1.Value.99999999999", "x"});
            case 2 -> params.add(new String[] {"BlockDeviceMapping.1.Ebs.VolumeSize", pick("abc", "", "-5", "1.0")});
            case 3 -> { // deep dots
                int depth = r.nextInt(20) == 0 ? 20_000 + r.nextInt(100_000) : 1 + r.nextInt(200);
                String prefix = victim == null ? "" : victim[0];
                params.add(new String[] {prefix + ".a".repeat(depth), "deep"});
            }
            case 4 -> params.add(new String[] {pick("", ".", "..", "...", "Filter.", ".Filter", "Filter..1",
                    "Filter.1.", "Filter.1..Name", "Tag.1.Key.", ".1", "=", "&"), values.value(Kind.STRING)});
            case 5 -> { // duplicated key, maybe another value
                if (victim != null) {
                    params.add(new String[] {victim[0], r.nextBoolean() ? victim[1] : values.value(Kind.STRING)});
                }
            }
            case 6 -> { // a value of the wrong type
                if (victim != null) {
                    victim[1] = values.wrongValue();
                }
            }
            case 7 -> { // structure sent as a scalar and scalar sent as a structure
                params.add(new String[] {pick("Filter", "Filter.1", "BlockDeviceMapping.1.Ebs", "BlockDeviceMapping",
                        "TagSpecification.1", "Tag.1", "LaunchPermission", "LaunchPermission.Add",
                        "LaunchPermission.Add.1", "Description"), "scalar"});
                params.add(new String[] {pick("DryRun.1", "ImageId.1.x", "Name.Value", "MaxResults.1", "Attribute.x.y",
                        "Filter.1.Name.1", "Tag.1.Key.Value"), "x"});
            }
            case 8 -> params.add(new String[] {garbage(1 + r.nextInt(30)), garbage(r.nextInt(30))});
            case 9 -> { // case games
                if (victim != null) {
                    victim[0] = r.nextBoolean() ? victim[0].toLowerCase(Locale.ROOT) : victim[0].toUpperCase(Locale.ROOT);
                }
            }
            case 10 -> { // many list items: exercises IN lists and SQL variable limits
                String name = pick("ImageId.#", "SnapshotId.#", "Owner.#", "Filter.1.Value.#", "ResourceId.#",
                        "RegionName.#", "UserId.#", "ExecutableBy.#", "Tag.#.Key", "LaunchPermission.Add.#.UserId");
                int n = 100 + r.nextInt(r.nextInt(8) == 0 ? 5000 : 1000);
                for (int i = 1; i <= n; i++) {
                    params.add(new String[] {name.replace("#", Integer.toString(i)),
                            r.nextBoolean() ? pickFrom(values.images) : "x" + i});
                }
            }
            case 11 -> { // many filters
                int n = 20 + r.nextInt(200);
                for (int i = 1; i <= n; i++) {
                    params.add(new String[] {"Filter." + i + ".Name", pick(FILTER_NAMES)});
                    params.add(new String[] {"Filter." + i + ".Value.1", values.value(Kind.STRING)});
                }
            }
            case 12 -> { // drop something
                if (victim != null) {
                    params.remove(victim);
                }
            }
            case 13 -> { // unicode or control characters in a name
                if (victim != null) {
                    victim[0] = victim[0] + (r.nextBoolean() ? controlChars(3) : unicode(3));
                }
            }
            case 14 -> params.add(new String[] {"X-Amz-" + pick("Date", "Signature", "Algorithm", "Foo"), "x"});
            case 15 -> params.add(new String[] {pick("Action", "Version"), pick("DescribeImages", "Frobnicate",
                    VERSION, "")});
            case 16 -> Collections.shuffle(params, r);
            case 17 -> params.add(new String[] {"Filter.1.Value.1", values.huge()});
            default -> { // a wildcard-heavy filter value
                params.add(new String[] {"Filter.1.Name", pick("name", "description", "tag:Name", "tag-value",
                        "key", "value", "region-name")});
                params.add(new String[] {"Filter.1.Value.1", pick("*", "**********************************", "?*?*?*?*",
                        "*\\*", "\\", "%", "_%_", "*" .repeat(2000), "[a-z]*", "\\*\\?")});
            }
        }
    }
}
