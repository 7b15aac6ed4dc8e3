// Baton demo widget: plain JS, no build step. It sends the visitor's messages to the ingress and renders the
// conversation's event stream (SSE). The conversation id lives in sessionStorage, so a reload replays and resumes it.
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

  async function send(text) {
    const pending = document.createElement('li');
    pending.className = 'pending';
    pending.textContent = text;
    messages.appendChild(pending);
    scrollDown();
    try {
      const response = await fetch(base + '/messages', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text, context: visitorContext() }),
      });
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

  const source = new EventSource(base + '/events'); // on reconnect the browser sends Last-Event-ID itself
  source.onopen = () => setConnection('connected');
  source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  TYPES.forEach((type) => source.addEventListener(type, (e) => receive(type, e)));

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
        return line(type, d, 'waiting in queue' + (parts.length ? ': ' + parts.join(', ') : ''));
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
    append(li);
    return li;
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
