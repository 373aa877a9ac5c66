package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.keys.KeyUnavailableException;
import org.junit.jupiter.api.Test;

class EnvironmentMasterKeysTest {
  private final byte[] dataKey = new byte[32];
  private final byte[] aad = utf8("aad");

  @Test
  void theHighestVersionIsCurrentAndOlderOnesStillUnwrap() {
    String one = Fixtures.randomKeyBase64();
    EnvironmentMasterKeys before = EnvironmentMasterKeys.parse("1:" + one);
    byte[] underOne = before.wrap(dataKey, aad);

    EnvironmentMasterKeys after = EnvironmentMasterKeys.parse(" 2:" + Fixtures.randomKeyBase64() + " , 1:" + one);

    assertThat(after.currentVersion()).isEqualTo(2);
    assertThat(after.unwrap(1, underOne, aad)).isEqualTo(dataKey);
    assertThat(after.toString()).doesNotContain(one).contains("versions=[1, 2]");
  }

  @Test
  void badEntriesAreNamedByPositionNeverByValue() {
    String secret = Fixtures.randomKeyBase64();
    for (String value : new String[] {"1:" + secret + ",2:" + secret.substring(4), "x:" + secret,
        secret, "1:" + secret + ",1:" + secret, "1:" + secret + "!"}) {
      assertThatThrownBy(() -> EnvironmentMasterKeys.parse(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("master key entry")
          .hasMessageNotContaining(secret.substring(4, 20));
    }
  }

  @Test
  void anUnsetVariableIsUnavailable() {
    assertThatThrownBy(() -> EnvironmentMasterKeys.fromEnvironment("MANDATE_TEST_SURELY_UNSET_7f3a"))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessage("environment variable MANDATE_TEST_SURELY_UNSET_7f3a is not set");
  }

  @Test
  void anAbsentVersionIsUnavailable() {
    EnvironmentMasterKeys keys = EnvironmentMasterKeys.parse("3:" + Fixtures.randomKeyBase64());
    assertThatThrownBy(() -> keys.unwrap(1, keys.wrap(dataKey, aad), aad))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessage("master key version 1 is not present");
  }
}
