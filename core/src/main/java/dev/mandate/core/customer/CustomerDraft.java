package dev.mandate.core.customer;

import java.util.List;
import java.util.Set;

/** What a processor admin supplies to create or replace a customer's details. */
public record CustomerDraft(
    String id,
    String name,
    Set<String> jurisdictions,
    Contact dpo,
    List<NotificationEndpoint> notificationEndpoints) {}
