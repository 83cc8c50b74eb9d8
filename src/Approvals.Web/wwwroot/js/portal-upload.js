// Refuses a document over the size limit before it is sent (the server refuses it too, but a request
// that large would be cut off before the page could answer next to the field).
(function () {
  'use strict';
  document.querySelectorAll('input[type=file][data-max-bytes]').forEach(function (input) {
    var form = input.form;
    form.addEventListener('submit', function (event) {
      var file = input.files && input.files[0];
      var old = document.getElementById(input.id + '-error');
      if (!file || file.size <= Number(input.dataset.maxBytes)) return;
      event.preventDefault();
      var message = old || document.createElement('span');
      message.id = input.id + '-error';
      message.className = 'field-error';
      message.setAttribute('role', 'alert');
      message.textContent = input.dataset.tooLarge;
      if (!old) input.insertAdjacentElement('afterend', message);
      input.setAttribute('aria-describedby', message.id);
      input.focus();
    });
  });
})();
