package dev.tern.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example test is GoldenImageTest, word for word, so it runs with the suite and cannot rot. */
class ReadmeExampleTest {
    private static final String SOURCE = "tern-junit/src/test/java/dev/tern/junit/GoldenImageTest.java";

    @Test
    void theReadmeShowsGoldenImageTestAsItIs() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md"))) {
            root = root.getParent();
        }
        String readme = Files.readString(root.resolve("README.md"));
        String marker = "<!-- example: " + SOURCE + " -->";
        assertThat(readme).as("the README names the example's source").contains(marker);
        String after = readme.substring(readme.indexOf(marker) + marker.length());
        int open = after.indexOf("```java\n");
        int close = after.indexOf("```", open + 8);
        String shown = after.substring(open + "```java\n".length(), close);
        String source = Files.readString(root.resolve(SOURCE));
        assertThat(shown).isEqualTo(source.substring(source.indexOf("import ")));
    }
}
