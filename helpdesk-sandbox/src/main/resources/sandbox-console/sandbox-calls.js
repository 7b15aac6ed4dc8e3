// What every sandbox page (the agent desk, the SunCo messenger, the Chat2Desk client) does the same way: calls to the
// sandbox's routes and the page's error line. Loaded before the page's own scripts.
window.SandboxCalls = (function () {
  'use strict';
  const $ = (id) => document.getElementById(id);

  function showError(message) {
    $('error').textContent = message || '';
    $('error').hidden = !message;
  }

  // A route's JSON answer; an error answer throws with its detail (problem+json) or message (the simulators' APIs)
  // and the HTTP status as the error's status (a page tells "gone" (404) from "refused").
  async function call(method, path, body) {
    const response = await fetch(path, {
      method: method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((json && (json.detail || json.title || json.message)) || ('HTTP ' + response.status));
      error.status = response.status;
      throw error;
    }
    return json;
  }

  // An in-page question in place of window.prompt (which freezes the page, its polling included, and which a
  // browser may suppress): resolves to the trimmed answer, or null when it is cancelled (Cancel, Esc) or empty.
  function ask(label, value) {
    return new Promise((resolve) => {
      const dialog = document.createElement('dialog');
      dialog.className = 'ask';
      const form = document.createElement('form');
      form.method = 'dialog';
      const caption = document.createElement('label');
      caption.textContent = label;
      const input = document.createElement('input');
      input.type = 'text';
      input.name = 'answer';
      input.autocomplete = 'off';
      input.value = value || '';
      caption.append(input);
      const ok = document.createElement('button');
      ok.className = 'primary ask-ok';
      ok.value = 'ok';
      ok.textContent = 'OK';
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'ask-cancel';
      cancel.textContent = 'Cancel';
      cancel.addEventListener('click', () => dialog.close(''));
      const buttons = document.createElement('div');
      buttons.className = 'ask-buttons';
      buttons.append(ok, cancel);
      form.append(caption, buttons);
      dialog.append(form);
      dialog.addEventListener('close', () => {
        const answer = dialog.returnValue === 'ok' ? input.value.trim() : '';
        dialog.remove();
        resolve(answer || null);
      });
      document.body.append(dialog);
      dialog.showModal();
      input.select();
    });
  }

  return { $, showError, call, ask };
})();
