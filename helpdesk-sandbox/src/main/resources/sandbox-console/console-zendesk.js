// Zendesk Support's console actions beside the shared desk: create a ticket for a requester (the agent-initiated
// flow), add an internal note, attach a file. They use the sandbox's /sandbox/zendesk routes; the open chat is read
// from the conversation view's data attributes, which console.js keeps current.
(function () {
  'use strict';
  const BASE = '/sandbox/zendesk/tickets';
  const { $, showError, call } = window.SandboxCalls;
  const view = $('conversation');

  async function submit(form, path, body) {
    try {
      await call('POST', path, body);
      form.reset();
      showError('');
    } catch (e) {
      showError(e.message);
    }
  }

  $('zendesk-new-ticket').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {
      requesterEmail: form.requesterEmail.value.trim(),
      subject: form.subject.value.trim(),
      comment: form.comment.value.trim(),
      tags: form.tags.value.trim().split(/\s+/).filter((t) => t)
    };
    if (form.requesterName.value.trim()) body.requesterName = form.requesterName.value.trim();
    submit(form, BASE, body).then(() => { form.tags.value = 'sunco_send'; });
  });

  $('zendesk-note').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    submit(form, BASE + '/' + encodeURIComponent(view.dataset.chatId) + '/notes', { text: form.text.value.trim() });
  });

  $('zendesk-attach').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const file = form.file.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => submit(form, BASE + '/' + encodeURIComponent(view.dataset.chatId) + '/attachments', {
      fileName: file.name,
      contentType: file.type || 'application/octet-stream',
      contentBase64: String(reader.result).split(',')[1] || '',
      text: form.text.value.trim()
    });
    reader.readAsDataURL(file);
  });

  // Shown only for an open Zendesk ticket.
  setInterval(() => {
    $('zendesk-tools').hidden = view.hidden || view.dataset.platform !== 'zendesk' || view.dataset.status === 'ENDED';
  }, 300);
})();
