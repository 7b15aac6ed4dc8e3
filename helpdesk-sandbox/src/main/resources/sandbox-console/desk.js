// What the MIAW and Dixa console pages share: calls to the agent API, showing their errors, and a refresh of the
// page's conversations every second. A page calls AgentDesk(path, render) and acts through what it returns.
window.AgentDesk = function (deskPath, render) {
  'use strict';
  const error = document.getElementById('error');
  const connection = document.getElementById('connection');

  async function call(path, body) {
    const response = await fetch(deskPath + path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {})
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.title || ('HTTP ' + response.status));
    }
  }

  async function refresh() {
    try {
      const response = await fetch(deskPath);
      render(await response.json());
      connection.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      connection.textContent = 'sandbox unreachable';
    }
  }

  refresh();
  setInterval(refresh, 1000);
  return {
    act: function (path, body) {
      call(path, body).then(refresh).catch(e => { error.textContent = e.message; error.hidden = false; });
    }
  };
};
