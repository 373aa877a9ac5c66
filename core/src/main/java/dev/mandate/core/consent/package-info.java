/**
 * The consent ledger (ISO 27701 8.2.3, ISO/IEC TS 27560): append-only consent events per customer,
 * data subject and purpose, each with its provenance and evidence, and the state derived from them
 * that the marketing gate of the decision point checks.
 */
package dev.mandate.core.consent;
