package dev.mandate.core.access;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;
import java.util.Set;

/** A stored API key: only the SHA-256 of its secret is kept, never the secret. */
public record ApiKey(
    ApiKeyId id,
    String label,
    Role role,
    Set<CustomerId> customers,
    Set<String> purposes,
    byte[] secretHash,
    Instant createdAt,
    String createdBy,
    Instant revokedAt) {
  public ApiKey {
    customers = Set.copyOf(customers);
    purposes = Set.copyOf(purposes);
    secretHash = secretHash.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  public Principal principal() {
    return new Principal(id, role, customers, purposes);
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + ", " + role.code() + "]";
  }
}
