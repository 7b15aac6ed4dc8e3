// The agent desk: one list of every platform's chats and the selected conversation, driven by the sandbox's desk API
// (/sandbox/desk). Polls every second and shows only what the sandbox answers: a chat it no longer lists (a new sandbox
// process has none of the old ones) leaves the page. Visitor-supplied text is only ever set through textContent.
(function () {
  'use strict';
  const DESK = '/sandbox/desk';
  const PLATFORMS = { liveagent: 'Live Agent', miaw: 'MIAW', dixa: 'Dixa', sunco: 'Zendesk Messaging',
    zendesk: 'Zendesk Support', chat2desk: 'Chat2Desk', kustomer: 'Kustomer', freshchat: 'Freshchat',
    gorgias: 'Gorgias', oracle_chat: 'Oracle B2C Service' };
  const STATUS = { QUEUED: 'Waiting', ACTIVE: 'Active', ENDED: 'Ended' };
  const ORDER = { QUEUED: 0, ACTIVE: 1, ENDED: 2 };
  const TYPING_IDLE_MS = 3000;
  const AGENT_NAME_KEY = 'baton-sandbox.agentName';
  const { $, showError, call, ask } = window.SandboxCalls;
  const list = $('chats');
  const view = $('conversation');
  const reply = $('reply-text');
  const template = $('chat-template');
  let chats = [];
  const rows = new Map(); // "platform/id" -> its row in the list
  let selected = null; // "platform/id"
  let typing = null; // { key, timer } while the agent's typing signal is on
  let connected = false; // whether the last poll reached the sandbox: nothing is acted on while it did not

  const keyOf = (chat) => chat.platform + '/' + chat.id;
  const current = () => chats.find((c) => keyOf(c) === selected) || null;
  // SUNCO_* buttons are the Zendesk Agent Workspace's own (attachments, move to email), beside the desk API;
  // C2D_* the Chat2Desk operator's (a file by its URL), KUSTOMER_* the Kustomer agent's (the same);
  // FRESHCHAT_* the Freshchat agent's (a private note), GORGIAS_* the Gorgias agent's (an internal note).
  const can = (chat, action) => chat.actions.includes(action)
    || (chat.platform === 'sunco' && action.startsWith('SUNCO_'))
    || (chat.platform === 'chat2desk' && action.startsWith('C2D_'))
    || (chat.platform === 'kustomer' && action.startsWith('KUSTOMER_'))
    || (chat.platform === 'freshchat' && action.startsWith('FRESHCHAT_'))
    || (chat.platform === 'gorgias' && action.startsWith('GORGIAS_'));

  async function act(chat, action, body) {
    try {
      await call('POST', DESK + '/' + chat.platform + '/chats/' + encodeURIComponent(chat.id) + '/' + action, body);
      showError('');
      await refresh();
      return true;
    } catch (e) {
      showError(e.message);
      return false;
    }
  }

  function since(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + 's';
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + 'm ' + String(seconds % 60).padStart(2, '0') + 's';
    return Math.floor(minutes / 60) + 'h ' + String(minutes % 60).padStart(2, '0') + 'm';
  }

  function fill(el, selector, text) {
    el.querySelector(selector).textContent = text;
  }

  function badge(el, platform) {
    const b = el.querySelector('.badge.platform');
    b.textContent = PLATFORMS[platform] || platform;
    b.dataset.platform = platform;
  }

  function renderList() {
    const sorted = chats.slice().sort((a, b) => ORDER[a.status] - ORDER[b.status]
      || (a.waitingSince && b.waitingSince ? Date.parse(a.waitingSince) - Date.parse(b.waitingSince) : 0));
    const items = sorted.map((chat) => {
      let li = rows.get(keyOf(chat));
      if (!li) {
        // One row per chat, kept across refreshes so a click never lands on a row being replaced.
        li = template.content.firstElementChild.cloneNode(true);
        li.dataset.platform = chat.platform;
        li.dataset.chatId = chat.id;
        const open = () => select(keyOf(chat));
        li.addEventListener('click', open);
        li.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
        rows.set(keyOf(chat), li);
      }
      li.dataset.status = chat.status;
      li.classList.toggle('selected', keyOf(chat) === selected);
      badge(li, chat.platform);
      fill(li, '.visitor-name', chat.visitorName || 'Visitor');
      fill(li, '.status', STATUS[chat.status]);
      fill(li, '.wait', chat.status === 'QUEUED' && chat.waitingSince ? 'waiting ' + since(chat.waitingSince) : '');
      fill(li, '.agent-name', chat.agentName ? 'with ' + chat.agentName : '');
      const last = chat.transcript[chat.transcript.length - 1];
      fill(li, '.preview', last ? last.text : '');
      return li;
    });
    items.forEach((li) => list.appendChild(li)); // appending an attached row moves it: the list takes this order
    const listed = new Set(chats.map(keyOf));
    for (const [key, li] of rows) {
      if (!listed.has(key)) {
        li.remove();
        rows.delete(key);
      }
    }
    $('no-chats').hidden = chats.length > 0;
    const waiting = chats.filter((c) => c.status === 'QUEUED').length;
    const active = chats.filter((c) => c.status === 'ACTIVE').length;
    $('counts').textContent = waiting + ' waiting · ' + active + ' active';
  }

  function renderTranscript(chat) {
    const ol = $('transcript');
    // A chat of a new sandbox process may have an old one's id (Dixa's are numbers): its first line tells them apart.
    const first = chat.transcript[0];
    const rendered = keyOf(chat) + ':' + chat.transcript.length + ':' + (first ? first.at : '');
    if (ol.dataset.rendered === rendered) return;
    ol.dataset.rendered = rendered;
    ol.replaceChildren(...chat.transcript.map((line) => {
      const li = document.createElement('li');
      li.className = 'line from-' + line.from;
      const meta = document.createElement('div');
      meta.className = 'meta';
      const who = document.createElement('span');
      who.className = 'from';
      who.textContent = line.from === 'visitor' ? (chat.visitorName || 'Visitor')
        : line.from === 'agent' ? 'Agent' : line.from === 'bot' ? 'Bot' : 'System';
      const at = document.createElement('time');
      at.dateTime = line.at;
      at.textContent = new Date(line.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      meta.append(who, at);
      const text = document.createElement('div');
      text.className = 'text';
      text.textContent = line.text;
      li.append(meta, text);
      return li;
    }));
    ol.scrollTop = ol.scrollHeight;
  }

  function renderContext(chat) {
    const dl = $('context');
    const rendered = JSON.stringify(chat.context);
    if (dl.dataset.rendered === rendered) return;
    dl.dataset.rendered = rendered;
    dl.replaceChildren(...Object.entries(chat.context).flatMap(([label, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }));
  }

  function renderConversation() {
    const chat = current();
    view.hidden = !chat;
    $('nothing-selected').hidden = !!chat;
    if (!chat) return;
    view.dataset.platform = chat.platform;
    view.dataset.chatId = chat.id;
    view.dataset.status = chat.status;
    badge(view, chat.platform);
    fill(view, '.conversation-head .visitor-name', chat.visitorName || 'Visitor');
    fill(view, '.conversation-head .status', STATUS[chat.status]
      + (chat.status === 'QUEUED' && chat.waitingSince ? ' · ' + since(chat.waitingSince) : ''));
    fill(view, '.conversation-head .agent-name', chat.agentName ? 'with ' + chat.agentName : '');
    fill(view, '.platform-name', PLATFORMS[chat.platform] || chat.platform);
    fill(view, '.chat-id', chat.id);
    for (const button of view.querySelectorAll('.actions button')) {
      const action = button.dataset.action;
      button.hidden = !can(chat, action);
      button.disabled = !connected || (action === 'ACCEPT' ? chat.status !== 'QUEUED' : chat.status !== 'ACTIVE');
    }
    const replying = connected && can(chat, 'SAY') && chat.status === 'ACTIVE';
    reply.disabled = !replying;
    view.querySelector('.send').disabled = !replying;
    reply.placeholder = replying ? 'Reply to the visitor. Enter sends, Shift+Enter adds a line.'
      : !connected ? 'The sandbox is unreachable.' : chat.status === 'QUEUED' ? 'Accept the chat to reply.' : 'This chat is over.';
    renderTranscript(chat);
    renderContext(chat);
  }

  function select(key) {
    if (selected !== key) {
      stopTyping();
      reply.value = '';
      selected = key;
    }
    renderList();
    renderConversation();
  }

  async function refresh() {
    try {
      chats = await call('GET', DESK + '/chats');
      connected = true;
      $('connection').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      connected = false;
      $('connection').textContent = 'sandbox unreachable: ' + e.message;
    }
    document.body.dataset.connection = connected ? 'live' : 'lost';
    if (connected && selected && !current()) {
      stopTyping();
      reply.value = '';
      selected = null;
    }
    renderList();
    renderConversation();
  }

  function sendTyping(chat, on) {
    call('POST', DESK + '/' + chat.platform + '/chats/' + encodeURIComponent(chat.id) + '/typing', { typing: on })
      .catch(() => { /* the chat may have ended meanwhile */ });
  }

  function stopTyping() {
    if (!typing) return;
    clearTimeout(typing.timer);
    const chat = chats.find((c) => keyOf(c) === typing.key);
    typing = null;
    if (chat && chat.status === 'ACTIVE') sendTyping(chat, false);
  }

  reply.addEventListener('input', () => {
    const chat = current();
    if (!chat || chat.status !== 'ACTIVE' || !can(chat, 'TYPING')) return;
    if (!reply.value) { stopTyping(); return; }
    if (!typing) {
      typing = { key: keyOf(chat), timer: 0 };
      sendTyping(chat, true);
    }
    clearTimeout(typing.timer);
    typing.timer = setTimeout(stopTyping, TYPING_IDLE_MS);
  });

  async function send() {
    const chat = current();
    const text = reply.value.trim();
    if (!chat || !text) return;
    stopTyping();
    if (await act(chat, 'messages', { text: text })) reply.value = '';
  }

  reply.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  });
  $('reply').addEventListener('submit', (event) => { event.preventDefault(); send(); });

  view.querySelector('.accept').addEventListener('click', () => {
    const chat = current();
    if (chat) act(chat, 'accept', { agentName: agentName.value.trim() || 'Alex' }).then(() => reply.focus());
  });
  view.querySelector('.transfer').addEventListener('click', async () => {
    const chat = current();
    const name = chat && await ask('Transfer to agent', 'Sam');
    if (name) act(chat, 'transfer', { agentName: name });
  });
  view.querySelector('.leave').addEventListener('click', () => { const c = current(); if (c) act(c, 'leave'); });
  view.querySelector('.end').addEventListener('click', () => { const c = current(); if (c) act(c, 'end'); });

  // Who accepts: the name typed at the top, remembered by this browser (the sandbox knows agents only by name).
  const agentName = $('agent-name');
  try {
    agentName.value = localStorage.getItem(AGENT_NAME_KEY) || agentName.value;
  } catch (e) { /* storage disabled: the field's default */ }
  agentName.addEventListener('input', () => {
    try {
      if (agentName.value.trim()) localStorage.setItem(AGENT_NAME_KEY, agentName.value.trim());
      else localStorage.removeItem(AGENT_NAME_KEY);
    } catch (e) { /* storage disabled: the name holds until the page reloads */ }
  });

  const online = $('agents-online');
  online.addEventListener('change', () => call('PUT', '/sandbox/liveagent/availability', { agentsOnline: online.checked })
    .then(() => showError('')).catch((e) => showError(e.message)));
  call('GET', '/sandbox/liveagent/availability').then((a) => { online.checked = a.agentsOnline; }).catch(() => {});

  // What console-tools.js (each platform's own buttons) needs of the desk.
  window.ConsoleDesk = { current, refresh };

  refresh();
  setInterval(refresh, 1000);
})();
