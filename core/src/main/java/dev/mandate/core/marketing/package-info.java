/**
 * Marketing and advertising use (ISO 27701 8.2.3): audiences of people who consented, each
 * inclusion recorded.
 */
package dev.mandate.core.marketing;
