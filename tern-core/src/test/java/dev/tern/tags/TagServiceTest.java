package dev.tern.tags;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
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
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/** CreateTags, DeleteTags and DescribeTags on images and snapshots; every account has its own tags. */
class TagServiceTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void tagsAreSetOverwrittenListedAndDeleted(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String image = t.registerImage(OWNER, "tagged");
            String snap = t.snapshot(OWNER, 8);
            create(t, OWNER, List.of(image, snap), tag("env", "dev"), tag("empty", null));
            create(t, OWNER, List.of(image), tag("env", "prod"));

            assertThat(describe(t, OWNER)).extracting(d -> d.resourceType() + " " + d.key() + "=" + d.value())
                    .containsExactlyInAnyOrder("image env=prod", "image empty=", "snapshot env=dev", "snapshot empty=");

            delete(t, OWNER, List.of(image), tag("env", "dev"));
            assertThat(values(t, image, "env")).containsExactly("prod");
            delete(t, OWNER, List.of(image), tag("env", null));
            assertThat(values(t, image, "env")).isEmpty();
            delete(t, OWNER, List.of(snap), tag("empty", ""));
            delete(t, OWNER, List.of(snap), tag("env", ""));
            assertThat(describe(t, OWNER, filter("resource-id", snap))).extracting(TagDescription::key).containsExactly("env");
            delete(t, OWNER, List.of(image, snap));
            assertThat(describe(t, OWNER)).isEmpty();
        }
    }

    @BothCatalogs
    void eachAccountSeesOnlyItsOwnTags(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            t.services.snapshots().modifySnapshotAttribute(t.as(OWNER), ModifySnapshotAttributeRequest.builder()
                    .snapshotId(snap).createVolumePermission(p -> p.add(CreateVolumePermission.builder().userId(OTHER).build())).build());
            create(t, OWNER, List.of(snap), tag("who", "owner"));
            create(t, OTHER, List.of(snap), tag("who", "other"));
            assertThat(describe(t, OWNER)).extracting(TagDescription::value).containsExactly("owner");
            assertThat(describe(t, OTHER)).extracting(TagDescription::value).containsExactly("other");
            delete(t, OTHER, List.of(snap));
            assertThat(describe(t, OWNER)).extracting(TagDescription::value).containsExactly("owner");
        }
    }

    @BothCatalogs
    void keysAndValuesFollowTheTagLimits(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            assertError(ErrorCode.InvalidTagKey_Malformed, () -> create(t, OWNER, List.of(snap), tag("aws:cloudformation", "x")))
                    .hasMessage("Tag keys cannot be empty or null, and cannot start with aws:");
            assertError(ErrorCode.InvalidTagKey_Malformed, () -> create(t, OWNER, List.of(snap), tag("", "x")));
            assertError(ErrorCode.InvalidParameterValue, () -> create(t, OWNER, List.of(snap), tag("k".repeat(128), "x")));
            assertError(ErrorCode.InvalidParameterValue, () -> create(t, OWNER, List.of(snap), tag("k", "v".repeat(257))));
            assertError(ErrorCode.InvalidTagKey_Malformed, () -> delete(t, OWNER, List.of(snap), tag("aws:x", null)));
            create(t, OWNER, List.of(snap), tag("k".repeat(127), "v".repeat(256)));
            assertThat(describe(t, OWNER)).hasSize(1);
        }
    }

    @BothCatalogs
    void aResourceHoldsAtMostFiftyTagsPerAccount(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String snap = t.snapshot(OWNER, 8);
            List<Tag> fifty = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fifty.add(tag("k" + i, "v"));
            }
            create(t, OWNER, List.of(snap), fifty.toArray(Tag[]::new));
            create(t, OWNER, List.of(snap), tag("k0", "overwritten"));
            assertError(ErrorCode.TagLimitExceeded, () -> create(t, OWNER, List.of(snap), tag("one-more", "v")));
            List<Tag> fiftyOne = new ArrayList<>(fifty);
            fiftyOne.add(tag("k50", "v"));
            String other = t.snapshot(OWNER, 8);
            assertError(ErrorCode.TagLimitExceeded, () -> create(t, OWNER, List.of(other), fiftyOne.toArray(Tag[]::new)));
            assertThat(describe(t, OWNER, filter("resource-id", other))).isEmpty();
        }
    }

    @BothCatalogs
    void resourcesMustExistAndBeVisibleOrNothingIsTagged(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String mine = t.snapshot(OWNER, 8);
            String hidden = t.snapshot(OTHER, 8);
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> create(t, OWNER, List.of(mine, hidden), tag("k", "v")));
            assertError(ErrorCode.InvalidAMIID_NotFound, () -> create(t, OWNER, List.of(mine, "ami-0123456789abcdef0"), tag("k", "v")));
            assertError(ErrorCode.InvalidAMIID_Malformed, () -> create(t, OWNER, List.of("ami-zz"), tag("k", "v")));
            assertError(ErrorCode.InvalidID, () -> create(t, OWNER, List.of("i-0123456789abcdef0"), tag("k", "v")))
                    .hasMessage("The ID 'i-0123456789abcdef0' is not valid");
            assertError(ErrorCode.InvalidID, () -> create(t, OWNER, List.of("nonsense"), tag("k", "v")));
            assertError(ErrorCode.InvalidSnapshot_NotFound, () -> delete(t, OWNER, List.of(hidden)));
            assertThat(describe(t, OWNER)).isEmpty();
        }
    }

    @BothCatalogs
    void describeTagsFiltersAndPages(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            String image = t.registerImage(OWNER, "filtered");
            String snap = t.snapshot(OWNER, 8);
            create(t, OWNER, List.of(image), tag("Name", "web"), tag("env", "prod"));
            create(t, OWNER, List.of(snap), tag("Name", "data"), tag("owner", "ops"));

            assertThat(describe(t, OWNER, filter("key", "Name"))).extracting(TagDescription::value).containsExactlyInAnyOrder("web", "data");
            assertThat(describe(t, OWNER, filter("resource-type", "image"))).hasSize(2);
            assertThat(describe(t, OWNER, filter("resource-type", "snapshot"))).allMatch(d -> d.resourceId().equals(snap));
            assertThat(describe(t, OWNER, filter("resource-id", image), filter("key", "env")))
                    .extracting(TagDescription::value).containsExactly("prod");
            assertThat(describe(t, OWNER, filter("value", "d*"))).extracting(TagDescription::key).containsExactly("Name");
            assertThat(describe(t, OWNER, filter("tag:Name", "web"))).extracting(TagDescription::resourceId).containsExactly(image);
            assertThat(describe(t, OWNER, filter("key", "N*"), filter("resource-id", "snap-*"))).hasSize(1);
            assertError(ErrorCode.InvalidParameterValue, () -> describe(t, OWNER, filter("colour", "x")));

            DescribeTagsResponse first = t.services.tags().describeTags(t.as(OWNER), DescribeTagsRequest.builder().maxResults(5).build());
            assertThat(first.tags()).hasSize(4);
            assertThat(first.nextToken()).isNull();
            for (int i = 0; i < 4; i++) {
                create(t, OWNER, List.of(snap), tag("extra" + i, "x"));
            }
            List<TagDescription> all = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                DescribeTagsResponse page = t.services.tags().describeTags(t.as(OWNER),
                        DescribeTagsRequest.builder().maxResults(5).nextToken(token).build());
                all.addAll(page.tags());
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(pages).isEqualTo(2);
            assertThat(all).hasSize(8).doesNotHaveDuplicates();
            assertError(ErrorCode.InvalidParameterValue, () -> t.services.tags().describeTags(t.as(OWNER),
                    DescribeTagsRequest.builder().maxResults(1001).build()));
            assertError(ErrorCode.InvalidNextToken, () -> t.services.tags().describeTags(t.as(OWNER),
                    DescribeTagsRequest.builder().nextToken("!!").build()));
        }
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static void create(TernFixture t, String account, List<String> resources, Tag... tags) {
        t.services.tags().createTags(t.as(account), CreateTagsRequest.builder().resources(resources).tags(tags).build());
    }

    static void delete(TernFixture t, String account, List<String> resources, Tag... tags) {
        t.services.tags().deleteTags(t.as(account), DeleteTagsRequest.builder().resources(resources).tags(tags).build());
    }

    static List<TagDescription> describe(TernFixture t, String account, Filter... filters) {
        return t.services.tags().describeTags(t.as(account), DescribeTagsRequest.builder().filters(filters).build()).tags();
    }

    static List<String> values(TernFixture t, String resource, String key) {
        return describe(t, OWNER, filter("resource-id", resource), filter("key", key)).stream().map(TagDescription::value).toList();
    }
}
