// Tsunagu status page: asks api/status every few seconds and shows the answer. No framework, no external files.
// Text from the services is only ever set with textContent, never parsed as HTML.
'use strict';

(function () {
  const DEFAULT_REFRESH_MILLIS = 5000;
  const numbers = new Intl.NumberFormat();

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function badge(status) {
    return element('span', 'badge badge-' + status.toLowerCase(), status);
  }

  function renderService(service) {
    const item = element('li', 'service');
    item.dataset.status = service.status;
    const article = element('article');
    const heading = element('h3');
    heading.append(element('span', 'service-name', service.service), ' ', badge(service.status));
    article.append(heading, element('p', 'service-url', service.url));

    if (service.checks.length > 0) {
      const checks = element('ul', 'checks');
      checks.setAttribute('aria-label', 'Readiness checks of ' + service.service + ' at ' + service.url);
      for (const check of service.checks) {
        const entry = element('li', 'check');
        entry.append(element('span', 'check-name', check.name), ': ', badge(check.status));
        checks.append(entry);
      }
      article.append(checks);
    }
    if (service.error) {
      article.append(element('p', 'service-error', service.error));
    }
    item.append(article);
    return item;
  }

  function renderCounts(counts) {
    for (const cell of document.querySelectorAll('[data-count]')) {
      const value = counts[cell.dataset.count];
      cell.textContent = value === null || value === undefined ? '\u2013' : numbers.format(value);
    }
  }

  function render(status) {
    const overall = document.getElementById('overall');
    overall.textContent = status.status === 'UP'
      ? 'All services are up.'
      : 'Some services are down or unreachable.';
    overall.dataset.status = status.status;
    document.getElementById('services').replaceChildren(...status.services.map(renderService));
    renderCounts(status.counts);
    const checkedAt = document.getElementById('checked-at');
    checkedAt.dateTime = status.checkedAt;
    checkedAt.textContent = new Date(status.checkedAt).toLocaleTimeString();
    document.getElementById('refresh-seconds').textContent = String(Math.round(status.refreshMillis / 1000));
  }

  function renderUnavailable(reason) {
    const overall = document.getElementById('overall');
    overall.textContent = 'The status could not be fetched (' + reason + '). Trying again shortly.';
    overall.dataset.status = 'DOWN';
  }

  async function refresh() {
    let next = DEFAULT_REFRESH_MILLIS;
    try {
      const response = await fetch('api/status', { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const status = await response.json();
      render(status);
      next = status.refreshMillis > 0 ? status.refreshMillis : DEFAULT_REFRESH_MILLIS;
    } catch (error) {
      renderUnavailable(error.message);
    } finally {
      window.setTimeout(refresh, next);
    }
  }

  refresh();
}());
