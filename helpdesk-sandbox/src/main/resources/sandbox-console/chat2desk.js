// A client of the Chat2Desk sandbox company, through the sandbox's /sandbox/chat2desk routes (not Chat2Desk's API).
// Polls the client's messages every second. What it shares with the SunCo messenger page is in messenger-kit.js.
(function () {
  'use strict';
  const kit = window.MessengerKit;
  const { $, showError, messageList, writeBox, gone } = kit;
  const BASE = '/sandbox/chat2desk/';
  let me = null; // the client's id

  const call = (method, path, body) => kit.call(method, BASE + path, body);

  function option(value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  function toBubble(message) {
    const client = message.type === 'from_client';
    const li = kit.bubble({
      fromUser: client,
      author: client ? undefined
        : message.type === 'autoreply' ? 'Autoreply' : 'Operator ' + (message.operator_id || ''),
      text: message.text,
      links: message.attachments.map((file) => ({
        href: file.link, label: '📎 ' + (file.name || file.link), className: 'attachment'
      })),
      replies: (message.keyboard ? message.keyboard.buttons : []).map((b, index) => ({
        text: b.text, choose: () => post('buttons', { message_id: message.id, index: index })
      }))
    });
    li.dataset.messageId = message.id;
    return li;
  }
  const list = messageList(toBubble);

  function render(view) {
    $('dialog-id').textContent = view.dialog ? 'dialog ' + view.dialog.id + ' (' + view.dialog.state + ')' : 'no dialog yet';
    list.show(view.messages);
  }

  async function refresh() {
    if (!me) return;
    try {
      render(await call('GET', 'clients/' + me));
    } catch (e) {
      if (e.status === 404) {
        const was = me;
        me = null;
        list.reset();
        gone('The client #' + was + ' is gone (the sandbox restarted, most likely): pick or create a client.');
        loadLists();
      } else {
        showError(e.message);
      }
    }
  }

  async function post(what, body) {
    try {
      render(await call('POST', 'clients/' + me + '/' + what, body));
      showError('');
      return true;
    } catch (e) {
      showError(e.message);
      return false;
    }
  }

  function become(view) {
    me = view.client.id;
    list.reset();
    $('me').textContent = (view.client.name || 'client') + ' #' + me + ' on ' + view.client.transport;
    $('chat').hidden = false;
    showError('');
    render(view);
    $('text').focus();
  }

  async function loadLists() {
    try {
      const channels = await call('GET', 'channels');
      $('channel').replaceChildren(...channels.map((c) => option(c.id, c.name + ' (' + c.transport + ')')));
      const clients = await call('GET', 'clients');
      $('clients').replaceChildren(...clients.map((c) => option(c.id, (c.name || c.phone || c.external_id || 'client')
        + ' #' + c.id + ' · ' + c.transport)));
    } catch (e) {
      showError(e.message);
    }
  }

  $('new-client').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { channel_id: Number($('channel').value) };
    if ($('name').value.trim()) body.name = $('name').value.trim();
    if ($('phone').value.trim()) body.phone = $('phone').value.trim();
    try {
      become(await call('POST', 'clients', body));
      loadLists();
    } catch (e) {
      showError(e.message);
    }
  });
  $('pick-client').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!$('clients').value) return;
    try {
      become(await call('GET', 'clients/' + $('clients').value));
    } catch (e) {
      showError(e.message);
    }
  });

  async function send() {
    const text = $('text').value.trim();
    if (me && text && await post('messages', { text: text })) $('text').value = '';
  }
  writeBox(send, () => me && kit.ask('File URL', 'https://example.com/photo.png'),
    (url) => post('messages', { attachment: url, text: $('text').value.trim() || undefined }));

  loadLists();
  setInterval(refresh, 1000);
})();
