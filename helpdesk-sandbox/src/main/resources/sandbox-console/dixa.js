// The Dixa agent console: polls /sandbox/dixa/conversations every second and drives the agent API.
(function () {
  'use strict';
  const DESK = '/sandbox/dixa/conversations';
  const main = document.getElementById('conversations');
  const empty = document.getElementById('no-conversations');
  const template = document.getElementById('conversation-template');
  const drafts = {}; // what the agent is typing, kept across re-renders

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
          if (name) desk.act('/' + id + '/assign', { agentName: name });
        });
        article.querySelector('.send').addEventListener('click', () => {
          const text = (drafts[id] || '').trim();
          if (!text) return;
          drafts[id] = '';
          reply.value = '';
          desk.act('/' + id + '/messages', { text: text });
        });
        article.querySelector('.typing').addEventListener('click', () => desk.act('/' + id + '/typing'));
        article.querySelector('.close').addEventListener('click', () => desk.act('/' + id + '/close'));
        article.querySelector('.abandon').addEventListener('click', () => desk.act('/' + id + '/abandon'));
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

  const desk = AgentDesk(DESK, render);
})();
