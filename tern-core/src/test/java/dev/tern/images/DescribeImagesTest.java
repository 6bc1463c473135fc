package dev.tern.images;

import static dev.tern.testing.TernFixture.AMAZON;
import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static dev.tern.testing.TernFixture.registerRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/** DescribeImages: ids, owners, filters, visibility and paging. */
class DescribeImagesTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void eachFilterSelectsTheImagesItNames(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String web = t.registerImage(OWNER, "web-server-2024");
            String snapDb = t.snapshot(OWNER, 16);
            String db = t.services.images().registerImage(t.as(OWNER), registerRequest("db-server-2025", snapDb)
                    .architecture("x86_64").virtualizationType("hvm").description("database").build()).imageId();
            t.services.tags().createTags(t.as(OWNER), CreateTagsRequest.builder().resources(web)
                    .tags(Tag.builder().key("role").value("web").build()).build());

            assertThat(ids(t, OWNER, filter("name", "web-server-2024"))).containsExactly(web);
            assertThat(ids(t, OWNER, filter("name", "*-server-*"))).containsExactlyInAnyOrder(web, db);
            assertThat(ids(t, OWNER, filter("name", "db-server-202?"))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("name", "web*", "db*"))).containsExactlyInAnyOrder(web, db);
            assertThat(ids(t, OWNER, filter("name", "web-server"))).isEmpty();
            assertThat(ids(t, OWNER, filter("image-id", db))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("state", "available"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("state", "pending"))).isEmpty();
            assertThat(ids(t, OWNER, filter("owner-id", OWNER))).hasSize(2);
            assertThat(ids(t, OWNER, filter("owner-alias", "amazon"))).isEmpty();
            assertThat(ids(t, OWNER, filter("is-public", "false"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("is-public", "true"))).isEmpty();
            assertThat(ids(t, OWNER, filter("architecture", "x86_64"))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("architecture", "i386"))).containsExactly(web);
            assertThat(ids(t, OWNER, filter("tag:role", "web"))).containsExactly(web);
            assertThat(ids(t, OWNER, filter("tag:role", "db"))).isEmpty();
            assertThat(ids(t, OWNER, filter("tag-key", "role"))).containsExactly(web);
            assertThat(ids(t, OWNER, filter("tag-value", "w*"))).containsExactly(web);
            assertThat(ids(t, OWNER, filter("source-image-id", "ami-*"))).isEmpty();
            assertThat(ids(t, OWNER, filter("source-image-region", "us-east-1"))).isEmpty();
            assertThat(ids(t, OWNER, filter("block-device-mapping.snapshot-id", snapDb))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("block-device-mapping.encrypted", "false"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("block-device-mapping.volume-size", "16"))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("description", "data*"))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("image-type", "machine"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("root-device-type", "ebs"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("virtualization-type", "hvm"))).containsExactly(db);
            assertThat(ids(t, OWNER, filter("creation-date", "2025-01-15T*"))).hasSize(2);
            assertThat(ids(t, OWNER, filter("name", "*server*"), filter("architecture", "i386"))).containsExactly(web);
        }
    }

    @BothCatalogs
    void theNameFilterTreatsUnderscoresAndEscapesLiterally(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String underscore = t.registerImage(OWNER, "web_a");
            String letter = t.registerImage(OWNER, "webXa");
            assertThat(ids(t, OWNER, filter("name", "web_*"))).containsExactly(underscore);
            assertThat(ids(t, OWNER, filter("name", "web?a"))).containsExactlyInAnyOrder(underscore, letter);
            assertThat(ids(t, OWNER, filter("name", "web\\_a"))).containsExactly(underscore);
            assertThat(ids(t, OWNER, filter("name", "*a"))).containsExactlyInAnyOrder(underscore, letter);
        }
    }

    @BothCatalogs
    void anUnknownFilterIsRefused(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            assertError(ErrorCode.InvalidParameterValue, () -> ids(t, OWNER, filter("colour", "blue")))
                    .hasMessage("The filter 'colour' is invalid");
        }
    }

    @BothCatalogs
    void unknownAndMalformedImageIdsAreErrors(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String mine = t.registerImage(OWNER, "mine");
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> describe(t, OWNER, DescribeImagesRequest.builder()
                    .imageIds(mine, "ami-0123456789abcdef0").build()))
                    .hasMessage("The image id '[ami-0123456789abcdef0]' does not exist");
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> describe(t, OTHER,
                    DescribeImagesRequest.builder().imageIds(mine).build()));
            assertError(ErrorCode.InvalidAMIID_Malformed, () -> describe(t, OWNER,
                    DescribeImagesRequest.builder().imageIds("ami-nothex").build()));
            // A visible id that a filter excludes is simply not returned.
            assertThat(describe(t, OWNER, DescribeImagesRequest.builder().imageIds(mine)
                    .filters(filter("name", "other")).build()).images()).isEmpty();
        }
    }

    @BothCatalogs
    void ownersNameAccountsByIdSelfOrAlias(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String mine = t.registerImage(OWNER, "mine");
            String amazons = t.registerImage(AMAZON, "amzn2-ami-hvm");
            makePublic(t, AMAZON, amazons);

            assertThat(ids(t, OWNER)).containsExactlyInAnyOrder(mine, amazons);
            assertThat(ids(t, OWNER, owners("self"))).containsExactly(mine);
            assertThat(ids(t, OWNER, owners(OWNER))).containsExactly(mine);
            assertThat(ids(t, OWNER, owners("amazon"))).containsExactly(amazons);
            assertThat(ids(t, OWNER, owners(AMAZON))).containsExactly(amazons);
            assertThat(ids(t, OWNER, owners("aws-marketplace"))).isEmpty();
            assertThat(ids(t, OWNER, owners("self", "amazon"))).containsExactlyInAnyOrder(mine, amazons);
            assertThat(ids(t, OWNER, filter("owner-alias", "amazon"))).containsExactly(amazons);
            Image shown = describe(t, OWNER, DescribeImagesRequest.builder().imageIds(amazons).build()).images().get(0);
            assertThat(shown.imageOwnerAlias()).isEqualTo("amazon");
            assertThat(shown.publicLaunchPermissions()).isTrue();
        }
    }

    @BothCatalogs
    void imagesAreSeenInTheirOwnRegionOnly(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String east = t.registerImage(OWNER, "east");
            assertThat(t.services.images().describeImages(t.as(OWNER, "us-west-2"),
                    DescribeImagesRequest.builder().build()).images()).isEmpty();
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> t.services.images().describeImages(t.as(OWNER, "us-west-2"),
                    DescribeImagesRequest.builder().imageIds(east).build()));
        }
    }

    @BothCatalogs
    void pagesFollowImageIdOrderUntilNoTokenIsReturned(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(t.registerImage(OWNER, "paged-" + i, snap));
            }
            t.registerImage(OWNER, "not-paged", snap);
            all.sort(null);

            List<String> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String token = null;
            do {
                DescribeImagesResponse page = describe(t, OWNER, DescribeImagesRequest.builder()
                        .filters(filter("name", "paged-*")).maxResults(5).nextToken(token).build());
                page.images().forEach(i -> seen.add(i.imageId()));
                sizes.add(page.images().size());
                token = page.nextToken();
            } while (token != null);
            assertThat(sizes).containsExactly(5, 5, 2);
            assertThat(seen).isEqualTo(all);
        }
    }

    @BothCatalogs
    void maxResultsAndNextTokenAreChecked(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String mine = t.registerImage(OWNER, "mine");
            assertError(ErrorCode.InvalidParameterValue, () -> describe(t, OWNER, DescribeImagesRequest.builder().maxResults(4).build()));
            assertError(ErrorCode.InvalidParameterValue, () -> describe(t, OWNER, DescribeImagesRequest.builder().maxResults(1001).build()));
            assertError(ErrorCode.InvalidParameterCombination, () -> describe(t, OWNER,
                    DescribeImagesRequest.builder().imageIds(mine).maxResults(5).build()));
            assertError(ErrorCode.InvalidNextToken, () -> describe(t, OWNER,
                    DescribeImagesRequest.builder().maxResults(5).nextToken("not-a-token").build()));
            assertThat(describe(t, OWNER, DescribeImagesRequest.builder().maxResults(5).build()).nextToken()).isNull();
        }
    }

    static DescribeImagesResponse describe(TernFixture t, String account, DescribeImagesRequest request) {
        return t.services.images().describeImages(t.as(account), request);
    }

    static List<String> ids(TernFixture t, String account, Object... parts) {
        DescribeImagesRequest.Builder b = DescribeImagesRequest.builder();
        List<Filter> filters = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Filter f) {
                filters.add(f);
            } else if (p instanceof Owners o) {
                b.owners(o.values());
            }
        }
        return describe(t, account, b.filters(filters).build()).images().stream().map(Image::imageId).toList();
    }

    record Owners(List<String> values) {}

    static Owners owners(String... values) {
        return new Owners(List.of(values));
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static void makePublic(TernFixture t, String owner, String imageId) {
        t.services.images().modifyImageAttribute(t.as(owner), ModifyImageAttributeRequest.builder().imageId(imageId)
                .launchPermission(p -> p.add(LaunchPermission.builder().group("all").build())).build());
    }
}
