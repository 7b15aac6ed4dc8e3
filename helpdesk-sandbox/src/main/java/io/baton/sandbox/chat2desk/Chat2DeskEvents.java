package io.baton.sandbox.chat2desk;

/** What the dialogs and messages tell the webhooks. */
interface Chat2DeskEvents {
  void inbox(Chat2DeskMessage message, boolean newRequest, boolean newClient);

  void outbox(Chat2DeskMessage message);

  void transferred(Chat2DeskDialogs.Dialog dialog);

  void closed(Chat2DeskDialogs.Dialog dialog);
}
