package io.baton.sandbox.chat2desk;

import java.util.function.Function;

/** The events of dialogs and messages as webhook bodies: {@code inbox}, {@code outbox}, the dialog hooks. */
final class Chat2DeskHooks implements Chat2DeskEvents {
  private final Chat2DeskCompany company;
  private final Chat2DeskClients clients;
  private final Chat2DeskWebhooks webhooks;
  private final Function<Long, Long> dialogOperator;

  Chat2DeskHooks(Chat2DeskCompany company, Chat2DeskClients clients, Chat2DeskWebhooks webhooks,
      Function<Long, Long> dialogOperator) {
    this.company = company;
    this.clients = clients;
    this.webhooks = webhooks;
    this.dialogOperator = dialogOperator;
  }

  @Override
  public void inbox(Chat2DeskMessage m, boolean newRequest, boolean newClient) {
    message("inbox", m, newRequest, newClient);
  }

  @Override
  public void outbox(Chat2DeskMessage m) {
    message("outbox", m, false, false);
  }

  @Override
  public void transferred(Chat2DeskDialogs.Dialog d) {
    dialog("dialog_transferred", d);
  }

  @Override
  public void closed(Chat2DeskDialogs.Dialog d) {
    dialog("close_dialog", d);
  }

  private void message(String hookType, Chat2DeskMessage m, boolean newRequest, boolean newClient) {
    webhooks.emit(hookType, m.channelId(), Long.toString(m.id()), Chat2DeskPayloads.messageHook(hookType, m,
        clients.get(m.clientId()), company.channel(m.channelId()), dialogOperator.apply(m.dialogId()), newRequest,
        newClient));
  }

  private void dialog(String hookType, Chat2DeskDialogs.Dialog d) {
    webhooks.emit(hookType, d.channelId, Long.toString(d.id),
        Chat2DeskPayloads.dialogHook(hookType, d, clients.get(d.clientId)));
  }
}
