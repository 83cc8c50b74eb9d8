// Buttons marked data-print print the page (a script file: the site's Content-Security-Policy allows no inline handlers).
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
})();
