// The review form: the opinion's label says what is asked for (the corrections to make when returning a case),
// and the conditions field shows only for "agree with conditions"; a decision's final conditions only for an approval and
// its legal basis only for a refusal. Without script every field stays visible.
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
    if (conditions) {
      var withConditions = value === 'AgreeWithConditions';
      conditions.hidden = !withConditions && !conditions.querySelector('.field-error');
      conditions.querySelector('textarea').required = withConditions;
    }
    // A decision's final conditions belong to an approval, its legal basis to a refusal.
    form.querySelectorAll('[data-when]').forEach(function (part) {
      part.hidden = part.dataset.when !== value && !part.querySelector('.field-error');
    });
  }
  var add = document.getElementById('add-condition');
  if (add) {
    add.hidden = false;
    add.addEventListener('click', function () {
      var list = form.querySelector('.condition-rows');
      var i = list.children.length;
      var li = document.createElement('li');
      li.className = 'condition-row';
      var label = document.createElement('label');
      label.htmlFor = 'final-condition-' + i;
      label.textContent = add.dataset.label;
      var text = document.createElement('textarea');
      text.id = 'final-condition-' + i;
      text.name = 'FinalConditions[' + i + '].Text';
      text.rows = 2;
      text.maxLength = 1000;
      var remove = document.createElement('label');
      remove.className = 'choice';
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'FinalConditions[' + i + '].Remove';
      box.value = 'true';
      remove.append(box, ' ' + add.dataset.remove);
      li.append(label, text, remove);
      list.appendChild(li);
      text.focus();
    });
  }
  form.addEventListener('change', update);
  update();
})();
