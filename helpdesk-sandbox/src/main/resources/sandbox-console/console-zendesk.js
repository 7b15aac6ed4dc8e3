// Zendesk Support's console actions beside the shared desk: create a ticket for a requester (the agent-initiated
// flow), add an internal note, attach a file. They use the sandbox's /sandbox/zendesk routes; the open chat is read
// from the conversation view's data attributes, which console.js keeps current.
(function () {
  'use strict';
  const BASE = '/sandbox/zendesk/tickets';
  const $ = (id) => document.getElementById(id);
  const view = $('conversation');

  function showError(message) {
    $('error').textContent = message || '';
    $('error').hidden = !message;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error((json && (json.detail || json.title)) || ('HTTP ' + response.status));
    return json;
  }

  async function submit(form, path, body) {
    try {
      await post(path, body);
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
