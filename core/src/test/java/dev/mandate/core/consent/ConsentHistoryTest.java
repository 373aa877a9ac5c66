package dev.mandate.core.consent;

import static dev.mandate.core.consent.ConsentChange.EXPIRED;
import static dev.mandate.core.consent.ConsentChange.GRANTED;
import static dev.mandate.core.consent.ConsentChange.REFUSED;
import static dev.mandate.core.consent.ConsentChange.WITHDRAWN;
import static dev.mandate.core.consent.ConsentSource.CUSTOMER_ASSERTED;
import static dev.mandate.core.consent.ConsentSource.DATA_SUBJECT_FORM;
import static dev.mandate.core.consent.ConsentSource.GPC_SIGNAL;
import static dev.mandate.core.consent.ConsentSource.ONE_CLICK_UNSUBSCRIBE;
import static dev.mandate.core.consent.ConsentSource.TCF_STRING;
import static dev.mandate.core.consent.ConsentVerdict.Status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.ConsentLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsentHistory#verdict}, example by example: the state for a purpose at a time is what
 * the latest event expressed and recorded by then says; a grant counts only if the person gave it
 * and it was not a condition of the service; any "no" counts, whoever reported it.
 */
class ConsentHistoryTest {
  static final String DM = "dpv:DirectMarketing";
  static final String ADS = "dpv:TargetedAdvertising";
  /** The time asked about. */
  static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  static Instant hoursBefore(int h) {
    return AT.minus(Duration.ofHours(h));
  }

  static Instant hoursAfter(int h) {
    return AT.plus(Duration.ofHours(h));
  }

  private long nextIndex = 100;

  /** An event expressed and recorded at {@code at}, not bundled, without expiry. */
  ConsentEvent event(String purpose, ConsentChange change, ConsentSource source, Instant at) {
    return event(purpose, change, source, at, at, null, false);
  }

  ConsentEvent event(String purpose, ConsentChange change, ConsentSource source, Instant expressed, Instant recorded,
      Instant validUntil, boolean conditionOfService) {
    return event(purpose, change, source, expressed, recorded, validUntil, conditionOfService, nextIndex++);
  }

  static ConsentEvent event(String purpose, ConsentChange change, ConsentSource source, Instant expressed,
      Instant recorded, Instant validUntil, boolean conditionOfService, long logIndex) {
    return new ConsentEvent(UUID.nameUUIDFromBytes(("event-" + logIndex + purpose + change).getBytes()),
        new CustomerId("acme-shop"), "ps_person", new byte[32], purpose, change, source, expressed, recorded,
        validUntil, new Notice("v3", "a".repeat(64), "en"), conditionOfService, "EU-GDPR", Map.of(), "sub-" + logIndex,
        "key_test/customer-app", logIndex);
  }

  static ConsentVerdict verdict(List<ConsentEvent> events) {
    return ConsentHistory.verdict(events, DM, AT);
  }

  static void assertRestsOn(ConsentVerdict v, Status status, ConsentEvent e) {
    assertThat(v.status()).isEqualTo(status);
    assertThat(v.purpose()).isEqualTo(e.purpose());
    assertThat(v.event()).isEqualTo(e.id());
    assertThat(v.since()).isEqualTo(e.expressedAt());
    assertThat(v.validUntil()).isEqualTo(e.validUntil());
    assertThat(v.logIndex()).isEqualTo(e.logIndex());
  }

  @Nested
  class EveryStatus {
    final Set<Status> reached = EnumSet.noneOf(Status.class);

    @Test
    void none_when_the_person_has_no_event_for_the_purpose() {
      ConsentVerdict v = verdict(List.of());
      assertThat(v).isEqualTo(ConsentVerdict.none(DM));
      assertThat(v.valid()).isFalse();
      assertThat(v.optedOut()).isFalse();
      assertThat(v.event()).isNull();
      assertThat(v.since()).isNull();
    }

    @Test
    void valid_on_the_persons_own_grant() {
      for (ConsentSource source : List.of(DATA_SUBJECT_FORM, TCF_STRING, GPC_SIGNAL, ONE_CLICK_UNSUBSCRIBE)) {
        ConsentEvent grant = event(DM, GRANTED, source, hoursBefore(2), hoursBefore(1), hoursAfter(24), false);
        ConsentVerdict v = verdict(List.of(grant));
        assertRestsOn(v, Status.VALID, grant);
        assertThat(v.valid()).as("%s", source).isTrue();
        assertThat(v.optedOut()).isFalse();
      }
    }

    @Test
    void refused() {
      ConsentEvent no = event(DM, REFUSED, DATA_SUBJECT_FORM, hoursBefore(1));
      ConsentVerdict v = verdict(List.of(no));
      assertRestsOn(v, Status.REFUSED, no);
      assertThat(v.optedOut()).isTrue();
      assertThat(v.valid()).isFalse();
    }

