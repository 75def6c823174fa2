// Hover a row of the table: its boxes and text spans light up; click: scroll to the first of them.
(function () {
  function marks(r) {
    return document.querySelectorAll('[data-r="' + r + '"].box, .seg[data-rows~="' + r + '"]');
  }
  function light(r, on) {
    marks(r).forEach(function (el) { el.classList.toggle('hl', on); });
    var tr = document.querySelector('#rows-table tr[data-r="' + r + '"]');
    if (tr) tr.classList.toggle('hl', on);
  }
  document.querySelectorAll('#rows-table tr[data-r]').forEach(function (tr) {
    var r = tr.getAttribute('data-r');
    tr.addEventListener('mouseenter', function () { light(r, true); });
    tr.addEventListener('mouseleave', function () { light(r, false); });
    tr.addEventListener('click', function () {
      var el = marks(r)[0] || document.getElementById('page-' + tr.getAttribute('data-page'));
      if (!el) return;
      el.scrollIntoView({behavior: 'smooth', block: 'center'});
      el.classList.remove('flash'); void el.getBoundingClientRect(); el.classList.add('flash');
    });
  });
  document.querySelectorAll('.box[data-r]').forEach(function (box) {
    var r = box.getAttribute('data-r');
    box.addEventListener('mouseenter', function () { light(r, true); });
    box.addEventListener('mouseleave', function () { light(r, false); });
    box.addEventListener('click', function () {
      var tr = document.querySelector('#rows-table tr[data-r="' + r + '"]');
      if (tr) tr.scrollIntoView({block: 'center'});
    });
  });
})();
