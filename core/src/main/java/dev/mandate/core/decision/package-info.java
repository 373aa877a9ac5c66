/** The purpose-bound decision point (ISO 27701 8.2.2): PERMIT or DENY with the clause or what is missing. */
package dev.mandate.core.decision;
