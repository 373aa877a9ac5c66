/**
 * Records of processing (ISO 27701 8.2.6): every decision and every vault access is recorded
 * durably before the response, with no PII.
 */
package dev.mandate.core.processinglog;
