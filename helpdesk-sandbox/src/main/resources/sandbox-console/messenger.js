// The end user's side of the SunCo sandbox app, through the sandbox's /zendesk/messenger routes (not SunCo API).
// Polls the conversation every second. What it shares with the Chat2Desk client page is in messenger-kit.js.
(function () {
  'use strict';
  const { $, showError, call, ask, bubble, messageList, writeBox, gone } = window.MessengerKit;
  const BASE = '/zendesk/messenger/users/';
  let me = null;

  function toBubble(message) {
    const user = message.author.type === 'user';
    const content = message.content;
    const links = content.type === 'image' || content.type === 'file'
      ? [{ href: content.mediaUrl, label: (content.type === 'image' ? '🖼 ' : '📎 ') + (content.altText || content.mediaUrl) }]
      : [];
    const replies = (content.actions || []).map((action, index) => ({ action, index }))
      .filter((a) => a.action.type === 'reply')
      .map(({ action, index }) => ({
        text: action.text, choose: () => post('replies', { messageId: message.id, action: index })
      }));
    return bubble({
      fromUser: user, activity: message.activity,
      author: !user && !message.activity ? message.author.displayName || 'Business' : undefined,
      text: content.text, links: links, replies: replies
    });
  }
  const list = messageList(toBubble);

  function render(view) {
    $('conversation-id').textContent = view.conversation ? 'conversation ' + view.conversation.id : 'no conversation yet';
    list.show(view.messages);
  }

  async function refresh() {
    if (!me) return;
    try {
      render(await call('GET', BASE + encodeURIComponent(me) + '/conversation'));
    } catch (e) {
      if (e.status === 404) {
        const was = me;
        me = null;
        list.reset();
        gone('The user ' + was + ' is gone (the sandbox restarted, most likely): be a user again.');
      } else {
        showError(e.message);
      }
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
      list.reset();
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
    if (typingTimer) { clearTimeout(typingTimer); typingTimer = null; typing(false); }
    const text = $('text').value.trim();
    if (me && text && await post('messages', { text: text })) $('text').value = '';
  }
  // Typing: on with the first key, off after 3 s without one or when the message goes.
  let typingTimer = null;
  function typing(on) {
    if (!me || list.empty()) return; // no conversation yet: nothing to type in
    call('POST', BASE + encodeURIComponent(me) + '/typing', { typing: on }).catch(() => {});
  }
  $('text').addEventListener('input', () => {
    if (!typingTimer) typing(true);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingTimer = null; typing(false); }, 3000);
  });
  writeBox(send, () => me && ask('Image or file URL', 'https://example.com/photo.png'),
    (url) => post('messages', { type: /\.(png|jpe?g|gif|webp)$/i.test(url) ? 'image' : 'file', mediaUrl: url }));

  setInterval(refresh, 1000);
})();
