/** Idempotent creates: a repeated request with the same Idempotency-Key gets the first answer. */
package dev.mandate.core.idempotency;
