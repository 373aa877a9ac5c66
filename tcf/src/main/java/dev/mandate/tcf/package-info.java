/**
 * IAB TCF v2.2 TC strings decoded with the IAB's own reference decoder (iabtcf-decoder), the
 * adapter of the {@code TcStrings} port. See docs/adr/0008-iab-tcf-decoder.md.
 */
package dev.mandate.tcf;
