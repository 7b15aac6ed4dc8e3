// The end user's side of the SunCo sandbox app, through the sandbox's /zendesk/messenger routes (not SunCo API).
// Polls the conversation every second. Message text is only ever set through textContent, never innerHTML.
(function () {
  'use strict';
  const BASE = '/zendesk/messenger/users/';
  const $ = (id) => document.getElementById(id);
  let me = null;
  let rendered = '';

  function showError(message) {
    $('error').textContent = message || '';
    $('error').hidden = !message;
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method: method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error((json && (json.detail || json.title)) || ('HTTP ' + response.status));
    return json;
  }

  function bubble(message) {
    const li = document.createElement('li');
    const user = message.author.type === 'user';
    li.className = 'bubble ' + (user ? 'from-user' : 'from-business') + (message.activity ? ' activity' : '');
    if (!user && !message.activity) {
      const author = document.createElement('span');
      author.className = 'author';
      author.textContent = message.author.displayName || 'Business';
      li.append(author);
    }
    const content = message.content;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = content.text || '';
    li.append(text);
    if (content.type === 'image' || content.type === 'file') {
      const link = document.createElement('a');
      link.href = content.mediaUrl;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = (content.type === 'image' ? '🖼 ' : '📎 ') + (content.altText || content.mediaUrl);
      li.append(document.createElement('br'), link);
    }
    const replies = (content.actions || []).map((action, index) => ({ action, index }))
      .filter((a) => a.action.type === 'reply');
    if (replies.length) {
      const row = document.createElement('div');
      row.className = 'quick-replies';
      for (const { action, index } of replies) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = action.text;
        button.addEventListener('click', () => post('replies', { messageId: message.id, action: index }));
        row.append(button);
      }
      li.append(row);
    }
    return li;
  }

  function render(view) {
    $('conversation-id').textContent = view.conversation ? 'conversation ' + view.conversation.id : 'no conversation yet';
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
      render(await call('GET', BASE + encodeURIComponent(me) + '/conversation'));
    } catch (e) {
      showError(e.message);
    }
  }

  async function post(what, body) {
    try {
      render(await call('POST', BASE + encodeURIComponent(me) + '/' + what, body));
      showError('');
      return true;
    } catch (e) {
      showError(e.message);
      return false;
    }
  }

  $('who').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    if ($('external-id').value.trim()) body.externalId = $('external-id').value.trim();
    if ($('email').value.trim()) body.email = $('email').value.trim();
    if ($('given-name').value.trim()) body.givenName = $('given-name').value.trim();
    try {
      const view = await call('POST', '/zendesk/messenger/users', body);
      me = view.user.externalId;
      rendered = '';
      $('me').textContent = me;
      $('chat').hidden = false;
      showError('');
      render(view);
      $('text').focus();
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

  setInterval(refresh, 1000);
})();
