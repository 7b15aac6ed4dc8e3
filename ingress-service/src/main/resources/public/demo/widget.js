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

  // Sends with the widget token; a 401 (expired token) gets a fresh token and one retry.
  async function post(path, payload) {
    if (!token) await fetchToken();
    const request = () => fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token },
      body: JSON.stringify(payload),
    });
    let response = await request();
    if (response.status === 401) {
      await fetchToken();
      response = await request();
    }
    return response;
  }

  async function send(text) {
    const pending = document.createElement('li');
    pending.className = 'pending';
    pending.textContent = text;
    messages.appendChild(pending);
    scrollDown();
    try {
      const response = await post('/messages', { text, context: visitorContext() });
      const body = await response.json().catch(() => ({}));
      if (response.status === 202) {
        pending.dataset.eventId = body.eventId;
        pending.title = 'sent';
        if (recorded.has(body.eventId)) pending.remove();
        showError(null);
      } else {
        pending.classList.add('failed');
        showError(body.detail || `could not send (HTTP ${response.status})`);
      }
    } catch (e) {
      pending.classList.add('failed');
      showError('could not send: the service is not reachable');
    }
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
    stream.onopen = () => setConnection('connected');
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
  fetchToken().then(openStream, () => {
    setConnection('closed');
    showError('could not get a widget token for this conversation');
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
    controller = data.controller || controller;
    status = data.status || status;
    render(type, data);
    updateStatus();
  }

  function render(type, d) {
    switch (type) {
      case 'visitor.message':
        recorded.add(d.causationId);
        messages.querySelectorAll('.pending').forEach((p) => { if (p.dataset.eventId === d.causationId) p.remove(); });
        return bubble(type, d, 'visitor', 'You', d.text);
      case 'bot.message': {
        const li = bubble(type, d, 'bot', 'Bot', d.text);
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
        return li;
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
        return line(type, d, 'connecting you to an agent…');
      case 'chat.queued': {
        const parts = [];
        if (d.position != null) parts.push(`position ${d.position}`);
        if (d.estimatedWaitSeconds != null) parts.push(`about ${d.estimatedWaitSeconds} s`);
        const text = 'waiting in queue' + (parts.length ? ': ' + parts.join(', ') : '');
        queueLine.textContent = text;
        queueLine.dataset.position = d.position != null ? String(d.position) : '';
        queueLine.dataset.wait = d.estimatedWaitSeconds != null ? String(d.estimatedWaitSeconds) : '';
        return line(type, d, text);
      }
      case 'chat.ended':
        setTyping(null);
        return line(type, d, 'chat ended');
      case 'control.returned':
        setTyping(null);
        agentName = null;
        return line(type, d, 'you are back with the bot');
      case 'handover.rejected':
        return line(type, d, `no agent is available: ${d.reason}`, true);
      case 'handover.failed':
        setTyping(null);
        return line(type, d, `could not reach an agent: ${d.reason}`, true);
      case 'delivery.failed':
        return line(type, d, `a message could not be delivered: ${d.reason}`, true);
      case 'visitor.left':
        return line(type, d, 'you left the chat');
      default:
        return null;
    }
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
    const li = eventItem(type, d, cls);
    const name = document.createElement('span');
    name.className = 'who';
    name.textContent = who;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    li.append(name, body);
    (d.attachments || []).forEach((a) => li.appendChild(attachmentLink(a)));
    append(li);
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
    append(li);
    return li;
  }

  function append(li) {
    messages.appendChild(li);
    scrollDown();
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
    const prefix = { connecting: 'connecting… ', reconnecting: 'reconnecting… ', closed: 'disconnected · ' }[connection] || '';
    statusLine.textContent = prefix + who;
    statusLine.dataset.connection = connection;
    statusLine.dataset.controller = controller;
    statusLine.dataset.status = status;
    queueLine.hidden = status !== 'queued';
  }

  function showError(text) {
    errorLine.hidden = !text;
    errorLine.textContent = text || '';
  }

  function scrollDown() {
    messages.scrollTop = messages.scrollHeight;
  }

  updateStatus();
})();
