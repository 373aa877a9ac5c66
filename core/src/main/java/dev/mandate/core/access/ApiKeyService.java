package dev.mandate.core.access;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues, authenticates and revokes API keys. A key's token is {@code <keyId>.<secret>}; only the
 * SHA-256 of the secret is stored, and the comparison is constant-time. Authenticated keys are
 * cached for a short time; a revocation takes effect at once in this process and within
 * {@link #CACHE_TTL} in others.
 */
public final class ApiKeyService {
  public static final Duration CACHE_TTL = Duration.ofSeconds(2);
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private final ApiKeyStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<ApiKey> key, long expiresAtNanos) {}

  public ApiKeyService(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What an admin asks for when creating a key. */
  public record KeyRequest(String label, String role, Set<String> customers, Set<String> purposes) {}

  public IssuedKey issue(Principal admin, KeyRequest request) {
    AccessPolicy.require(admin, Action.MANAGE_API_KEYS);
    IssuedKey issued = build(request, admin.actorRef());
    store.insert(issued.key());
    return issued;
  }

  /** Creates the first processor-admin key if the store has none (first start). */
  public Optional<IssuedKey> bootstrapAdmin() {
    IssuedKey issued =
        build(new KeyRequest("bootstrap admin", Role.PROCESSOR_ADMIN.code(), Set.of(), Set.of()), "bootstrap");
    return store.insertIfNoneExist(issued.key()) ? Optional.of(issued) : Optional.empty();
  }

  public List<ApiKey> list(Principal admin) {
    AccessPolicy.require(admin, Action.MANAGE_API_KEYS);
    return store.list();
  }

  public void revoke(Principal admin, ApiKeyId id) {
    AccessPolicy.require(admin, Action.MANAGE_API_KEYS);
    if (!store.revoke(id, clock.instant())) {
      throw new NotFound(ErrorCode.API_KEY_NOT_FOUND, "No active API key '" + id.value() + "'.");
    }
    cache.remove(id.value());
  }

  /** The principal for a presented token, or empty if the token is unknown, wrong or revoked. */
  public Optional<Principal> authenticate(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1 || token.length() > 200) {
      return Optional.empty();
    }
    String id = token.substring(0, dot);
    byte[] presented = sha256(token.substring(dot + 1));
    Optional<ApiKey> key = lookup(id);
    if (key.isEmpty() || key.get().revoked() || !MessageDigest.isEqual(presented, key.get().secretHash())) {
      return Optional.empty();
    }
    return Optional.of(key.get().principal());
  }

  private Optional<ApiKey> lookup(String id) {
    long now = System.nanoTime();
    Cached cached = cache.get(id);
    if (cached != null && cached.expiresAtNanos - now > 0) {
      return cached.key;
    }
    Optional<ApiKey> key = store.find(new ApiKeyId(id));
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(id, new Cached(key, now + CACHE_TTL.toNanos()));
    return key;
  }

  private IssuedKey build(KeyRequest request, String createdBy) {
    List<FieldError> errors = new ArrayList<>();
    Optional<Role> role = request.role() == null ? Optional.empty() : Role.fromCode(request.role());
    if (role.isEmpty()) {
      errors.add(new FieldError("role", "UNKNOWN_ROLE",
          "role must be one of processor-admin, processor-privacy-officer, processor-service, customer-dpo, customer-application, auditor."));
    }
    Set<String> customers = request.customers() == null ? Set.of() : request.customers();
    Set<String> purposes = request.purposes() == null ? Set.of() : request.purposes();
    if (role.isPresent()) {
      switch (role.get()) {
        case PROCESSOR_ADMIN, PRIVACY_OFFICER -> {
          if (!customers.isEmpty() || !purposes.isEmpty()) {
            errors.add(new FieldError("customers", "NOT_APPLICABLE", "A " + role.get().code() + " key is not scoped."));
          }
        }
        case PROCESSOR_SERVICE -> {
          if (customers.isEmpty()) {
            errors.add(new FieldError("customers", "REQUIRED", "A processor-service key must name its customers."));
          }
          if (purposes.isEmpty()) {
            errors.add(new FieldError("purposes", "REQUIRED", "A processor-service key must name its purposes."));
          }
        }
        case CUSTOMER_DPO -> {
          if (customers.size() != 1) {
            errors.add(new FieldError("customers", "EXACTLY_ONE", "A customer-dpo key names exactly one customer."));
          }
          if (!purposes.isEmpty()) {
            errors.add(new FieldError("purposes", "NOT_APPLICABLE", "A customer-dpo key has no purposes."));
          }
        }
        case CUSTOMER_APPLICATION -> {
          if (customers.size() != 1) {
            errors.add(new FieldError("customers", "EXACTLY_ONE", "A customer-application key names exactly one customer."));
          }
          if (!purposes.isEmpty()) {
            errors.add(new FieldError("purposes", "NOT_APPLICABLE", "A customer-application key has no purposes."));
          }
        }
        case AUDITOR -> {
          if (!purposes.isEmpty()) {
            errors.add(new FieldError("purposes", "NOT_APPLICABLE", "An auditor key has no purposes."));
          }
        }
      }
    }
    if (request.label() != null && request.label().length() > 200) {
      errors.add(new FieldError("label", "TOO_LONG", "label is at most 200 characters."));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, "The API key request is invalid.", errors);
    }
    String id = "key_" + randomId(16);
    byte[] secretBytes = new byte[32];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    Set<CustomerId> scope = new java.util.TreeSet<>(java.util.Comparator.comparing(CustomerId::value));
    customers.forEach(c -> scope.add(new CustomerId(c)));
    ApiKey key = new ApiKey(new ApiKeyId(id), request.label() == null ? "" : request.label(), role.orElseThrow(),
        scope, purposes, sha256(secret), clock.instant(), createdBy, null);
    return new IssuedKey(key, id + "." + secret);
  }

  private String randomId(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
