/** The vault: PII held for customers, encrypted, every access purpose-bound and recorded (ISO 27701 8.2.2). */
package dev.mandate.core.vault;
