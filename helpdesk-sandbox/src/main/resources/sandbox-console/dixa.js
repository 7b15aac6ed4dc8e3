// The Dixa agent console: polls /sandbox/dixa/conversations every second and drives the agent API.
(function () {
  'use strict';
  const DESK = '/sandbox/dixa/conversations';
  const main = document.getElementById('conversations');
  const empty = document.getElementById('no-conversations');
  const error = document.getElementById('error');
  const connection = document.getElementById('connection');
  const template = document.getElementById('conversation-template');
  const drafts = {}; // what the agent is typing, kept across re-renders

  async function call(path, body) {
    const response = await fetch(DESK + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {})
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.title || ('HTTP ' + response.status));
    }
  }

  function act(path, body) {
    call(path, body).then(refresh).catch(e => { error.textContent = e.message; error.hidden = false; });
  }

  function render(conversations) {
    empty.hidden = conversations.length > 0;
    const seen = new Set();
    for (const c of conversations) {
      const id = String(c.id);
      seen.add(id);
      let article = main.querySelector('article[data-conversation-id="' + CSS.escape(id) + '"]');
      if (!article) {
        article = template.content.firstElementChild.cloneNode(true);
        article.dataset.conversationId = id;
        const reply = article.querySelector('.reply-text');
        reply.addEventListener('input', () => { drafts[id] = reply.value; });
        article.querySelector('.assign').addEventListener('click', () => {
          const name = window.prompt('Agent name', 'Alex');
          if (name) act('/' + id + '/assign', { agentName: name });
        });
        article.querySelector('.send').addEventListener('click', () => {
          const text = (drafts[id] || '').trim();
          if (!text) return;
          drafts[id] = '';
          reply.value = '';
          act('/' + id + '/messages', { text: text });
        });
        article.querySelector('.typing').addEventListener('click', () => act('/' + id + '/typing'));
        article.querySelector('.close').addEventListener('click', () => act('/' + id + '/close'));
        article.querySelector('.abandon').addEventListener('click', () => act('/' + id + '/abandon'));
        main.appendChild(article);
      }
      const over = c.status === 'closed' || c.status === 'abandoned';
      article.dataset.status = c.status;
      article.querySelector('.conversation-id').textContent = id;
      article.querySelector('.status').textContent = c.status;
      article.querySelector('.channel').textContent = c.channel;
      article.querySelector('.queue').textContent = c.queueId || '—';
      article.querySelector('.tags').textContent = (c.tags || []).join(', ') || '—';
      article.querySelector('.agent-name').textContent = c.assignee || '—';
      const transcript = article.querySelector('.transcript');
      transcript.replaceChildren();
      for (const m of c.messages || []) {
        const li = document.createElement('li');
        li.className = 'line from-' + (m.direction === 'inbound' ? 'visitor' : 'agent');
        const from = document.createElement('span');
        from.className = 'from';
        from.textContent = m.direction === 'inbound' ? 'End user' : 'Agent/bot';
        const text = document.createElement('span');
        text.className = 'text';
        text.textContent = ' ' + m.text + ((m.attachments || []).length ? ' ' + m.attachments.join(' ') : '');
        li.append(from, text);
        transcript.appendChild(li);
      }
      article.querySelector('.assign').disabled = over || !!c.assignee;
      article.querySelector('.send').disabled = over || !c.assignee;
      article.querySelector('.typing').disabled = over || !c.assignee;
      article.querySelector('.close').disabled = over;
      article.querySelector('.abandon').disabled = over || !!c.assignee;
    }
    for (const article of main.querySelectorAll('article[data-conversation-id]')) {
      if (!seen.has(article.dataset.conversationId)) article.remove();
    }
  }

  async function refresh() {
    try {
      const response = await fetch(DESK);
      render(await response.json());
      connection.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      connection.textContent = 'sandbox unreachable';
    }
  }

  refresh();
  setInterval(refresh, 1000);
})();
