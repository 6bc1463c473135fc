package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values were computed with Python's hashlib, independently of this code. */
class EbsChecksumsTest {
    private static byte[] filled(int value) {
        byte[] b = new byte[EbsBlocks.BLOCK_SIZE];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void eachBlockChecksumIsTheBase64OfItsSha256() {
        assertThat(EbsChecksums.base64(EbsChecksums.sha256(filled(1), EbsBlocks.BLOCK_SIZE)))
                .isEqualTo("M6FQvOsTwamSIx5ltPrRaBUhL8Bs20CJltMu6yzvnrs=");
    }

    @Test
    void linearAggregateHashesTheRawDigestsInBlockOrderNotTheirBase64() {
        byte[] first = EbsChecksums.sha256(filled(1), EbsBlocks.BLOCK_SIZE);
        byte[] second = EbsChecksums.sha256(filled(2), EbsBlocks.BLOCK_SIZE);
        assertThat(EbsChecksums.linearAggregate(List.of(first, second)))
                .isEqualTo("fccGN1xyY7l5uqsw58BLULbsU8thbz9pDvzr9oCk5yk=")
                // what hashing the base64 strings would give: the mistake this test guards against
                .isNotEqualTo("86bbE6nbuRJPQ9gOA9RPKIRqysjmbWn1GFlZTvem28E=");
        assertThat(EbsChecksums.linearAggregate(List.of(second, first)))
                .isNotEqualTo("fccGN1xyY7l5uqsw58BLULbsU8thbz9pDvzr9oCk5yk=");
    }
}
