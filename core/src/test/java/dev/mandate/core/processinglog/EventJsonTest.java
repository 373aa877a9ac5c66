package dev.mandate.core.processinglog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.agreement.CanonicalJson;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast event encoder writes exactly what the general canonical JSON writer writes. */
class EventJsonTest {
  static Stream<Long> seeds() {
    return IntStream.range(0, 200).mapToObj(i -> 27560L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void matchesTheGeneralCanonicalWriter(long seed) {
    Random r = new Random(seed);
    ProcessingEvent e = new ProcessingEvent(Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1 << 20), r.nextInt(1000) * 1000L),
        new CustomerId("acme-" + r.nextInt(9)), EventType.values()[r.nextInt(EventType.values().length)],
        maybe(r, "key_" + text(r)), r.nextBoolean() ? null : r.nextInt(50), maybe(r, text(r)), maybe(r, "dpv:" + text(r)),
        maybe(r, "dpv:Retrieve"), strings(r), maybe(r, "dpv:Employee"), maybe(r, "ps_" + text(r)), maybe(r, text(r)),
        r.nextBoolean() ? null : Effect.values()[r.nextInt(2)], strings(r), maybe(r, text(r)));

    assertThat(new String(EventJson.canonical(e), StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.write(general(e)));
  }

  private static Map<String, Object> general(ProcessingEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("customer", e.customer().value());
    m.put("type", e.type().name());
    put(m, "actor", e.actor());
    put(m, "agreementVersion", e.agreementVersion());
    put(m, "termsHash", e.termsHash());
    put(m, "purpose", e.purpose());
    put(m, "operation", e.operation());
    m.put("dataCategories", e.dataCategories());
    put(m, "dataSubjectCategory", e.dataSubjectCategory());
    put(m, "subject", e.subject());
    put(m, "recordRef", e.recordRef());
    put(m, "effect", e.effect() == null ? null : e.effect().name());
    m.put("reasons", e.reasons());
    put(m, "requestId", e.requestId());
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  private static String maybe(Random r, String s) {
    return r.nextInt(4) == 0 ? null : s;
  }

  private static List<String> strings(Random r) {
    List<String> list = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      list.add(text(r));
    }
    return list;
  }

  /** Letters, digits and now and then a character that needs escaping or is outside ASCII. */
  private static String text(Random r) {
    String alphabet = "abcXYZ019:-_\"\\\n\t\u0001\u00e9\u20ac\ud83d\ude00/";
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(12) + 1; i > 0; i--) {
      int k = r.nextInt(alphabet.length());
      char c = alphabet.charAt(k);
      if (Character.isHighSurrogate(c)) {
        b.append(c).append(alphabet.charAt(k + 1));
      } else if (!Character.isLowSurrogate(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
