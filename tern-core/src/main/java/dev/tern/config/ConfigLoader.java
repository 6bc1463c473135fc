package dev.tern.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the YAML configuration file; unknown keys stop the start with a message naming every one. */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static TernConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    public static TernConfig parse(String yaml, String source) {
        List<String> unknown = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .addHandler(new DeserializationProblemHandler() {
                    @Override
                    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                            JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
                        String at = p.getParsingContext().getParent() == null ? "" : pathOf(p);
                        unknown.add(at.isEmpty() ? propertyName : at + "." + propertyName);
                        p.skipChildren();
                        return true;
                    }
                });
        TernConfig config;
        try {
            config = yaml.isBlank() ? TernConfig.empty() : mapper.readValue(yaml, TernConfig.class);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration in " + source + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s) in " + source + ": " + String.join(", ", unknown));
        }
        if (config == null) {
            config = TernConfig.empty();
        }
        ConfigValidator.validate(config);
        return config;
    }

    private static String pathOf(JsonParser p) {
        List<String> parts = new ArrayList<>();
        for (var ctx = p.getParsingContext().getParent(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inArray()) {
                parts.add(0, "[" + ctx.getCurrentIndex() + "]");
            } else if (ctx.getCurrentName() != null) {
                parts.add(0, ctx.getCurrentName());
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }
}
