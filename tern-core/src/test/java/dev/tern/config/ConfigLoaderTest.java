package dev.tern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The configuration file: every documented key, its default, and refusal of what it does not know. */
class ConfigLoaderTest {
    private static final String FULL = """
            accounts:
              - id: "111122223333"
                alias: alice
                accessKeys:
                  - id: AKIAALICE00000000001
                    secret: alice-secret-key
            regions:
              - name: us-east-1
                partition: aws
                supportsParavirtual: false
                outposts:
                  - arn: arn:aws:outposts:us-east-1:111122223333:outpost/op-0123456789abcdef0
              - name: cn-north-1
            catalog: jdbc:postgresql://localhost:5432/tern?user=tern
            tls:
              certificate: server.crt
              privateKey: server.key
            deregisteredImageVisibleSeconds: 5
            blocks: s3://tern-blocks/prod
            blocksEndpoint: http://127.0.0.1:9000
            blocksAccessKey: block-key
            blocksSecretKey: block-secret
            """;

    @Test
    void localZonesAreConfiguredPerRegionWithNameZoneIdAndRequiresEncryption() {
        TernConfig c = ConfigLoader.parse("""
                regions:
                  - name: us-west-2
                    localZones:
                      - name: us-west-2-lax-1a
                        zoneId: usw2-lax1-az1
                        requiresEncryption: true
                      - name: us-west-2-phx-2a
                        zoneId: usw2-phx2-az1
                """, "test");
        Region west = Regions.from(c.regions()).get("us-west-2");
        assertThat(west.localZones()).containsExactly(
                new LocalZone("us-west-2-lax-1a", "usw2-lax1-az1", "us-west-2", true),
                new LocalZone("us-west-2-phx-2a", "usw2-phx2-az1", "us-west-2", false));
        assertThat(west.localZone("usw2-phx2-az1").name()).isEqualTo("us-west-2-phx-2a");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                regions:
                  - name: us-west-2
                    localZones:
                      - name: us-east-1-bos-1a
                        zoneId: use1-bos1-az1
                """, "test")).isInstanceOf(ConfigException.class).hasMessageContaining("us-east-1-bos-1a");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                regions:
                  - name: us-west-2
                    localZones:
                      - name: us-west-2-lax-1a
                """, "test")).isInstanceOf(ConfigException.class).hasMessageContaining("zoneId");
    }

    @Test
    void everyDocumentedKeyIsRead() {
        TernConfig c = ConfigLoader.parse(FULL, "test");
        assertThat(c.accounts()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("111122223333");
            assertThat(a.alias()).isEqualTo("alice");
            assertThat(a.accessKeys()).singleElement().satisfies(k -> {
                assertThat(k.id()).isEqualTo("AKIAALICE00000000001");
                assertThat(k.secret()).isEqualTo("alice-secret-key");
            });
        });
        Regions regions = Regions.from(c.regions());
        Region east = regions.get("us-east-1");
        assertThat(east.supportsParavirtual()).isFalse();
        assertThat(east.outposts()).singleElement().satisfies(o -> assertThat(o.outpostId()).isEqualTo("op-0123456789abcdef0"));
        assertThat(regions.get("cn-north-1").partition()).isEqualTo(Partition.AWS_CN);
        assertThat(regions.get("us-west-2")).isNull();
        assertThat(c.catalog()).isEqualTo("jdbc:postgresql://localhost:5432/tern?user=tern");
        assertThat(c.tls().certificate()).isEqualTo("server.crt");
        assertThat(c.tls().privateKey()).isEqualTo("server.key");
        assertThat(c.deregisteredVisibleSeconds()).isEqualTo(5);
        assertThat(c.blocks()).isEqualTo("s3://tern-blocks/prod");
        assertThat(c.blocksEndpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.blocksAccessKey()).isEqualTo("block-key");
        assertThat(c.blocksSecretKey()).isEqualTo("block-secret");
    }

    @Test
    void defaultsAreTheCommercialRegionsAndSqlite() {
        TernConfig c = ConfigLoader.parse("", "empty");
        assertThat(c.catalog()).isNull();
        assertThat(c.tls()).isNull();
        assertThat(c.blocks()).isNull();
        assertThat(c.deregisteredVisibleSeconds()).isEqualTo(TernConfig.DEFAULT_DEREGISTERED_VISIBLE_SECONDS);
        Regions regions = Regions.from(c.regions());
        assertThat(regions.all()).extracting(Region::name).contains("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2")
                .doesNotContain("cn-north-1", "us-gov-west-1");
        assertThat(regions.get("us-east-1").supportsParavirtual()).isTrue();
        assertThat(regions.get("af-south-1").optIn()).isTrue();
        assertThat(regions.get("us-east-1").optIn()).isFalse();
    }

    @Test
    void unknownKeysStopTheStartNamingEachOne() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                acounts: []
                regions:
                  - name: us-east-1
                    colour: blue
                """, "bad.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acounts")
                .hasMessageContaining("colour")
                .hasMessageContaining("bad.yaml");
    }

    @Test
    void anUnknownKeyIsNamedAsWrittenEvenWhenItHoldsAList() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                accounts: []
                mirrors:
                  - from: us-east-1
                    to: us-west-2
                  - from: us-west-2
                accounts2:
                  nested: 1
                """, "mirrors.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown configuration key(s) in mirrors.yaml: mirrors, accounts2");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                accounts:
                  - id: "111122223333"
                    accessKeys:
                      - id: A
                        secret: s
                        colour: blue
                """, "deep.yaml"))
                .hasMessage("unknown configuration key(s) in deep.yaml: accounts[0].accessKeys[0].colour");
    }

    @Test
    void badValuesAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> ConfigLoader.parse("accounts:\n  - id: \"12345\"\n", "x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("12 digits");
        assertThatThrownBy(() -> ConfigLoader.parse("regions:\n  - name: Mars\n", "x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Mars");
        assertThatThrownBy(() -> ConfigLoader.parse("regions:\n  - name: us-east-1\n    partition: moon\n", "x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("moon");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "regions:\n  - name: us-east-1\n    outposts:\n      - arn: arn:aws:outposts:us-west-2:111122223333:outpost/op-0123456789abcdef0\n", "x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("op-0123456789abcdef0");
        assertThatThrownBy(() -> ConfigLoader.parse("tls:\n  certificate: a.crt\n", "x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("privateKey");
        assertThatThrownBy(() -> ConfigLoader.parse("accounts: [[[", "x")).isInstanceOf(ConfigException.class);
    }

    @Test
    void demoAddsTheDocumentationKeyPair() {
        TernConfig c = DemoData.addTo(TernConfig.empty());
        assertThat(c.accounts()).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("123456789012");
            assertThat(a.accessKeys().get(0).id()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
            assertThat(a.accessKeys().get(0).secret()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        });
        assertThat(DemoData.addTo(c).accounts()).hasSize(1);
    }
}
