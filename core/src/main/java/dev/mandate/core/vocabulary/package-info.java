/** Controlled vocabulary: W3C DPV 2.3 purposes, categories, operations, data subjects, legal bases, measures. */
package dev.mandate.core.vocabulary;
