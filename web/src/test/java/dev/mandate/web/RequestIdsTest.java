package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void keepsValidIds() {
    assertThat(RequestIds.of("a")).isEqualTo("a");
    assertThat(RequestIds.of("Az09-_")).isEqualTo("Az09-_");
    assertThat(RequestIds.of("x".repeat(64))).hasSize(64);
  }

  @Test
  void replacesInvalidIdsWithVersion4Uuids() {
    for (String bad : new String[] {null, "", "x".repeat(65), "a b", "a/b", "é", "a\nb"}) {
      String id = RequestIds.of(bad);
      assertThat(id).isNotEqualTo(bad);
      UUID u = UUID.fromString(id);
      assertThat(u.version()).isEqualTo(4);
      assertThat(u.variant()).isEqualTo(2);
    }
    assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
  }
}
