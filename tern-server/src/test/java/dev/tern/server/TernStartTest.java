package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.catalog.Catalog;
import dev.tern.config.DemoData;
import dev.tern.demo.DemoSeed;
import dev.tern.testing.SnapshotData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The library API's promises: start() means served, a failed start says why in one line and leaves nothing behind. */
class TernStartTest {
    @TempDir
    Path dir;

    @Test
    void whenStartReturnsTheDemoDataIsServedAndHealthSaysSo() throws Exception {
        try (Tern tern = Tern.builder().demo(true).dataDir(dir.resolve("data")).start();
                Ec2Client ec2 = Ec2Client.builder().endpointOverride(tern.endpoint()).region(Region.US_WEST_2)
                        .httpClient(ApacheHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(DemoData.ACCESS_KEY_ID, DemoData.SECRET_ACCESS_KEY))).build()) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(tern.endpoint() + "/_tern/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(ec2.describeImages(r -> r.imageIds(DemoSeed.IMAGE_ID)).images()).hasSize(1);
        }
        assertThat(dir.resolve("data").resolve(Catalog.SQLITE_FILE)).as("a given data directory is kept").exists();
    }

    @Test
    void aTemporaryDataDirectoryIsGoneAfterClose() throws Exception {
        Path data;
        try (Tern tern = Tern.builder().start()) {
            data = tern.dataDir();
            assertThat(data.resolve(Catalog.SQLITE_FILE)).exists();
        }
        assertThat(data).doesNotExist();
        assertThat(data.getParent()).doesNotExist();
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        assertThatThrownBy(() -> Tern.builder().dataDir(file).start())
                .isInstanceOf(Tern.StartException.class)
                .hasMessage("data directory " + file + " is not a directory");
    }

    @Test
    void aDataDirectoryUnderAFileCannotBeCreated() {
        Path file = dir.resolve("file");
        assertThatThrownBy(() -> {
            Files.writeString(file, "x");
            Tern.builder().dataDir(file.resolve("data")).start();
        }).isInstanceOf(Tern.StartException.class).hasMessageContaining(file.toString()).hasMessageNotContaining("\n");
    }

    @Test
    void aCatalogueFromANewerTernIsRefusedNamingTheFileAndVersions() throws Exception {
        Path data = dir.resolve("data");
        try (Tern tern = Tern.builder().dataDir(data).start()) {
            assertThat(tern.endpoint()).isNotNull();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Catalog.SQLITE_FILE));
                var s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, execution_time, success) VALUES (999, '999', 'from the future', 'SQL',"
                    + " 'V999__future.sql', 1, 'tern', 1, 1)");
        }
        assertThatThrownBy(() -> Tern.builder().dataDir(data).start())
                .isInstanceOf(Tern.StartException.class)
                .hasMessageContaining(data.resolve(Catalog.SQLITE_FILE).toString())
                .hasMessageContaining("newer Tern")
                .hasMessageContaining("999")
                .hasMessageNotContaining("\n");
        assertThat(data.resolve(Catalog.SQLITE_FILE)).as("a data directory it did not create is left as it was").exists();
    }

    @Test
    void aFailedStartLeavesNothingInADataDirectoryItCreated() throws Exception {
        Path data = dir.resolve("fresh").resolve("data");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Tern.builder().dataDir(data).port(taken.getLocalPort()).start())
                    .isInstanceOf(Tern.StartException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageNotContaining("\n");
        }
        assertThat(data).doesNotExist();
        try (Stream<Path> left = Files.list(data.getParent())) {
            assertThat(left).as("nor the root key beside it").isEmpty();
        }
    }

    @Test
    void resetReturnsToTheStateAtStart() throws Exception {
        try (Tern tern = Tern.builder().demo(true).start()) {
            var services = tern.services();
            var ctx = new dev.tern.account.CallContext(services.accounts().byId(DemoData.ACCOUNT_ID),
                    services.regions().get(DemoSeed.REGION), "test");
            String snapshot = SnapshotData.write(services, ctx, 1, "made after the start");
            tern.reset();
            assertThat(services.snapshots().describeSnapshots(ctx,
                    software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest.builder().ownerIds("self").build())
                    .snapshots()).extracting(s -> s.snapshotId()).doesNotContain(snapshot).hasSize(1);
            assertThat(services.snapshotBlocks().count(services.images().describeImages(ctx,
                    software.amazon.awssdk.services.ec2.model.DescribeImagesRequest.builder().imageIds(DemoSeed.IMAGE_ID)
                            .build()).images().get(0).blockDeviceMappings().get(0).ebs().snapshotId()))
                    .as("the demo snapshot's blocks are still recorded").isEqualTo(DemoSeed.DATA_BLOCKS);
        }
    }
}
