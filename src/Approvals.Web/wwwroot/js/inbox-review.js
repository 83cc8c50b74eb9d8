// The review form: the opinion's label says what is asked for (the corrections to make when returning a case),
// and the conditions field shows only for "agree with conditions". Without script both fields stay visible.
(function () {
  'use strict';
  var form = document.querySelector('.review-form');
  if (!form) return;
  var label = document.getElementById('opinion-label');
  var conditions = document.getElementById('conditions-field');
  function update() {
    var chosen = form.querySelector('input[name="Outcome"]:checked');
    var value = chosen ? chosen.value : '';
    label.textContent = value === 'ReturnForCorrection' ? label.dataset.returnLabel : label.dataset.defaultLabel;
    var withConditions = value === 'AgreeWithConditions';
    conditions.hidden = !withConditions && !conditions.querySelector('.field-error');
    conditions.querySelector('textarea').required = withConditions;
  }
  form.addEventListener('change', update);
  update();
})();
