package dev.tern.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the one place that lists every configuration key: each key of TernConfig is there. */
class ConfigurationDocTest {
    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (RecordComponent c : TernConfig.class.getRecordComponents()) {
            assertThat(doc).as("configuration.md documents " + c.getName()).contains("`" + c.getName());
            assertThat(doc).as("the YAML example shows " + c.getName()).containsPattern("(?m)^" + c.getName() + ":");
        }
    }
}
