// What every sandbox page (the agent desk, the SunCo messenger, the Chat2Desk client) does the same way: calls to the
// sandbox's routes and the page's error line. Loaded before the page's own scripts.
window.SandboxCalls = (function () {
  'use strict';
  const $ = (id) => document.getElementById(id);

  function showError(message) {
    $('error').textContent = message || '';
    $('error').hidden = !message;
  }

  // A route's JSON answer; an error answer throws with its detail (problem+json) or message (the simulators' APIs).
  async function call(method, path, body) {
    const response = await fetch(path, {
      method: method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Error((json && (json.detail || json.title || json.message)) || ('HTTP ' + response.status));
    }
    return json;
  }

  return { $, showError, call };
})();