    @Test
    void withdrawn_after_a_grant() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      ConsentEvent no = event(DM, WITHDRAWN, ONE_CLICK_UNSUBSCRIBE, hoursBefore(1));
      ConsentVerdict v = verdict(List.of(grant, no));
      assertRestsOn(v, Status.WITHDRAWN, no);
      assertThat(v.optedOut()).isTrue();
    }

    @Test
    void expired_by_an_expiry_event() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      ConsentEvent expired = event(DM, EXPIRED, CUSTOMER_ASSERTED, hoursBefore(1));
      ConsentVerdict v = verdict(List.of(grant, expired));
      assertRestsOn(v, Status.EXPIRED, expired);
      assertThat(v.valid()).isFalse();
      assertThat(v.optedOut()).isFalse();
    }

    @Test
    void expired_when_the_grant_is_past_its_valid_until() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(48), hoursBefore(48), hoursBefore(1), false);
      ConsentVerdict v = verdict(List.of(grant));
      assertRestsOn(v, Status.EXPIRED, grant);
      assertThat(v.validUntil()).isEqualTo(hoursBefore(1));
    }

    @Test
    void not_from_person_on_a_customers_bare_assertion() {
      ConsentEvent asserted = event(DM, GRANTED, CUSTOMER_ASSERTED, hoursBefore(1));
      ConsentVerdict v = verdict(List.of(asserted));
      assertRestsOn(v, Status.NOT_FROM_PERSON, asserted);
      assertThat(v.valid()).isFalse();
    }

    @Test
    void bundled_with_service_on_a_grant_made_a_condition_of_it() {
      ConsentEvent bundled = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(1), hoursBefore(1), null, true);
      assertRestsOn(verdict(List.of(bundled)), Status.BUNDLED_WITH_SERVICE, bundled);
      // bundled and asserted by the customer: being bundled is the graver defect and is what is reported
      ConsentEvent both = event(DM, GRANTED, CUSTOMER_ASSERTED, hoursBefore(1), hoursBefore(1), null, true);
      assertRestsOn(verdict(List.of(both)), Status.BUNDLED_WITH_SERVICE, both);
    }

    @Test
    void no_subject_is_never_derived_from_events_only_given_when_no_person_is_named() {
      ConsentVerdict v = ConsentLookup.NO_SUBJECT.verdict("custom:Newsletter", DM);
      assertThat(v).isEqualTo(ConsentVerdict.noSubject("custom:Newsletter"));
      assertThat(v.status()).isEqualTo(Status.NO_SUBJECT);
      assertThat(v.valid()).isFalse();
      assertThat(v.optedOut()).isFalse();
    }

    @Test
    void every_status_is_reachable() {
      List<List<ConsentEvent>> histories = List.of(
          List.of(),
          List.of(event(DM, GRANTED, TCF_STRING, hoursBefore(1))),
          List.of(event(DM, REFUSED, GPC_SIGNAL, hoursBefore(1))),
          List.of(event(DM, WITHDRAWN, ONE_CLICK_UNSUBSCRIBE, hoursBefore(1))),
          List.of(event(DM, EXPIRED, DATA_SUBJECT_FORM, hoursBefore(1))),
          List.of(event(DM, GRANTED, CUSTOMER_ASSERTED, hoursBefore(1))),
          List.of(event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(1), hoursBefore(1), null, true)));
      for (List<ConsentEvent> h : histories) {
        reached.add(verdict(h).status());
      }
      reached.add(ConsentLookup.NO_SUBJECT.verdict(DM, DM).status());
      assertThat(reached).containsExactlyInAnyOrder(Status.values());
    }
  }

  @Nested
  class WhatCounts {
    @Test
    void a_customers_assertion_after_a_valid_grant_changes_nothing() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      ConsentEvent asserted = event(DM, GRANTED, CUSTOMER_ASSERTED, hoursBefore(1));
      assertRestsOn(verdict(List.of(grant, asserted)), Status.VALID, grant);
    }

    @Test
    void a_bundled_grant_after_a_valid_grant_changes_nothing() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      ConsentEvent bundled = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(1), hoursBefore(1), null, true);
      assertRestsOn(verdict(List.of(grant, bundled)), Status.VALID, grant);
    }

    @Test
    void a_customers_assertion_after_a_refusal_gives_no_consent() {
      ConsentEvent no = event(DM, REFUSED, DATA_SUBJECT_FORM, hoursBefore(5));
      ConsentEvent asserted = event(DM, GRANTED, CUSTOMER_ASSERTED, hoursBefore(1));
      ConsentVerdict v = verdict(List.of(no, asserted));
      assertThat(v.valid()).isFalse();
      // reported as the assertion that failed to count
      assertRestsOn(v, Status.NOT_FROM_PERSON, asserted);
    }

    @Test
    void a_no_counts_whoever_reports_it() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      for (ConsentChange change : List.of(REFUSED, WITHDRAWN, EXPIRED)) {
        ConsentEvent no = event(DM, change, CUSTOMER_ASSERTED, hoursBefore(1));
        ConsentVerdict v = verdict(List.of(grant, no));
        assertThat(v.valid()).as("%s by the customer", change).isFalse();
        assertThat(v.event()).isEqualTo(no.id());
      }
    }

    @Test
    void the_persons_new_grant_after_a_refusal_or_withdrawal_gives_consent_again() {
      ConsentEvent no = event(DM, WITHDRAWN, ONE_CLICK_UNSUBSCRIBE, hoursBefore(5));
      ConsentEvent again = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(1));
      assertRestsOn(verdict(List.of(no, again)), Status.VALID, again);
    }

    @Test
    void a_later_grant_with_an_expiry_replaces_an_earlier_open_ended_one() {
      ConsentEvent open = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(10));
      ConsentEvent limited = event(DM, GRANTED, TCF_STRING, hoursBefore(5), hoursBefore(5), hoursBefore(1), false);
      assertRestsOn(verdict(List.of(open, limited)), Status.EXPIRED, limited);
    }
  }

  @Nested
  class Time {
    @Test
    void an_event_expressed_and_recorded_exactly_at_the_time_counts() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, AT);
      assertRestsOn(verdict(List.of(grant)), Status.VALID, grant);
    }

    @Test
    void a_grant_expressed_after_the_time_is_not_prior_consent() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, AT.plusNanos(1));
      assertThat(verdict(List.of(grant))).isEqualTo(ConsentVerdict.none(DM));
    }

    @Test
    void a_grant_recorded_after_the_time_is_not_known_at_it_even_if_expressed_before() {
      ConsentEvent backdated = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(3), AT.plusSeconds(1), null, false);
      assertThat(verdict(List.of(backdated))).isEqualTo(ConsentVerdict.none(DM));
      assertRestsOn(ConsentHistory.verdict(List.of(backdated), DM, AT.plusSeconds(1)), Status.VALID, backdated);
    }

    @Test
    void a_refusal_after_the_time_does_not_change_the_verdict_at_it() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(3));
      ConsentEvent later = event(DM, REFUSED, DATA_SUBJECT_FORM, hoursAfter(1));
      assertRestsOn(verdict(List.of(grant, later)), Status.VALID, grant);
      assertRestsOn(ConsentHistory.verdict(List.of(grant, later), DM, hoursAfter(1)), Status.REFUSED, later);
    }

    @Test
    void expiry_boundary_valid_until_that_instant_exclusive() {
      Instant until = AT;
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(24), hoursBefore(24), until, false);
      assertRestsOn(ConsentHistory.verdict(List.of(grant), DM, until.minusNanos(1)), Status.VALID, grant);
      assertRestsOn(ConsentHistory.verdict(List.of(grant), DM, until), Status.EXPIRED, grant);
      assertRestsOn(ConsentHistory.verdict(List.of(grant), DM, until.plusNanos(1)), Status.EXPIRED, grant);
      assertThat(grant.expiredAt(until.minusNanos(1))).isFalse();
      assertThat(grant.expiredAt(until)).isTrue();
    }
  }

  @Nested
  class Order {
    @Test
    void by_expression_first_even_when_recorded_the_other_way_round() {
      // refused on Monday but reported on Wednesday; granted on Tuesday and reported on Tuesday
      ConsentEvent refusal = event(DM, REFUSED, DATA_SUBJECT_FORM, hoursBefore(48), hoursBefore(1), null, false);
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(24), hoursBefore(24), null, false);
      assertRestsOn(verdict(List.of(refusal, grant)), Status.VALID, grant);
      assertRestsOn(verdict(List.of(grant, refusal)), Status.VALID, grant);
    }

    @Test
    void expressed_at_the_same_instant_the_later_recorded_wins() {
      Instant same = hoursBefore(10);
      ConsentEvent grantRecordedLater = event(DM, GRANTED, DATA_SUBJECT_FORM, same, hoursBefore(2), null, false, 1);
      ConsentEvent refusalRecordedEarlier = event(DM, REFUSED, DATA_SUBJECT_FORM, same, hoursBefore(5), null, false, 2);
      // log position would favour the refusal; the recording time decides first
      assertRestsOn(verdict(List.of(grantRecordedLater, refusalRecordedEarlier)), Status.VALID, grantRecordedLater);

      ConsentEvent grantRecordedEarlier = event(DM, GRANTED, DATA_SUBJECT_FORM, same, hoursBefore(5), null, false, 3);
      ConsentEvent refusalRecordedLater = event(DM, REFUSED, DATA_SUBJECT_FORM, same, hoursBefore(2), null, false, 4);
      assertRestsOn(verdict(List.of(refusalRecordedLater, grantRecordedEarlier)), Status.REFUSED, refusalRecordedLater);
    }

    @Test
    void expressed_and_recorded_at_the_same_instants_the_later_log_position_wins() {
      Instant e = hoursBefore(10);
      Instant r = hoursBefore(9);
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, e, r, null, false, 41);
      ConsentEvent refusal = event(DM, REFUSED, DATA_SUBJECT_FORM, e, r, null, false, 42);
      assertRestsOn(verdict(List.of(grant, refusal)), Status.REFUSED, refusal);
      assertRestsOn(verdict(List.of(refusal, grant)), Status.REFUSED, refusal);

      ConsentEvent refusal2 = event(DM, REFUSED, DATA_SUBJECT_FORM, e, r, null, false, 41);
      ConsentEvent grant2 = event(DM, GRANTED, DATA_SUBJECT_FORM, e, r, null, false, 42);
      assertRestsOn(verdict(List.of(grant2, refusal2)), Status.VALID, grant2);
    }

    @Test
    void the_order_of_the_list_does_not_matter() {
      List<ConsentEvent> events = new ArrayList<>(List.of(
          event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(30)),
          event(DM, WITHDRAWN, ONE_CLICK_UNSUBSCRIBE, hoursBefore(20)),
          event(DM, GRANTED, CUSTOMER_ASSERTED, hoursBefore(15)),
          event(DM, GRANTED, TCF_STRING, hoursBefore(10), hoursBefore(10), hoursAfter(10), false),
          event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5), hoursBefore(5), null, true)));
      ConsentVerdict expected = verdict(events);
      assertRestsOn(expected, Status.VALID, events.get(3));
      for (int i = 0; i < 20; i++) {
        Collections.shuffle(events, new java.util.Random(i));
        assertThat(verdict(events)).isEqualTo(expected);
      }
    }

    @Test
    void the_ledger_order_comparator_is_expression_then_recording_then_log_position() {
      ConsentEvent a = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(3), hoursBefore(1), null, false, 9);
      ConsentEvent b = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(2), hoursBefore(2), null, false, 1);
      ConsentEvent c = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(2), hoursBefore(2), null, false, 2);
      ConsentEvent d = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(2), hoursBefore(1), null, false, 0);
      List<ConsentEvent> sorted = new ArrayList<>(List.of(d, c, b, a));
      sorted.sort(ConsentHistory.ORDER);
      assertThat(sorted).containsExactly(a, b, c, d);
    }
  }

  @Nested
  class Purposes {
    @Test
    void events_for_other_purposes_are_ignored() {
      ConsentEvent grant = event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      List<ConsentEvent> noise = List.of(
          event(ADS, REFUSED, GPC_SIGNAL, hoursBefore(1)),
          event("dpv:Marketing", WITHDRAWN, DATA_SUBJECT_FORM, hoursBefore(1)),
          event("custom:Newsletter", EXPIRED, DATA_SUBJECT_FORM, hoursBefore(1)),
          event("dpv:SellDataToThirdParties", GRANTED, CUSTOMER_ASSERTED, hoursBefore(1)));
      List<ConsentEvent> all = new ArrayList<>(noise);
      all.add(1, grant);
      assertRestsOn(verdict(all), Status.VALID, grant);
      assertThat(verdict(noise)).isEqualTo(ConsentVerdict.none(DM));
    }

    @Test
    void no_hierarchy_a_grant_for_the_broader_purpose_is_not_a_grant_for_the_narrower() {
      ConsentEvent broader = event("dpv:Marketing", GRANTED, DATA_SUBJECT_FORM, hoursBefore(5));
      assertThat(verdict(List.of(broader))).isEqualTo(ConsentVerdict.none(DM));
      assertThat(ConsentHistory.verdict(List.of(event(DM, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5))), "dpv:Marketing", AT))
          .isEqualTo(ConsentVerdict.none("dpv:Marketing"));
    }

    @Test
    void purposes_in_order_of_first_appearance() {
      List<ConsentEvent> events = List.of(
          event(ADS, GRANTED, DATA_SUBJECT_FORM, hoursBefore(5)),
          event(DM, REFUSED, DATA_SUBJECT_FORM, hoursBefore(4)),
          event(ADS, WITHDRAWN, DATA_SUBJECT_FORM, hoursBefore(3)),
          event("custom:Newsletter", GRANTED, DATA_SUBJECT_FORM, hoursBefore(2)));
      assertThat(ConsentHistory.purposes(events)).containsExactly(ADS, DM, "custom:Newsletter");
      assertThat(ConsentHistory.purposes(List.of())).isEmpty();
    }
  }
}
