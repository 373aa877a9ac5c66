/** Customers: the controllers (tenants) on whose behalf the processor handles PII. */
package dev.mandate.core.customer;
