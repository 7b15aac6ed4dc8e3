package io.baton.connector.salesforce.liveagent;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A visitor's file into the agent's open FileTransfer request: fetched from the attachment's URL, uploaded to the
 * request's servlet with its token (one file per request). A message with a file and no open request, with more than
 * one file, or with one over {@link #MAX_UPLOAD_BYTES} is refused with its reason, never dropped silently.
 */
final class LiveAgentFiles {
  /** Live Agent's file transfer limit as the sandbox applies it [guess: the REST guide gives none]. */
  static final long MAX_UPLOAD_BYTES = 25L * 1024 * 1024;

  private final PlatformCalls calls;
  private final LiveAgentClient client;

  LiveAgentFiles(PlatformCalls calls, LiveAgentClient client) {
    this.calls = calls;
    this.client = client;
  }

  /** Why the message cannot go to Live Agent as it is, or null when it can. */
  static String refusal(LiveAgentSession session, VisitorMessage message) {
    List<Attachment> files = message.getAttachments();
    if (files.isEmpty()) {
      return null;
    }
    if (session.fileToken == null || session.uploadServletUrl == null) {
      return "Live Agent takes a file from the visitor only when the agent asked for one (FileTransfer); no request "
          + "is open, so " + files.size() + " attachment(s) (" + files.get(0).getName() + ") were not sent";
    }
    if (files.size() > 1) {
      return "Live Agent's FileTransfer takes one file; the message has " + files.size()
          + " attachments, none was sent";
    }
    if (files.get(0).getSizeBytes() > MAX_UPLOAD_BYTES) {
      return "the attachment " + files.get(0).getName() + " has " + files.get(0).getSizeBytes()
          + " bytes; Live Agent's file transfer takes at most " + MAX_UPLOAD_BYTES;
    }
    return null;
  }

  /** The file into the open request (checked by {@link #refusal}); the request is used up, and the link says so. */
  CompletableFuture<Void> upload(Chat<LiveAgentSession> chat, Attachment file) {
    LiveAgentSession session = chat.state();
    String fileToken;
    String servlet;
    synchronized (session) {
      fileToken = session.fileToken;
      servlet = session.uploadServletUrl;
    }
    if (fileToken == null || servlet == null) {
      return CompletableFuture.failedFuture(new LiveAgentClient.LiveAgentException(
          "the agent's FileTransfer request was closed before the file could go"));
    }
    return client.download(file.getUrl()).thenCompose(bytes -> calls.call(session.org, "FileTransfer upload",
        () -> client.upload(session, servlet, fileToken, file.getName(), file.getContentType(), bytes)))
        .thenCompose(x -> {
          synchronized (session) {
            if (fileToken.equals(session.fileToken)) {
              session.fileToken = null; // a token takes one file
              session.uploadServletUrl = null;
            }
          }
          return chat.saveLink();
        });
  }
}
