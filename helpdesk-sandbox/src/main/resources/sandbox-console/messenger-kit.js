// What the sandbox's pages for the one writing in (the SunCo messenger, the Chat2Desk client) share: message
// bubbles, the message list and the write box (calls and the error line: sandbox-calls.js). Each page keeps its own
// routes and the shape of its messages. Message text is only ever set through textContent, never innerHTML.
window.MessengerKit = (function () {
  'use strict';
  const { $, showError, call, ask } = window.SandboxCalls;

  // One message: { fromUser, activity, author (omitted: none shown), text, links: [{ href, label, className }],
  // replies: [{ text, choose }] }.
  function bubble(m) {
    const li = document.createElement('li');
    li.className = 'bubble ' + (m.fromUser ? 'from-user' : 'from-business') + (m.activity ? ' activity' : '');
    if (m.author !== undefined) {
      const author = document.createElement('span');
      author.className = 'author';
      author.textContent = m.author;
      li.append(author);
    }
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = m.text || '';
    li.append(text);
    for (const l of m.links || []) {
      const link = document.createElement('a');
      if (l.className) link.className = l.className;
      link.href = l.href;
      link.target = '_blank';
      link.rel = 'noopener';
      link.textContent = l.label;
      li.append(document.createElement('br'), link);
    }
    const replies = m.replies || [];
    if (replies.length) {
      const row = document.createElement('div');
      row.className = 'quick-replies';
      for (const r of replies) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = r.text;
        button.addEventListener('click', r.choose);
        row.append(button);
      }
      li.append(row);
    }
    return li;
  }

  // The #messages list, redrawn only when the messages' ids changed (so a poll does not reset the scroll).
  function messageList(toBubble) {
    let rendered = '';
    return {
      show(messages) {
        const key = messages.map((m) => m.id).join(',');
        if (key === rendered) return;
        rendered = key;
        const ol = $('messages');
        ol.replaceChildren(...messages.map(toBubble));
        ol.scrollTop = ol.scrollHeight;
      },
      reset() { rendered = ''; },
      empty() { return !rendered; }
    };
  }

  // The #write form: Enter (without Shift) or Send calls send(); the 📎 button asks for a URL (askUrl: the answer, or
  // a promise of it) and calls attach(url).
  function writeBox(send, askUrl, attach) {
    $('text').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });
    $('write').addEventListener('submit', (event) => { event.preventDefault(); send(); });
    $('attach').addEventListener('click', async () => {
      const url = await askUrl();
      if (url && url.trim()) attach(url.trim());
    });
  }

  // The one writing is gone (a new sandbox process knows none of the old ones): the page forgets them and says so.
  function gone(message) {
    $('chat').hidden = true;
    $('messages').replaceChildren();
    showError(message);
  }

  return { $, showError, call, ask, bubble, messageList, writeBox, gone };
})();
