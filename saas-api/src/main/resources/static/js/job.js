// Live job progress: the server relays the job creator's phases as server-sent events.
(function () {
  'use strict';
  // The jobs table: each running job's state cell follows its events.
  if (window.EventSource) {
    // At most four streams: a browser keeps only six connections to one host.
    document.querySelectorAll('tr[data-events]').forEach(function (row, index) {
      if (index >= 4) return;
      var cell = row.querySelector('.job-state');
      var rowSource = new EventSource(row.getAttribute('data-events'));
      rowSource.addEventListener('job', function (event) {
        var job = JSON.parse(event.data);
        cell.textContent = job.state;
        cell.className = 'job-state state-' + job.state.replace(/ /g, '-');
        if (job.status === 'FINISHED') rowSource.close();
      });
    });
  }
  var live = document.querySelector('.live[data-events]');
  if (!live || live.getAttribute('data-finished') === 'true' || !window.EventSource) return;
  var list = live.querySelector('.phases');
  var state = live.querySelector('.job-state');
  var message = live.querySelector('.message');
  var source = new EventSource(live.getAttribute('data-events'));
  source.addEventListener('job', function (event) {
    var job = JSON.parse(event.data);
    state.textContent = job.state;
    state.className = 'job-state state-' + job.state.replace(/ /g, '-');
    message.textContent = job.message || '';
    list.textContent = '';
    job.phases.forEach(function (p) {
      var li = document.createElement('li');
      li.setAttribute('data-phase', p.phase);
      var elapsed = document.createElement('span');
      elapsed.className = 'elapsed';
      elapsed.textContent = p.elapsed_seconds.toFixed(1) + ' s';
      var label = document.createElement('span');
      label.className = 'label';
      label.textContent = p.label;
      var detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = p.message || '';
      li.appendChild(elapsed);
      li.appendChild(label);
      li.appendChild(detail);
      list.appendChild(li);
    });
    if (job.status === 'FINISHED') {
      source.close();
      // The finished page shows the output, the receipt and the files.
      window.location.reload();
    }
  });
  source.onerror = function () {
    // The browser reconnects by itself; a finished job's stream simply ends.
  };
})();
