package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;

/** Key rotation without downtime (run by {@code mandate keys rotate} while the server serves). */
public interface KeyRotation {

  /** Creates a new FIELD_ENCRYPTION version for new writes; old versions stay readable. */
  RotationReport rotateDataKeys(CustomerId customer);

  /** Re-wraps, in batches, every stored key not under the master key's current version. */
  RotationReport rewrapAll();
}
