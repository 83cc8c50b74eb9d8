// Avoidance suggestions (选址避让): fetched on request, listed, and drawn on the page's map through the map-overlay
// contract (the 'approvals:map-overlay' event); on a draft's boundary page each can be adopted with one click.
(function () {
  'use strict';
  var section = document.getElementById('avoidance');
  if (!section) return;
  var en = section.dataset.english === 'true';
  var result = document.getElementById('avoidance-result');
  var button = document.getElementById('avoidance-compute');
  function t(zh, english) { return en ? english : zh; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function num(v, digits) { return Number(v).toLocaleString(en ? 'en' : 'zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits }); }
  function overlay(id, label, color, geojson) {
    document.dispatchEvent(new CustomEvent('approvals:map-overlay', { detail: { id: id, label: label, color: color, geojson: geojson, fit: true } }));
  }
  var levels = { county: ['县级', 'county'], city: ['市级', 'city'], province: ['省级', 'province'], national: ['国家级', 'national'] };
  var departments = { land: ['用地', 'land'], mineral: ['矿产', 'mineral'], forest: ['林业', 'forest'], grassland: ['草原', 'grassland'] };
  function word(map, key) { var w = map[key]; return w ? (en ? w[1] : w[0]) : key; }

  function problemText(response, body) {
    if (body && (body.detail || body.title)) return body.detail || body.title;
    return t('请求失败（' + response.status + '）', 'The request failed (' + response.status + ')');
  }

  function adopt(choice, site) {
    var url = section.dataset.adoptUrl;
    var status = el('p', 'notice', t('正在保存并重新预检…', 'Saving and checking again…'));
    result.appendChild(status);
    fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(site === undefined ? { choice: choice } : { choice: choice, site: site })
    }).then(function (response) {
      if (response.ok) { window.location.href = section.dataset.returnUrl; window.location.reload(); return; }
      return response.json().catch(function () { return null; }).then(function (body) {
        status.className = 'notice error'; status.setAttribute('role', 'alert'); status.textContent = problemText(response, body);
      });
    });
  }

  function opinionButton(text) {
    var target = section.dataset.opinion && document.getElementById(section.dataset.opinion);
    if (!target) return null;
    var b = el('button', 'secondary', t('写入审查意见', 'Put into the opinion'));
    b.type = 'button';
    b.addEventListener('click', function () { target.value = (target.value ? target.value + '\n' : '') + text; target.focus(); });
    return b;
  }

  function render(a) {
    result.textContent = '';
    if (!a) { result.appendChild(el('p', 'notice ok', t('红线未压占禁止占用的类别，无需避让。', 'The boundary hits nothing prohibited: there is nothing to avoid.'))); return; }
    var names = a.avoidedCategories.map(function (c) { return c.code + ' ' + (en ? c.nameEn : c.name); }).join(en ? ', ' : '、');
    result.appendChild(el('p', null, t('需避让：', 'To avoid: ') + names));

    var clear = el('div', 'avoidance-clear');
    clear.appendChild(el('h4', null, t('剔除后的可用部分', 'The clear part')));
    if (a.clearPart) {
      clear.appendChild(el('p', 'avoidance-clear-area', t('可用 ', 'Clear: ') + num(a.clearPart.areaHa, 2) + t(' 公顷，保留原红线的 ', ' ha, ') + num(a.clearPart.percentRetained, 2) + t('%', ' % of the boundary kept')
        + (a.clearPart.sliversDropped ? t('（已去除小于 ' + a.sliverM2 + ' m² 的碎片 ' + a.clearPart.sliversDropped + ' 块）', ' (' + a.clearPart.sliversDropped + ' sliver(s) under ' + a.sliverM2 + ' m² dropped)') : '')));
      overlay('avoid-clear', t('可用部分', 'Clear part'), '#2e7d32', a.clearPart.geometry);
      var actions = el('div', 'actions');
      if (section.dataset.adoptUrl) {
        var b = el('button', null, t('采用可用部分作为红线', 'Adopt the clear part as the boundary'));
        b.type = 'button'; b.id = 'avoidance-adopt-clear';
        b.addEventListener('click', function () { adopt('clear-part'); });
        actions.appendChild(b);
      }
      var ob = opinionButton(t('请核减红线中压占' + names + '的部分，核减后可用面积约 ' + num(a.clearPart.areaHa, 2) + ' 公顷（保留 ' + num(a.clearPart.percentRetained, 2) + '%）。',
        'Please take the parts on ' + names + ' out of the boundary; about ' + num(a.clearPart.areaHa, 2) + ' ha (' + num(a.clearPart.percentRetained, 2) + ' %) remain clear.'));
      if (ob) actions.appendChild(ob);
      clear.appendChild(actions);
    } else {
      clear.appendChild(el('p', 'avoidance-no-clear', t('红线全部位于禁止占用的范围内，没有可用部分。', 'The whole boundary lies in prohibited land: no part of it is clear.')));
    }
    result.appendChild(clear);

    var sites = el('div', 'avoidance-sites');
    sites.appendChild(el('h4', null, t('附近可用选址', 'Nearby sites')));
    if (!a.sites.length) {
      var none = el('p', 'notice avoidance-no-site', en ? a.messageEn : a.message);
      none.id = 'avoidance-no-site';
      sites.appendChild(none);
    }
    var colours = ['#1565c0', '#6a1b9a', '#ef6c00'];
    a.sites.forEach(function (s, i) {
      var label = t('选址 ' + (i + 1), 'Site ' + (i + 1));
      overlay('avoid-site-' + (i + 1), label, colours[i % colours.length], s.geometry);
      var card = el('div', 'avoidance-site');
      card.id = 'avoidance-site-' + (i + 1);
      card.appendChild(el('h5', null, label));
      var east = s.shiftEastM, north = s.shiftNorthM;
      card.appendChild(el('p', null, t('平移 ' + num(s.shiftM, 0) + ' 米（东 ' + num(east, 0) + '，北 ' + num(north, 0) + '），旋转 ' + s.rotationDeg + '°；',
        'Moved ' + num(s.shiftM, 0) + ' m (east ' + num(east, 0) + ', north ' + num(north, 0) + '), turned ' + s.rotationDeg + '°; ')
        + t('仍压占需上级或其他部门审查的范围 ', 'still on land sent up or to another department: ') + num(s.restrictedM2, 0) + ' m²'));
      var r = s.report;
      card.appendChild(el('p', 'small', t('审查部门：', 'Departments: ') + r.requiredDepartments.map(function (d) { return word(departments, d); }).join(en ? ', ' : '、')
        + t('；审查层级：', '; deciding level: ') + word(levels, r.decidingLevel)
        + t('；压占：', '; hits: ') + (r.categories.length ? r.categories.map(function (c) { return c.code + ' ' + num(c.overlapM2, 0) + ' m²'; }).join(en ? ', ' : '、') : t('无', 'none'))));
      var actions = el('div', 'actions');
      if (section.dataset.adoptUrl) {
        var b = el('button', null, t('使用该选址', 'Use this site'));
        b.type = 'button';
        b.addEventListener('click', function () { adopt('site', i); });
        actions.appendChild(b);
      }
      var ob = opinionButton(t('建议将红线平移约 ' + num(s.shiftM, 0) + ' 米（东 ' + num(east, 0) + ' 米、北 ' + num(north, 0) + ' 米）并旋转 ' + s.rotationDeg + '°，以避让' + names + '。',
        'Consider moving the boundary about ' + num(s.shiftM, 0) + ' m (' + num(east, 0) + ' m east, ' + num(north, 0) + ' m north) and turning it ' + s.rotationDeg + '° to avoid ' + names + '.'));
      if (ob) actions.appendChild(ob);
      card.appendChild(actions);
      sites.appendChild(card);
    });
    sites.appendChild(el('p', 'small muted', t('在 ' + num(a.searchedRadiusM, 0) + ' 米范围内按每 ' + a.shiftStepM + ' 米平移、每 ' + a.rotationStepDeg + '° 旋转，共试 ' + num(a.candidatesTried, 0) + ' / ' + num(a.candidatesTotal, 0) + ' 个位置；用时 ' + num(a.elapsedMs / 1000, 1) + ' 秒。',
      'Searched ' + num(a.searchedRadiusM, 0) + ' m around in moves of ' + a.shiftStepM + ' m and turns of ' + a.rotationStepDeg + '°: ' + num(a.candidatesTried, 0) + ' of ' + num(a.candidatesTotal, 0) + ' placements tried in ' + num(a.elapsedMs / 1000, 1) + ' s.')));
    result.appendChild(sites);
  }

  button.addEventListener('click', function () {
    button.disabled = true;
    result.textContent = '';
    result.appendChild(el('p', 'notice', t('正在计算…', 'Working it out…')));
    fetch(section.dataset.avoidanceUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (body) {
          button.disabled = false;
          if (!response.ok) { result.textContent = ''; var p = el('p', 'notice error', problemText(response, body)); p.setAttribute('role', 'alert'); result.appendChild(p); return; }
          render(body.avoidance || null);
        });
      });
  });
})();
