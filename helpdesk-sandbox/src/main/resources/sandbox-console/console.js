// Minimal Live Agent agent console: polls the sandbox's agent API every second and renders each chat.
// Visitor-supplied text is only ever set through textContent, never innerHTML.
(function () {
  'use strict';
  const API = '/sandbox/liveagent';
  const chatsEl = document.getElementById('chats');
  const noChatsEl = document.getElementById('no-chats');
  const errorEl = document.getElementById('error');
  const connectionEl = document.getElementById('connection');
  const onlineEl = document.getElementById('agents-online');
  const template = document.getElementById('chat-template');
  let lastAgentName = 'Alex';
  const typingSent = {}; // sessionId -> whether AgentTyping was sent

  function showError(message) {
    errorEl.textContent = message;
    errorEl.hidden = !message;
  }

  async function call(method, path, body) {
    const response = await fetch(API + path, {
      method: method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error((json && (json.detail || json.title)) || ('HTTP ' + response.status));
    }
    return json;
  }

  async function action(method, path, body) {
    try {
      await call(method, path, body);
      showError('');
      await refresh();
      return true;
    } catch (e) {
      showError(e.message);
      return false;
    }
  }

  function chatPath(sessionId, suffix) {
    return '/chats/' + encodeURIComponent(sessionId) + suffix;
  }

  async function setTyping(sessionId, typing) {
    if (!!typingSent[sessionId] === typing) return;
    typingSent[sessionId] = typing;
    try { await call('POST', chatPath(sessionId, '/typing'), { typing: typing }); } catch (e) { /* chat may have ended */ }
  }

  async function send(el) {
    const sessionId = el.dataset.sessionId;
    const input = el.querySelector('.reply-text');
    const text = input.value;
    if (!text.trim()) return;
    if (await action('POST', chatPath(sessionId, '/messages'), { text: text })) {
      input.value = '';
      await setTyping(sessionId, false);
    }
  }

  function createChatElement(sessionId) {
    const el = template.content.firstElementChild.cloneNode(true);
    el.dataset.sessionId = sessionId;
    el.querySelector('.accept').addEventListener('click', async () => {
      const name = window.prompt('Agent name', lastAgentName);
      if (name === null) return;
      lastAgentName = name.trim() || 'Alex';
      await action('POST', chatPath(sessionId, '/accept'), { agentName: lastAgentName });
    });
    el.querySelector('.send').addEventListener('click', () => send(el));
    const input = el.querySelector('.reply-text');
    input.addEventListener('keydown', (event) => { if (event.key === 'Enter') send(el); });
    input.addEventListener('input', () => setTyping(sessionId, input.value.length > 0));
    el.querySelector('.end').addEventListener('click', () => action('POST', chatPath(sessionId, '/end')));
    el.querySelector('.transfer').addEventListener('click', async () => {
      const name = window.prompt('Transfer to agent', 'Sam');
      if (name === null || !name.trim()) return;
      await action('POST', chatPath(sessionId, '/transfer'), { agentName: name.trim() });
    });
    el.querySelector('.disconnect').addEventListener('click', () => action('POST', chatPath(sessionId, '/disconnect')));
    return el;
  }

  function renderPrechat(dl, details) {
    const rendered = JSON.stringify(details);
    if (dl.dataset.rendered === rendered) return;
    dl.dataset.rendered = rendered;
    dl.replaceChildren();
    for (const detail of details) {
      const dt = document.createElement('dt');
      dt.className = 'prechat-label';
      dt.textContent = detail.label;
      const dd = document.createElement('dd');
      dd.className = 'prechat-value';
      dd.textContent = detail.value === null || detail.value === undefined ? '' : String(detail.value);
      dl.append(dt, dd);
    }
  }

  function renderTranscript(ol, transcript) {
    if (ol.children.length === transcript.length) return;
    ol.replaceChildren();
    for (const line of transcript) {
      const li = document.createElement('li');
      li.className = 'line from-' + line.from;
      li.title = line.at;
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = line.from === 'agent' ? 'Agent' : 'Visitor';
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = line.text;
      li.append(from, text);
      ol.append(li);
    }
  }

  function render(chats) {
    noChatsEl.hidden = chats.length > 0;
    for (const chat of chats) {
      let el = chatsEl.querySelector('.chat[data-session-id="' + CSS.escape(chat.sessionId) + '"]');
      if (!el) {
        el = createChatElement(chat.sessionId);
        chatsEl.prepend(el); // newest first
      }
      el.dataset.status = chat.status;
      el.querySelector('.visitor-name').textContent = chat.visitorName || '(anonymous visitor)';
      el.querySelector('.status').textContent = chat.status;
      el.querySelector('.queue').hidden = chat.status !== 'QUEUED';
      el.querySelector('.queue-position').textContent = String(chat.queuePosition);
      el.querySelector('.session-id').textContent = chat.sessionId;
      el.querySelector('.button-id').textContent = chat.buttonId;
      el.querySelector('.language').textContent = chat.language || '';
      el.querySelector('.agent-name').textContent = chat.agentName || '—';
      el.querySelector('.ended').hidden = chat.status !== 'ENDED';
      el.querySelector('.ended-by').textContent = chat.endedBy || 'nobody (request failed)';
      el.querySelector('.visitor-typing').hidden = !chat.visitorTyping;
      renderPrechat(el.querySelector('.prechat'), chat.prechatDetails || []);
      renderTranscript(el.querySelector('.transcript'), chat.transcript || []);
      const established = chat.status === 'ESTABLISHED';
      el.querySelector('.accept').disabled = chat.status !== 'QUEUED';
      el.querySelector('.reply-text').disabled = !established;
      el.querySelector('.send').disabled = !established;
      el.querySelector('.end').disabled = !established;
      el.querySelector('.transfer').disabled = !established;
      el.querySelector('.disconnect').disabled = !established;
    }
  }

  async function refresh() {
    try {
      render(await call('GET', '/chats'));
      connectionEl.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      connectionEl.textContent = 'sandbox unreachable: ' + e.message;
    }
  }

  onlineEl.addEventListener('change', () =>
    action('PUT', '/availability', { agentsOnline: onlineEl.checked }));
  call('GET', '/availability').then((a) => { onlineEl.checked = a.agentsOnline; }).catch(() => {});

  refresh();
  setInterval(refresh, 1000);
})();
