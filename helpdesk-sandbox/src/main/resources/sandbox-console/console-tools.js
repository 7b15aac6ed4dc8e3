// Each platform's own agent buttons beside the shared desk actions (console.js shows each only for its platform's
// chats): the Zendesk Agent Workspace's attachments and move to email, the Chat2Desk operator's and the Kustomer
// agent's file by its URL, the Freshchat agent's private note, the Gorgias agent's internal note. Each asks what it
// needs in the page, calls the simulator's sandbox route, and shows the chat as it now is.
(function () {
  'use strict';
  const { $, showError, call, ask } = window.SandboxCalls;
  const desk = window.ConsoleDesk;
  const id = (chat) => encodeURIComponent(chat.id);
  const FILE_URL = 'https://example.com/invoice.pdf';

  // button: its class; question: what to ask (none: nothing to ask); path and body: the call, given the answer.
  const TOOLS = [
    { button: 'sunco-attach', question: 'Image or file URL', suggested: FILE_URL,
      path: (chat) => '/sandbox/sunco/tickets/' + id(chat) + '/attachments',
      body: (url) => ({ type: /\.(png|jpe?g|gif|webp)$/i.test(url) ? 'image' : 'file', mediaUrl: url }) },
    { button: 'sunco-email',
      path: (chat) => '/sandbox/sunco/tickets/' + id(chat) + '/transferToEmail', body: () => ({}) },
    { button: 'c2d-attach', question: 'File URL', suggested: FILE_URL,
      path: (chat) => '/sandbox/chat2desk/dialogs/' + id(chat) + '/attachments', body: (url) => ({ attachment: url }) },
    { button: 'kustomer-attach', question: 'File URL', suggested: FILE_URL,
      path: (chat) => '/sandbox/kustomer/chats/' + id(chat) + '/attachments', body: (url) => ({ url: url }) },
    { button: 'freshchat-note', question: 'Private note (the visitor never sees it)', suggested: '',
      path: (chat) => '/sandbox/freshchat/conversations/' + id(chat) + '/notes', body: (text) => ({ text: text }) },
    { button: 'gorgias-note', question: 'Internal note (never sent to the customer)', suggested: '',
      path: (chat) => '/sandbox/gorgias/tickets/' + id(chat) + '/notes', body: (text) => ({ text: text }) }
  ];

  for (const tool of TOOLS) {
    $('conversation').querySelector('.' + tool.button).addEventListener('click', async () => {
      const chat = desk.current();
      if (!chat) return;
      const answer = tool.question ? await ask(tool.question, tool.suggested) : '';
      if (tool.question && !answer) return;
      try {
        await call('POST', tool.path(chat), tool.body(answer));
        showError('');
        await desk.refresh();
      } catch (e) {
        showError(e.message);
      }
    });
  }
})();
