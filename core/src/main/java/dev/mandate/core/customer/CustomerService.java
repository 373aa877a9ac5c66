package dev.mandate.core.customer;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Creates, changes and lists customers, within what the caller may see. */
public final class CustomerService {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}");
  private final CustomerStore store;
  private final ProcessingLog log;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  /**
   * Existing customers seen recently: every customer-scoped request checks that its customer
   * exists, and this saves that query. Only found customers are cached; a change made here
   * replaces the entry at once, one made by another process is seen within {@link #CACHE_TTL_NANOS}.
   */
  private final java.util.concurrent.ConcurrentHashMap<CustomerId, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
  private static final long CACHE_TTL_NANOS = java.time.Duration.ofSeconds(1).toNanos();

  private record Cached(Customer customer, long loadedAtNanos) {}

  public CustomerService(CustomerStore store, ProcessingLog log, Clock clock) {
    this.store = store;
    this.log = log;
    this.clock = clock;
  }

  public Customer create(Principal actor, CustomerDraft draft, String requestId) {
    AccessPolicy.require(actor, Action.CREATE_CUSTOMER);
    String id = draft.id() == null ? "cus-" + randomSuffix() : draft.id();
    Set<Jurisdiction> jurisdictions = validate(draft, id);
    if (store.find(new CustomerId(id)).isPresent()) {
      throw new Conflict(ErrorCode.CUSTOMER_EXISTS, "A customer with id '" + id + "' already exists.");
    }
    Instant now = clock.instant();
    Customer customer = new Customer(new CustomerId(id), draft.name().strip(), jurisdictions, draft.dpo(),
        draft.notificationEndpoints() == null ? List.of() : draft.notificationEndpoints(), now, now);
    log.append(ProcessingEvent.lifecycle(now, customer.id(), EventType.CUSTOMER_CREATED, actor.actorRef(), null, null, requestId));
    if (!store.insert(customer)) {
      throw new Conflict(ErrorCode.CUSTOMER_EXISTS, "A customer with id '" + id + "' already exists.");
    }
    return customer;
  }

  public Customer update(Principal actor, CustomerId id, CustomerDraft draft, String requestId) {
    AccessPolicy.require(actor, Action.UPDATE_CUSTOMER, id);
    Customer existing = get(actor, id);
    Set<Jurisdiction> jurisdictions = validate(draft, id.value());
    Instant now = clock.instant();
    Customer updated = new Customer(id, draft.name().strip(), jurisdictions, draft.dpo(),
        draft.notificationEndpoints() == null ? List.of() : draft.notificationEndpoints(), existing.createdAt(), now);
    log.append(ProcessingEvent.lifecycle(now, id, EventType.CUSTOMER_UPDATED, actor.actorRef(), null, null, requestId));
    store.update(updated);
    cache.remove(id);
    return updated;
  }

  public Customer get(Principal actor, CustomerId id) {
    AccessPolicy.require(actor, Action.READ_CUSTOMER, id);
    return store.find(id).orElseThrow(() -> AccessPolicy.customerNotFound(id));
  }

  /** The customer if it exists and the caller may see it; the same 404 otherwise. */
  public Customer visible(Principal actor, CustomerId id) {
    if (!actor.sees(id)) {
      throw AccessPolicy.customerNotFound(id);
    }
    return cached(id).orElseThrow(() -> AccessPolicy.customerNotFound(id));
  }

  /**
   * The customer, for callers that proved who they are another way (a data subject's signed
   * link names its customer); cached like {@link #visible}.
   */
  public java.util.Optional<Customer> cached(CustomerId id) {
    long now = System.nanoTime();
    Cached cached = cache.get(id);
    if (cached != null && now - cached.loadedAtNanos < CACHE_TTL_NANOS) {
      return java.util.Optional.of(cached.customer);
    }
    java.util.Optional<Customer> found = store.find(id);
    if (found.isEmpty()) {
      return found;
    }
    if (cache.size() > 100_000) {
      cache.clear();
    }
    cache.put(id, new Cached(found.get(), now));
    return found;
  }

  public List<Customer> list(Principal actor, String afterId, int limit) {
    AccessPolicy.require(actor, Action.READ_CUSTOMER);
    return store.list(afterId, limit, actor.seesAllCustomers() ? null : actor.customers());
  }

  public Optional<Customer> find(CustomerId id) {
    return store.find(id);
  }

  private Set<Jurisdiction> validate(CustomerDraft d, String id) {
    List<FieldError> errors = new ArrayList<>();
    if (!ID.matcher(id).matches()) {
      errors.add(new FieldError("id", "INVALID_FORMAT", "id is 2 to 63 lower-case letters, digits or '-', starting with a letter or digit."));
    }
    if (d.name() == null || d.name().isBlank()) {
      errors.add(new FieldError("name", "REQUIRED", "name is required."));
    } else if (d.name().length() > 200) {
      errors.add(new FieldError("name", "TOO_LONG", "name is at most 200 characters."));
    }
    Set<Jurisdiction> jurisdictions = EnumSet.noneOf(Jurisdiction.class);
    if (d.jurisdictions() == null || d.jurisdictions().isEmpty()) {
      errors.add(new FieldError("jurisdictions", "REQUIRED", "Name at least one jurisdiction, e.g. EU-GDPR."));
    } else {
      for (String code : d.jurisdictions()) {
        Jurisdiction.fromCode(code).ifPresentOrElse(jurisdictions::add, () -> errors.add(new FieldError(
            "jurisdictions", "UNKNOWN_JURISDICTION",
            "'" + code + "' is not one of EU-GDPR, UK-GDPR, US-CA-CPRA, BR-LGPD, CA-PIPEDA, CH-FADP.")));
      }
    }
    if (d.dpo() == null) {
      errors.add(new FieldError("dpo", "REQUIRED", "dpo (the customer's data protection contact) is required."));
    } else {
      if (d.dpo().name() == null || d.dpo().name().isBlank() || d.dpo().name().length() > 200) {
        errors.add(new FieldError("dpo.name", "REQUIRED", "dpo.name is required (at most 200 characters)."));
      }
      if (d.dpo().email() == null || !EMAIL.matcher(d.dpo().email()).matches()) {
        errors.add(new FieldError("dpo.email", "INVALID_FORMAT", "dpo.email must be an e-mail address."));
      }
      if (d.dpo().phone() != null && !d.dpo().phone().matches("\\+?[0-9 ()./-]{3,40}")) {
        errors.add(new FieldError("dpo.phone", "INVALID_FORMAT", "dpo.phone must be a telephone number."));
      }
    }
    List<NotificationEndpoint> endpoints = d.notificationEndpoints() == null ? List.of() : d.notificationEndpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      NotificationEndpoint e = endpoints.get(i);
      String f = "notificationEndpoints[" + i + "]";
      if (e.kind() == null) {
        errors.add(new FieldError(f + ".kind", "REQUIRED", "kind is WEBHOOK or EMAIL."));
      } else if (e.kind() == NotificationEndpoint.Kind.WEBHOOK && !isHttpUrl(e.address())) {
        errors.add(new FieldError(f + ".address", "INVALID_FORMAT", "A webhook address is an absolute http(s) URL."));
      } else if (e.kind() == NotificationEndpoint.Kind.EMAIL && (e.address() == null || !EMAIL.matcher(e.address()).matches())) {
        errors.add(new FieldError(f + ".address", "INVALID_FORMAT", "An e-mail address is expected."));
      }
    }
    if (endpoints.size() > 20) {
      errors.add(new FieldError("notificationEndpoints", "TOO_MANY", "At most 20 notification endpoints."));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, "The customer is invalid.", errors);
    }
    return jurisdictions;
  }

  private static boolean isHttpUrl(String s) {
    if (s == null || s.length() > 2000) {
      return false;
    }
    try {
      URI uri = new URI(s);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }

  private String randomSuffix() {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
