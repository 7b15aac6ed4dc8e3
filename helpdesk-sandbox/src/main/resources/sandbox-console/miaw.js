// The MIAW agent console: polls /sandbox/miaw/conversations every second and drives the agent API.
(function () {
  'use strict';
  const DESK = '/sandbox/miaw/conversations';
  const main = document.getElementById('conversations');
  const empty = document.getElementById('no-conversations');
  const template = document.getElementById('conversation-template');
  const drafts = {}; // what the agent is typing, kept across re-renders

  function render(conversations) {
    empty.hidden = conversations.length > 0;
    const seen = new Set();
    for (const c of conversations) {
      seen.add(c.id);
      let article = main.querySelector('article[data-conversation-id="' + CSS.escape(c.id) + '"]');
      if (!article) {
        article = template.content.firstElementChild.cloneNode(true);
        article.dataset.conversationId = c.id;
        const reply = article.querySelector('.reply-text');
        reply.addEventListener('input', () => { drafts[c.id] = reply.value; });
        article.querySelector('.accept').addEventListener('click', () => {
          const name = window.prompt('Agent name', 'Alex');
          if (name) desk.act('/' + encodeURIComponent(c.id) + '/accept', { agentName: name });
        });
        article.querySelector('.send').addEventListener('click', () => {
          const text = (drafts[c.id] || '').trim();
          if (!text) return;
          drafts[c.id] = '';
          reply.value = '';
          desk.act('/' + encodeURIComponent(c.id) + '/messages', { text: text });
        });
        article.querySelector('.end').addEventListener('click', () => desk.act('/' + encodeURIComponent(c.id) + '/end'));
        main.appendChild(article);
      }
      article.dataset.status = c.status;
      const attributes = c.routingAttributes || {};
      article.querySelector('.visitor-name').textContent = attributes.visitorName || attributes.name || 'Visitor';
      article.querySelector('.status').textContent = c.status;
      article.querySelector('.conversation-id').textContent = c.id;
      article.querySelector('.deployment').textContent = c.esDeveloperName;
      article.querySelector('.agent-name').textContent = c.agentName || '—';
      const prechat = article.querySelector('.prechat');
      prechat.replaceChildren();
      for (const [label, value] of Object.entries(attributes)) {
        const dt = document.createElement('dt');
        dt.className = 'prechat-label';
        dt.textContent = label;
        const dd = document.createElement('dd');
        dd.className = 'prechat-value';
        dd.textContent = value;
        prechat.append(dt, dd);
      }
      const transcript = article.querySelector('.transcript');
      transcript.replaceChildren();
      for (const line of c.transcript || []) {
        const li = document.createElement('li');
        li.className = 'line from-' + line.from;
        const from = document.createElement('span');
        from.className = 'from';
        from.textContent = line.from === 'agent' ? 'Agent' : 'Visitor';
        const text = document.createElement('span');
        text.className = 'text';
        text.textContent = ' ' + line.text;
        li.append(from, text);
        transcript.appendChild(li);
      }
      article.querySelector('.visitor-typing').hidden = !c.visitorTyping;
      article.querySelector('.accept').disabled = c.status !== 'ROUTING';
      article.querySelector('.send').disabled = c.status !== 'ACTIVE';
      article.querySelector('.end').disabled = c.status === 'CLOSED';
    }
    for (const article of main.querySelectorAll('article[data-conversation-id]')) {
      if (!seen.has(article.dataset.conversationId)) article.remove();
    }
  }

  const desk = AgentDesk(DESK, render);
})();
