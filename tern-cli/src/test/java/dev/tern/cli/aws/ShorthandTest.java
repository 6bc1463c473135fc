package dev.tern.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shorthand grammar on the cases the AWS CLI documents. */
class ShorthandTest {
    private static String parse(String s) {
        return JsonOutput.compact(Shorthand.parse(s));
    }

    @Test
    void scalarsListsAndStructures() {
        assertThat(parse("Key=k,Value=v")).isEqualTo("{\"Key\": \"k\", \"Value\": \"v\"}");
        assertThat(parse("Name=region-name,Values=us-east-1,eu-west-1"))
                .isEqualTo("{\"Name\": \"region-name\", \"Values\": [\"us-east-1\", \"eu-west-1\"]}");
        assertThat(parse("ResourceType=image,Tags=[{Key=k,Value=v},{Key=a,Value=b}]"))
                .isEqualTo("{\"ResourceType\": \"image\", \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}, "
                        + "{\"Key\": \"a\", \"Value\": \"b\"}]}");
        assertThat(parse("a=[x,y],b={c=d}")).isEqualTo("{\"a\": [\"x\", \"y\"], \"b\": {\"c\": \"d\"}}");
    }

    @Test
    void quotesEscapesAndEmptyValues() {
        assertThat(parse("Value='a,b',Other=\"c=d\"")).isEqualTo("{\"Value\": \"a,b\", \"Other\": \"c=d\"}");
        assertThat(parse("Value=a\\,b")).isEqualTo("{\"Value\": \"a,b\"}");
        assertThat(parse("Key=k,Value=")).isEqualTo("{\"Key\": \"k\", \"Value\": \"\"}");
    }

    @Test
    void errorsAreParameterErrors() {
        assertThatThrownBy(() -> Shorthand.parse("Key")).isInstanceOf(ParamException.class)
                .hasMessageContaining("Expected: '='");
        assertThatThrownBy(() -> Shorthand.parse("a=b,a=c")).isInstanceOf(ParamException.class)
                .hasMessageContaining("Second instance of key \"a\"");
    }

    @Test
    void namesAreTheAwsClisKebabCase() {
        assertThat(Names.kebab("DescribeImages")).isEqualTo("describe-images");
        assertThat(Names.kebab("KmsKeyId")).isEqualTo("kms-key-id");
        assertThat(Names.kebab("DescribeIpv6Pools")).isEqualTo("describe-ipv6-pools");
        assertThat(Names.kebab("SnapshotCopyCompletionDurationMinutes"))
                .isEqualTo("snapshot-copy-completion-duration-minutes");
        assertThat(Names.kebab("ResourceARNs")).isEqualTo("resource-arns");
        assertThat(Operation.find(Service.EC2, "copy-image").name).isEqualTo("CopyImage");
        assertThat(Operation.find(Service.EC2, "copy-imagez")).isNull();
    }
}
