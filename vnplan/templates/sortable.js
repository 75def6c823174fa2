document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('sorted-asc');
      t.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc')});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      var rows=Array.from(t.tBodies[0].rows);
      function key(r){var c=r.cells[i];if(!c)return '';var s=c.getAttribute('data-sort');
        if(s!==null&&s!==''&&!isNaN(s))return parseFloat(s);return (s!==null?s:c.textContent).toLowerCase();}
      rows.sort(function(a,b){var x=key(a),y=key(b);
        if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});
      rows.forEach(function(r){t.tBodies[0].appendChild(r)});
    });
  });
});
