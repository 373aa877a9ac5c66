/**
 * Keys for PII at rest: field encryption, blind indexes and subject pseudonyms under per-customer
 * data keys, wrapped by a master key kept outside the database. Ports only; the JDK-crypto
 * adapter lives in the {@code crypto} module (see docs/adr/0004-crypto-from-the-jdk.md).
 */
package dev.mandate.core.keys;
