package dev.tern.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** {@link Lifecycle#PER_METHOD}: each test has a server and a data directory of its own, gone after it. */
class PerMethodLifecycleTest {
    @RegisterExtension
    static TernExtension tern = TernExtension.builder().perMethod().regions("eu-west-1").build();

    private static final List<URI> endpoints = new ArrayList<>();
    private static final List<Path> dataDirs = new ArrayList<>();

    @RepeatedTest(3)
    void aServerOfItsOwn(Ec2Client ec2) {
        assertThat(endpoints).doesNotContain(tern.endpoint());
        assertThat(dataDirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
        endpoints.add(tern.endpoint());
        dataDirs.add(tern.dataDir());
        assertThat(tern.region()).isEqualTo("eu-west-1");
        assertThat(ec2.describeImages(r -> r.owners("self")).images()).isEmpty();
        tern.image("eu-west-1").withRandomData(512 * 1024).register();
        assertThat(ec2.describeImages(r -> r.owners("self")).images()).hasSize(1);
        assertThat(Files.isDirectory(tern.dataDir())).isTrue();
    }

    @AfterAll
    static void everyDataDirectoryIsGone() {
        assertThat(dataDirs).hasSize(3).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }
}
