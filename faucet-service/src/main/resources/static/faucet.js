// The faucet page: reads GET /api/v1/faucet, sends POST /api/v1/drips, shows receipts and problems.
(function () {
  'use strict';
  const WEI = 10n ** 18n;
  const form = document.getElementById('drip-form');
  const input = document.getElementById('address');
  const button = document.getElementById('send');
  const result = document.getElementById('result');

  // "1234500000000000000000" wei -> "1,234.5"
  function units(wei) {
    const value = BigInt(wei);
    const whole = value / WEI;
    let fraction = (value % WEI).toString().padStart(18, '0').slice(0, 4).replace(/0+$/, '');
    return whole.toLocaleString('en-US') + (fraction ? '.' + fraction : '');
  }

  function human(seconds) {
    if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : (seconds / 3600) + ' hours';
    if (seconds % 60 === 0) return seconds === 60 ? 'minute' : (seconds / 60) + ' minutes';
    return seconds + ' seconds';
  }

  function text(id, value) { document.getElementById(id).textContent = value; }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    (children || []).forEach(c => node.append(c));
    return node;
  }

  let status = null;

  async function refresh() {
    try {
      const response = await fetch('api/v1/faucet', { headers: { Accept: 'application/json' } });
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || ('HTTP ' + response.status));
      status = body;
      text('chain', 'Chain id ' + body.chain_id + '.');
      const give = units(body.ether_per_drip) + ' ether and ' + units(body.tokens_per_drip) + ' tokens';
      button.textContent = 'Send me ' + give;
      text('amounts', 'Each drip sends ' + give + '. One drip per address every '
        + human(body.limits.window_seconds) + '.');
      text('balance', units(body.ether_balance) + ' ether and ' + units(body.token_balance) + ' tokens'
        + (body.available ? ' (enough for ' + body.drips_left.toLocaleString('en-US') + ' more drips)'
                          : ' — too little for a drip: the faucet is empty for now'));
      text('limits', 'one drip per address every ' + human(body.limits.window_seconds) + '; '
        + body.limits.per_client + ' per client per ' + human(body.limits.window_seconds) + '; '
        + body.limits.daily_cap.toLocaleString('en-US') + ' drips a day in total ('
        + body.limits.drips_last_24h + ' in the last 24 hours)');
      text('faucet-address', body.address);
      text('token-address', body.token);
    } catch (e) {
      text('amounts', 'The faucet cannot be reached right now: ' + e.message);
    }
  }

  function showError(message) {
    result.hidden = false;
    result.className = 'result error';
    result.replaceChildren(el('h3', {}, ['Nothing was sent']), el('p', {}, [message]));
    input.setAttribute('aria-invalid', 'true');
  }

  function showReceipt(receipt) {
    result.hidden = false;
    result.className = 'result ok';
    const rows = receipt.transactions.map(tx => el('tr', {}, [
      el('td', {}, [tx.asset === 'ether' ? units(receipt.ether) + ' ether' : units(receipt.tokens) + ' tokens']),
      el('td', { class: 'hash' }, [tx.hash]),
      el('td', {}, [tx.block == null ? 'not mined yet' : String(tx.block)])
    ]));
    const table = el('table', { id: 'transactions' }, [
      el('tr', {}, [el('th', {}, ['sent']), el('th', {}, ['transaction hash']), el('th', {}, ['block'])]),
      ...rows
    ]);
    result.replaceChildren(
      el('h3', {}, ['Sent to ' + receipt.address]),
      table,
      el('p', { id: 'new-balance' }, ['Your address now holds ' + units(receipt.ether_balance) + ' ether and '
        + units(receipt.token_balance) + ' tokens.']),
      el('p', { class: 'hint' }, ['Your next drip: after '
        + new Date(receipt.next_drip_at).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })
        + ' UTC.'])
    );
    input.removeAttribute('aria-invalid');
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const address = input.value.trim();
    if (!address) {
      showError('Enter the address to send to: 0x followed by 40 hex digits.');
      return;
    }
    button.disabled = true;
    const label = button.textContent;
    button.textContent = 'Sending…';
    try {
      const response = await fetch('api/v1/drips', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
        body: JSON.stringify({ address })
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        showReceipt(body);
      } else {
        let message = body.detail || ('The faucet answered HTTP ' + response.status + '.');
        message = message.charAt(0).toUpperCase() + message.slice(1);
        showError(message);
      }
    } catch (e) {
      showError('The faucet cannot be reached: ' + e.message);
    } finally {
      button.disabled = false;
      button.textContent = label;
      refresh();
    }
  });

  input.addEventListener('input', () => input.removeAttribute('aria-invalid'));
  refresh();
})();
