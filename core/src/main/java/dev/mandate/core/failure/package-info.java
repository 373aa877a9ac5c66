/** Failures with stable codes that callers can catch by meaning. */
package dev.mandate.core.failure;
