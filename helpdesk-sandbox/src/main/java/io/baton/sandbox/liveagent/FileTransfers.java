package io.baton.sandbox.liveagent;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Agent's file transfer, both sides: the agent asks the visitor for a file (the visitor gets
 * {@code FileTransfer {type:"Requested", fileToken, uploadServletUrl}}) or cancels the request ({@code Canceled}); the
 * visitor uploads one file to the servlet with the token. Guarded by the simulator's lock.
 *
 * <p>The message's fields are as public clients show them [observed]; the upload (multipart/form-data, a part named
 * {@code file}, {@code orgId}, {@code chatKey}, {@code fileToken}, {@code encoding} in the query string) is how
 * Salesforce's own chat window sends it [observed]; the checks below and the 25 MB limit are the sandbox's choice
 * [guess]: the REST guide documents none of it.
 */
final class FileTransfers {
  /** Where the servlet is, under the sandbox's base URL [guess: Salesforce names its own host]. */
  static final String UPLOAD_PATH = "/chat/fileTransfer/upload";
  static final long MAX_BYTES = 25L * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(LiveAgentSimulator.class);

  private final ChasitorMailbox mailbox;
  private final SecureRandom random = new SecureRandom();
  private final List<UploadedFile> uploads = new ArrayList<>();
  private volatile String baseUrl = "http://localhost";

  FileTransfers(ChasitorMailbox mailbox) {
    this.mailbox = mailbox;
  }

  void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  List<UploadedFile> uploads() {
    return List.copyOf(uploads);
  }

  /** The agent asks for a file; a request already open is replaced (its token stops working). */
  void request(ChatState chat, List<Runnable> deliveries) {
    byte[] token = new byte[12];
    random.nextBytes(token);
    chat.session.fileToken = HexFormat.of().formatHex(token);
    mailbox.send(chat.session, "FileTransfer", Json.object("type", "Requested", "fileToken", chat.session.fileToken,
        "uploadServletUrl", baseUrl + UPLOAD_PATH), deliveries);
  }

  void cancel(ChatState chat, List<Runnable> deliveries) {
    if (chat.session.fileToken == null) {
      throw new ChatStateException("Chat " + chat.session.id + " has no open file request");
    }
    chat.session.fileToken = null;
    mailbox.send(chat.session, "FileTransfer", Json.object("type", "Canceled"), deliveries);
  }

  /** The upload: the answer's status and reason. {@code chat} is the chat named by chatKey, or null. */
  ChasitorResponse upload(ChatState chat, String orgId, String fileToken, String name, String contentType,
      byte[] bytes, List<Runnable> deliveries) {
    if (chat == null || !chat.isOpen() || chat.session.closed) {
      return ChasitorResponse.error(403, "No open chat for chatKey");
    }
    if (orgId == null || !orgId.equals(chat.request.organizationId())) {
      return ChasitorResponse.badRequest("orgId is not the chat's organization");
    }
    if (chat.session.fileToken == null || !chat.session.fileToken.equals(fileToken)) {
      return ChasitorResponse.badRequest("No file transfer was requested with this fileToken (or it was used)");
    }
    if (bytes == null || name == null || name.isBlank()) {
      return ChasitorResponse.badRequest("The file must be a multipart/form-data part named file");
    }
    if (bytes.length > MAX_BYTES) {
      return ChasitorResponse.error(413, "The file is larger than " + MAX_BYTES + " bytes");
    }
    chat.session.fileToken = null; // one file per request
    uploads.add(new UploadedFile(chat.session.id, name, contentType, bytes));
    chat.transcript.add(new TranscriptLine(TranscriptLine.VISITOR, "[file] " + name + " (" + contentType + ", "
        + bytes.length + " bytes)", Instant.now()));
    mailbox.send(chat.session, "FileTransfer", Map.of("type", "Success"), deliveries);
    log.info("Live Agent chat {}: the visitor uploaded a file of {} bytes", chat.session.id, bytes.length);
    return ChasitorResponse.ok();
  }
}
