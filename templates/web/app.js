// The intake page's only script (served by `digiaste serve`, never inline): it adds
// dropping a file on the form and an upload progress bar. The form works without it.
(function () {
  'use strict';
  var form = document.getElementById('upload');
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = document.getElementById('file');
  var drop = document.getElementById('drop');
  var bar = document.getElementById('progress');
  ['dragenter', 'dragover'].forEach(function (e) {
    drop.addEventListener(e, function (ev) { ev.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (e) {
    drop.addEventListener(e, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (ev) {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files.length) { input.files = ev.dataTransfer.files; }
  });
  var action = null;
  form.querySelectorAll('button[name=action]').forEach(function (b) {
    b.addEventListener('click', function () { action = b.value; });
  });
  form.addEventListener('submit', function (ev) {
    // The corrected copy is a file to save: the browser's own submit downloads it.
    if (!input.files.length || action === 'copy') { return; }
    ev.preventDefault();
    var data = new FormData(form);
    data.set('action', action || 'check');
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action'));
    bar.hidden = false;
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
    });
    xhr.addEventListener('load', function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', function () { bar.hidden = true; form.submit(); });
    xhr.send(data);
  });
}());
