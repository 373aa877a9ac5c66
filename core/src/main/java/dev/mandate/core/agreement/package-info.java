/** Customer agreements (ISO 27701 8.2.1): versioned, structured terms with a lifecycle. */
package dev.mandate.core.agreement;
