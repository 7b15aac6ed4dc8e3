package io.baton.connector.webhooks;

/**
 * One event of a webhook delivery (platforms batch several into one request).
 *
 * @param eventId the platform's own id of the event: a redelivery carries the same
 * @param ref     the platform's reference of the conversation it is about ({@code PlatformRefs}); null when it is
 *               about none (then it is acknowledged and dropped)
 * @param payload the event as the platform sent it, for the owner of the conversation to map
 */
public record WebhookEvent(String eventId, String ref, byte[] payload) {}
