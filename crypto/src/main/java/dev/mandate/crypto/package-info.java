/**
 * JDK-only cryptography for the vault: envelope encryption with AES-256-GCM, blind indexes and
 * pseudonyms with HMAC-SHA256, and master-key providers (key file, environment; the hook for a
 * KMS). See docs/adr/0004-crypto-from-the-jdk.md.
 */
package dev.mandate.crypto;
