// Baton demo widget: plain JS, no build step. It sends the visitor's messages to the ingress and renders the
// conversation's event stream (SSE). The conversation id lives in sessionStorage, so a reload replays and resumes it.
// It authenticates with a widget token scoped to its conversation; the demo gets one from the local stack's dev-only
// endpoint (POST /dev/widget-tokens/{id}); a real page would get it from its bot backend (POST .../widget-token).
(() => {
  'use strict';

  const STORAGE_KEY = 'baton.demo.conversationId';
  const TYPES = ['visitor.message', 'visitor.left', 'bot.message', 'handover.started', 'handover.rejected',
    'chat.queued', 'agent.joined', 'agent.message', 'agent.typing', 'chat.transferred', 'agent.left', 'chat.ended',
    'handover.failed', 'delivery.failed', 'control.returned'];

  const $ = (id) => document.getElementById(id);
  const messages = $('messages');
  const statusLine = $('status');
  const typingLine = $('typing');
  const queueLine = $('queue');
  const errorLine = $('error');
  const helpdeskLine = $('helpdesk');
  const textInput = $('text');
  const nameInput = $('name');

  const conversationId = sessionStorage.getItem(STORAGE_KEY) || newConversationId();
  sessionStorage.setItem(STORAGE_KEY, conversationId);
  $('conversation-id').textContent = conversationId;
  const base = '/v1/conversations/' + encodeURIComponent(conversationId);

  let lastSequence = 0;           // the stream never repeats a sequence, but a reconnect must not either
  let agentName = null;           // AgentTyping carries no name: remember who joined
  let controller = 'bot';
  let status = 'bot';
  let connection = 'connecting';
  let platform = null;            // the helpdesk serving the handover, from the events' envelope
  const recorded = new Set();     // causation ids of visitor messages the router recorded

  function newConversationId() {
    const random = window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
    return 'demo-' + random;
  }

  // ---- sending ----

  function visitorContext() {
    return {
      name: nameInput.value.trim() || 'Visitor',
      pageProperties: {
        userAgent: navigator.userAgent,
        screenRes: `${screen.width}x${screen.height}`,
        url: location.href,
      },
    };
  }

  let token = null;

  async function fetchToken() {
    const r = await fetch('/dev/widget-tokens/' + encodeURIComponent(conversationId), { method: 'POST' });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    token = (await r.json()).token;
    return token;
  }

  // Sends with the widget token; a 401 (expired token) gets a fresh token and one retry. The Idempotency-Key makes
  // every attempt of one message the same record: the ingress derives the message's id from it, and the router drops
  // a repeat, so a retry after a lost answer never doubles the message.
  async function post(path, payload, idempotencyKey) {
    if (!token) await fetchToken();
    const headers = { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token };
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const request = () => fetch(base + path, { method: 'POST', headers, body: JSON.stringify(payload) });
    let response = await request();
    if (response.status === 401) {
      await fetchToken();
      headers.Authorization = 'Bearer ' + token;
      response = await request();
    }
    return response;
  }

  // A message shows at once as pending; once sent it waits for the router's record, which replaces it. One that
  // fails stays with a "Retry" that sends the same payload under the same key. The problem's technical detail goes
  // to the browser's console, never on screen.
  function send(text) {
    const pending = document.createElement('li');
    pending.className = 'pending';
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    pending.appendChild(body);
    pending.dataset.idempotencyKey = newKey();
    append(pending);
    attempt(pending, { text, context: visitorContext() });
  }

  function newKey() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
  }

  async function attempt(pending, payload) {
    pending.classList.remove('failed');
    pending.querySelectorAll('.note').forEach((n) => n.remove());
    let retryable = true;
    try {
      const response = await post('/messages', payload, pending.dataset.idempotencyKey);
      const answer = await response.json().catch(() => ({}));
      if (response.status === 202) {
        pending.dataset.eventId = answer.eventId;
        pending.title = 'sent';
        if (recorded.has(answer.eventId)) pending.remove();
        showError(null);
        return;
      }
      console.warn('sending a message failed', response.status, answer);
      // a refused message (too long, not allowed) is refused again; a busy or failing service may take it later
      retryable = response.status >= 500 || [408, 409, 429].includes(response.status);
    } catch (e) {
      console.warn('sending a message failed', e);
    }
    failed(pending, payload, retryable);
  }

  function failed(pending, payload, retryable) {
    pending.classList.add('failed');
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = retryable ? 'Not sent.' : 'This message cannot be sent.';
    if (retryable) {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = 'Retry';
      retry.addEventListener('click', () => attempt(pending, payload));
      note.appendChild(retry);
    }
    pending.appendChild(note);
    showError(retryable ? 'Your message could not be sent. Please check your connection and retry.'
      : 'Sorry, that message could not be sent.', retryable ? 'connection' : 'refused');
    scrollDown();
  }

  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = textInput.value.trim();
    if (!text) return;
    textInput.value = '';
    send(text);
  });

  $('new-conversation').addEventListener('click', () => {
    sessionStorage.removeItem(STORAGE_KEY);
    location.reload();
  });

  // ---- receiving ----

  // EventSource cannot send headers: the token goes in the query. On a network drop the browser reconnects by itself
  // (sending Last-Event-ID); when the server refuses (an expired token) the stream closes, and is reopened here with a
  // fresh token from where it stopped.
  let source = null;
  function openStream() {
    const stream = new EventSource(base + '/events?access_token=' + encodeURIComponent(token)
      + (lastSequence > 0 ? '&lastEventId=' + lastSequence : ''));
    source = stream;
    stream.onopen = () => {
      setConnection('connected');
      if (errorLine.dataset.kind === 'connection') showError(null); // reachable again: the old error is stale
    };
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) {
        setConnection('reconnecting');
        setTimeout(() => fetchToken().then(openStream, () => setConnection('closed')), 2000);
      } else {
        setConnection('reconnecting');
      }
    };
    TYPES.forEach((type) => stream.addEventListener(type, (e) => receive(type, e)));
  }
  fetchToken().then(openStream, (e) => {
    console.warn('no widget token', e);
    setConnection('closed');
    showError('Sorry, the chat is not available right now. Please try again later.', 'token');
  });

  function receive(type, e) {
    let data;
    try {
      data = JSON.parse(e.data);
    } catch (ignored) {
      return;
    }
    if (data.sequence <= lastSequence) return;
    lastSequence = data.sequence;
    const before = status;
    controller = data.controller || controller;
    status = data.status || status;
    platform = status === 'bot' ? null : (data.platform || platform);
    render(type, data, before);
    updateStatus();
  }

  // What the visitor reads: plain words, never an event's technical reason (the bot gets those in its events).
  function render(type, d, before) {
    switch (type) {
      case 'visitor.message':
        recorded.add(d.causationId);
        messages.querySelectorAll('.pending').forEach((p) => { if (p.dataset.eventId === d.causationId) p.remove(); });
        return bubble(type, d, 'visitor', 'You', d.text);
      case 'bot.message': {
        const li = eventItem(type, d, 'bot');
        fill(li, d, 'Bot', d.text);
        if (d.quickReplies && d.quickReplies.length) {
          const replies = document.createElement('div');
          replies.className = 'quick-replies';
          d.quickReplies.forEach((q) => {
            const b = document.createElement('button');
            b.type = 'button';
            b.textContent = q.title;
            b.addEventListener('click', () => send(q.title));
            replies.appendChild(b);
          });
          li.appendChild(replies);
        }
        return append(li); // whole, buttons included, so the scroll reaches its bottom
      }
      case 'agent.message':
        agentName = d.agentName || agentName;
        setTyping(null);
        return bubble(type, d, 'agent', d.agentName || agentName || 'Agent', d.text);
      case 'agent.typing':
        return setTyping(d);
      case 'agent.joined':
        agentName = d.agentName;
        return line(type, d, `${d.agentName} joined`);
      case 'agent.left':
        setTyping(null);
        return line(type, d, `${d.agentName || agentName || 'the agent'} left`);
      case 'chat.transferred':
        agentName = d.agentName || null;
        setTyping(null);
        return line(type, d, d.agentName ? `transferred to ${d.agentName}` : 'transferred to another agent');
      case 'handover.started':
        return line(type, d, `Connecting you to an agent at ${helpdeskName(d.platform)}…`);
      case 'chat.queued': {
        // one line that changes, below the messages: the position is news, not conversation
        const parts = [];
        if (d.position != null) parts.push(`position ${d.position}`);
        if (d.estimatedWaitSeconds != null) parts.push(`about ${d.estimatedWaitSeconds} s`);
        queueLine.textContent = 'Waiting in the queue' + (parts.length ? ': ' + parts.join(', ') : '');
        queueLine.dataset.type = type;
        queueLine.dataset.sequence = String(d.sequence);
        queueLine.dataset.position = d.position != null ? String(d.position) : '';
        queueLine.dataset.wait = d.estimatedWaitSeconds != null ? String(d.estimatedWaitSeconds) : '';
        return queueLine;
      }
      case 'chat.ended':
        setTyping(null);
        return line(type, d, ended(d), d.endedBy === 'failure');
      case 'control.returned':
        // The chat's end or failure was said above, and the bot speaks for itself: the header says who is here.
        setTyping(null);
        agentName = null;
        return null;
      case 'handover.rejected':
        return line(type, d, 'Sorry, no agent could take the chat right now.', true);
      case 'handover.failed':
        setTyping(null);
        return line(type, d, before === 'agent_connected' ? "Sorry, the agent's chat was interrupted."
          : 'Sorry, no agent could take the chat right now.', true);
      case 'delivery.failed':
        return line(type, d, 'Sorry, a message could not reach the agent.', true);
      case 'visitor.left':
        return line(type, d, 'You left the chat.');
      default:
        return null;
    }
  }

  function ended(d) {
    switch (d.endedBy) {
      case 'agent': return `${agentName || 'The agent'} ended the chat.`;
      case 'visitor': return 'You ended the chat.';
      case 'timeout': return 'The chat ended after a while without messages.';
      case 'failure': return "Sorry, the agent's chat was interrupted.";
      default: return 'The chat has ended.';
    }
  }

  const HELPDESKS = {
    salesforce: 'Salesforce', salesforce_miaw: 'Salesforce Enhanced Chat', zendesk_sunco: 'Zendesk',
    zendesk_support: 'Zendesk', dixa: 'Dixa', kustomer: 'Kustomer', freshchat: 'Freshchat',
    oracle_chat: 'Oracle B2C Service', gorgias: 'Gorgias', chat2desk: 'Chat2Desk',
  };

  function helpdeskName(p) {
    return HELPDESKS[p] || 'the helpdesk';
  }

  function eventItem(type, d, cls) {
    const li = document.createElement('li');
    li.className = 'event ' + cls;
    li.dataset.type = type;
    li.dataset.sequence = String(d.sequence);
    li.dataset.eventId = d.eventId;
    return li;
  }

  function bubble(type, d, cls, who, text) {
    return append(fill(eventItem(type, d, cls), d, who, text));
  }

  function fill(li, d, who, text) {
    const name = document.createElement('span');
    name.className = 'who';
    name.textContent = who;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    li.append(name, body);
    (d.attachments || []).forEach((a) => li.appendChild(attachmentLink(a)));
    return li;
  }

  // Only http(s) links: an attachment URL comes from an agent or a bot, and javascript: must never be clickable.
  function attachmentLink(a) {
    const link = document.createElement('a');
    link.className = 'attachment';
    link.textContent = `📎 ${a.name} (${Math.max(1, Math.round(a.sizeBytes / 1024))} KB)`;
    link.dataset.contentType = a.contentType;
    if (/^https?:\/\//i.test(a.url)) {
      link.href = a.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
    return link;
  }

  function line(type, d, text, problem) {
    const li = eventItem(type, d, 'system' + (problem ? ' problem' : ''));
    li.textContent = text;
    return append(li);
  }

  function append(li) {
    messages.appendChild(li);
    scrollDown();
    return li;
  }

  let typingTimer = null;
  function setTyping(d) {
    clearTimeout(typingTimer);
    if (d && d.typing) {
      typingTimer = setTimeout(() => setTyping(null), 15000); // a lost "stopped typing" must not stick
      typingLine.textContent = `${agentName || 'the agent'} is typing…`;
      typingLine.dataset.type = 'agent.typing';
      typingLine.dataset.sequence = String(d.sequence);
      typingLine.hidden = false;
    } else {
      typingLine.hidden = true;
      typingLine.textContent = '';
    }
    return typingLine;
  }

  function setConnection(state) {
    connection = state;
    updateStatus();
  }

  function updateStatus() {
    const who = {
      bot: 'talking to the bot',
      handover_requested: 'connecting to an agent…',
      queued: 'waiting for an agent',
      agent_connected: `talking to ${agentName || 'an agent'}`,
    }[status] || status;
    helpdeskLine.hidden = !platform;
    helpdeskLine.textContent = platform ? `Connected to ${helpdeskName(platform)}` : '';
    helpdeskLine.dataset.platform = platform || '';
    const prefix = { connecting: 'connecting… ', reconnecting: 'reconnecting… ', closed: 'disconnected · ' }[connection] || '';
    statusLine.textContent = prefix + who;
    statusLine.dataset.connection = connection;
    statusLine.dataset.controller = controller;
    statusLine.dataset.status = status;
    queueLine.hidden = status !== 'queued';
  }

  // kind 'connection': a problem reaching the service, cleared once the stream is connected again
  function showError(text, kind = 'connection') {
    errorLine.hidden = !text;
    errorLine.textContent = text || '';
    errorLine.dataset.kind = text ? kind : '';
  }

  function scrollDown() {
    messages.scrollTop = messages.scrollHeight;
  }

  updateStatus();
})();
