// A client of the Chat2Desk sandbox company, through the sandbox's /sandbox/chat2desk routes (not Chat2Desk's API).
// Polls the client's messages every second. Message text is only ever set through textContent, never innerHTML.
(function () {
  'use strict';
  const BASE = '/sandbox/chat2desk/';
  const $ = (id) => document.getElementById(id);
  let me = null; // the client's id
  let rendered = '';

  function showError(message) {
    $('error').textContent = message || '';
    $('error').hidden = !message;
  }

  async function call(method, path, body) {
    const response = await fetch(BASE + path, {
      method: method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error((json && (json.detail || json.title)) || ('HTTP ' + response.status));
    return json;
  }

  function option(value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  function bubble(message) {
    const li = document.createElement('li');
    const client = message.type === 'from_client';
    li.className = 'bubble ' + (client ? 'from-user' : 'from-business');
    li.dataset.messageId = message.id;
    if (!client) {
      const author = document.createElement('span');
      author.className = 'author';
      author.textContent = message.type === 'autoreply' ? 'Autoreply' : 'Operator ' + (message.operator_id || '');
      li.append(author);
    }
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = message.text || '';
    li.append(text);
    for (const file of message.attachments) {
      const link = document.createElement('a');
      link.className = 'attachment';
      link.href = file.link;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = '📎 ' + (file.name || file.link);
      li.append(document.createElement('br'), link);
    }
    const buttons = message.keyboard ? message.keyboard.buttons : [];
    if (buttons.length) {
      const row = document.createElement('div');
      row.className = 'quick-replies';
      buttons.forEach((b, index) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.text;
        button.addEventListener('click', () => post('buttons', { message_id: message.id, index: index }));
        row.append(button);
      });
      li.append(row);
    }
    return li;
  }

  function render(view) {
    $('dialog-id').textContent = view.dialog ? 'dialog ' + view.dialog.id + ' (' + view.dialog.state + ')' : 'no dialog yet';
    const key = view.messages.map((m) => m.id).join(',');
    if (key === rendered) return;
    rendered = key;
    const ol = $('messages');
    ol.replaceChildren(...view.messages.map(bubble));
    ol.scrollTop = ol.scrollHeight;
  }

  async function refresh() {
    if (!me) return;
    try {
      render(await call('GET', 'clients/' + me));
    } catch (e) {
      showError(e.message);
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
    rendered = '';
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
  $('text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  });
  $('write').addEventListener('submit', (event) => { event.preventDefault(); send(); });
  $('attach').addEventListener('click', () => {
    const url = me && window.prompt('File URL', 'https://example.com/photo.png');
    if (url && url.trim()) post('messages', { attachment: url.trim(), text: $('text').value.trim() || undefined });
  });

  loadLists();
  setInterval(refresh, 1000);
})();
