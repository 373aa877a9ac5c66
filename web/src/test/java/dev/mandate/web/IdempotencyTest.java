package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.testkit.InMemoryIdempotencyStore;
import dev.mandate.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
  private final Idempotency idempotency = new Idempotency(store, MutableClock.at("2026-01-01T00:00:00Z"));
  private final Principal alice = new Principal(new ApiKeyId("key_alice"), Role.PROCESSOR_ADMIN, Set.of(), Set.of());
  private final byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
  private final AtomicInteger calls = new AtomicInteger();

  private Reply answer(int status) {
    calls.incrementAndGet();
    return Reply.json(status, ("{\"n\":" + calls.get() + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replaysSuccessAndClientErrors() {
    for (int status : new int[] {201, 400, 404}) {
      String key = "k" + status;
      Reply first = idempotency.run(alice, key, "POST", "/v1/customers", body, () -> answer(status));
      Reply second = idempotency.run(alice, key, "POST", "/v1/customers", body, () -> answer(status));
      assertThat(second.status()).isEqualTo(status);
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(second.headers()).containsExactly(java.util.Map.entry(Idempotency.REPLAYED, "true"));
    }
    assertThat(calls).hasValue(3);
  }

  @Test
  void releasesOnServerErrorsAndExceptions() {
    idempotency.run(alice, "k", "POST", "/p", body, () -> answer(503));
    assertThat(idempotency.run(alice, "k", "POST", "/p", body, () -> answer(201)).headers()).isEmpty();
    assertThatThrownBy(() -> idempotency.run(alice, "k2", "POST", "/p", body, () -> {
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(idempotency.run(alice, "k2", "POST", "/p", body, () -> answer(201)).status()).isEqualTo(201);
  }

  @Test
  void differentRequestWithSameKeyIs422AndRunningIs409() {
    idempotency.run(alice, "k", "POST", "/p", body, () -> answer(201));
    HttpProblem reused = catchThrowableOfType(HttpProblem.class,
        () -> idempotency.run(alice, "k", "POST", "/p", "{}".getBytes(StandardCharsets.UTF_8), () -> answer(201)));
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
    HttpProblem otherPath = catchThrowableOfType(HttpProblem.class,
        () -> idempotency.run(alice, "k", "POST", "/q", body, () -> answer(201)));
    assertThat(otherPath.status()).isEqualTo(422);

    store.reserve("key_alice", "busy", Idempotency.fingerprint("POST", "/p", body), java.time.Instant.EPOCH);
    HttpProblem running = catchThrowableOfType(HttpProblem.class,
        () -> idempotency.run(alice, "busy", "POST", "/p", body, () -> answer(201)));
    assertThat(running.status()).isEqualTo(409);
    assertThat(running.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS);
  }

  @Test
  void keysAreOneToTwoHundredPrintableAsciiCharacters() {
    Idempotency.check("a");
    Idempotency.check("~ !".repeat(66) + "ab");
    for (String bad : List.of("", "x".repeat(201), "tab\there", "ünï")) {
      HttpProblem p = catchThrowableOfType(HttpProblem.class, () -> Idempotency.check(bad));
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.errors().getFirst().field()).isEqualTo("Idempotency-Key");
    }
  }
}
