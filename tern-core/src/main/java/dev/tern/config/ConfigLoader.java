package dev.tern.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads the YAML configuration file; unknown keys stop the start with a message naming every one. */
public final class ConfigLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ConfigLoader() {}

    public static TernConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    public static TernConfig parse(String yaml, String source) {
        if (yaml.isBlank()) {
            return TernConfig.empty();
        }
        TernConfig config;
        try {
            JsonNode tree = MAPPER.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return TernConfig.empty();
            }
            // Unknown keys are found on the tree, before binding: the binder buffers records' properties and then
            // no longer knows where in the file a key stood.
            List<String> unknown = new ArrayList<>();
            unknownKeys(tree, TernConfig.class, "", unknown);
            if (!unknown.isEmpty()) {
                throw new ConfigException("unknown configuration key(s) in " + source + ": " + String.join(", ", unknown));
            }
            config = MAPPER.treeToValue(tree, TernConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("invalid configuration in " + source + ": " + e.getOriginalMessage());
        }
        if (config == null) {
            config = TernConfig.empty();
        }
        ConfigValidator.validate(config);
        return config;
    }

    /** Adds to {@code out} each key of {@code node} (at {@code path}) that {@code type} has no member for, as written. */
    private static void unknownKeys(JsonNode node, Type type, String path, List<String> out) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    unknownKeys(node.get(i), list.getActualTypeArguments()[0], path + "[" + i + "]", out);
                }
            }
            return;
        }
        if (!(type instanceof Class<?> c) || !c.isRecord() || !node.isObject()) {
            return;
        }
        Map<String, Type> members = new java.util.LinkedHashMap<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            JsonProperty named = rc.getAnnotation(JsonProperty.class);
            members.put(named != null && !named.value().isEmpty() ? named.value() : rc.getName(), rc.getGenericType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            Type member = members.get(field.getKey());
            if (member == null) {
                out.add(at);
            } else {
                unknownKeys(field.getValue(), member, at, out);
            }
        }
    }
}
