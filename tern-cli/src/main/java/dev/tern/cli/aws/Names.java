package dev.tern.cli.aws;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model names as the AWS CLI spells them: {@code DescribeImages} is the command {@code describe-images}, the member
 * {@code KmsKeyId} the option {@code --kms-key-id}, and a trailing plural acronym stays one word
 * ({@code ResourceARNs} is {@code resource-arns}).
 */
final class Names {
    private static final Pattern PLURAL_ACRONYM = Pattern.compile("[A-Z]{2,}s$");
    private static final Pattern FIRST_CAP = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern END_CAP = Pattern.compile("([a-z0-9])([A-Z])");

    private Names() {}

    static String kebab(String name) {
        Matcher special = PLURAL_ACRONYM.matcher(name);
        if (special.find()) {
            name = name.substring(0, special.start()) + "-" + special.group().toLowerCase(Locale.ROOT);
        }
        String s1 = FIRST_CAP.matcher(name).replaceAll("$1-$2");
        return END_CAP.matcher(s1).replaceAll("$1-$2").toLowerCase(Locale.ROOT).replace("--", "-");
    }

    /** The model name a kebab-case command most likely stands for; callers check it against the model. */
    static String pascal(String kebab) {
        StringBuilder sb = new StringBuilder();
        for (String part : kebab.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static String upperFirst(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
