package io.baton.sandbox.liveagent;

/** A file a visitor uploaded into the agent's FileTransfer request, as the agent gets it. */
public record UploadedFile(String sessionId, String name, String contentType, byte[] bytes) {}
