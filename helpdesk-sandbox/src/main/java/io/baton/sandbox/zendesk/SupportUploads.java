package io.baton.sandbox.zendesk;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upload Files (api-reference/ticketing/tickets/ticket-attachments): {@code POST /uploads?filename=} gives a token
 * (more files join an upload with {@code &token=}); a comment's {@code uploads} takes the token once, and its files
 * become the comment's attachments. Tokens stay usable for 60 minutes. Only called under the simulator's monitor.
 */
final class SupportUploads {
  static final Duration TTL = Duration.ofMinutes(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  record Upload(String token, List<Ticket.Attachment> attachments, Instant expiresAt) {}

  private final Map<String, Upload> uploads = new LinkedHashMap<>();
  private final Map<Long, Ticket.Attachment> attachments = new LinkedHashMap<>();
  private final Ids ids;

  SupportUploads(Ids ids) {
    this.ids = ids;
  }

  /** A new upload, or one more file on the upload of {@code token}. */
  Upload upload(String token, String fileName, String contentType, byte[] bytes) {
    if (fileName == null || fileName.isBlank()) {
      throw ZendeskError.badRequest("filename is required");
    }
    Upload existing = token == null ? null : live(token);
    if (token != null && existing == null) {
      throw ZendeskError.notFound();
    }
    Ticket.Attachment a = new Ticket.Attachment(ids.next(), fileName, contentType == null
        ? "application/octet-stream" : contentType, bytes);
    attachments.put(a.id(), a);
    List<Ticket.Attachment> files = new ArrayList<>(existing == null ? List.of() : existing.attachments());
    files.add(a);
    Upload upload = new Upload(existing == null ? randomToken() : token, List.copyOf(files),
        existing == null ? Instant.now().plus(TTL) : existing.expiresAt());
    uploads.put(upload.token(), upload);
    return upload;
  }

  /** The files of a live token, which is used up; empty for an unknown or expired one. */
  Optional<List<Ticket.Attachment>> take(String token) {
    Upload u = live(token);
    if (u == null) {
      return Optional.empty();
    }
    uploads.remove(token);
    return Optional.of(u.attachments());
  }

  Optional<Ticket.Attachment> attachment(long id) {
    return Optional.ofNullable(attachments.get(id));
  }

  private Upload live(String token) {
    Upload u = uploads.get(token);
    return u == null || u.expiresAt().isBefore(Instant.now()) ? null : u;
  }

  private static String randomToken() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
