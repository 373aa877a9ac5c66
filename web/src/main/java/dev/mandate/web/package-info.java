/**
 * The JSON API of Mandate over Helidon SE: one route table ({@link dev.mandate.web.Routes}), API-key
 * authentication, strict JSON, RFC 9457 problems, idempotent creates, Prometheus metrics and the
 * OpenAPI document. Only {@link dev.mandate.web.ApiServer} and {@link dev.mandate.web.ApiServices}
 * are public; the composition root builds them.
 */
package dev.mandate.web;
