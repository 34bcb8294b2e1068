(function(){
var q=new URLSearchParams(location.search).get("rm-selftest");
if(q===null)return;
function all(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
function shown(el){var r=el.getBoundingClientRect(),s=getComputedStyle(el);
 return r.width>0&&r.height>0&&s.visibility==="visible"&&s.display!=="none"&&parseFloat(s.opacity)>0;}
function painted(el){var c=getComputedStyle(el).backgroundColor;
 return !!c&&c!=="transparent"&&c!=="rgba(0, 0, 0, 0)";}
function run(){
 var blanks=all("#text .blank"),empty=all("#text .blank.empty");
 var broken=all('a[href^="#"]').map(function(a){return decodeURIComponent(a.getAttribute("href").slice(1));})
  .filter(function(id){return id&&!document.getElementById(id);});
 var toc=all("nav.outline a[href^='#s-']");
 var target=q||(toc.length?toc[Math.floor(toc.length/2)].getAttribute("href").slice(1):"");
 var before=window.scrollY;
 if(target)location.hash="#"+target;
 setTimeout(function(){
  var el=target?document.getElementById(target):null,r=el?el.getBoundingClientRect():null;
  var t=document.getElementById("text");
  var facts={blanks:blanks.length,visibleBlanks:blanks.filter(shown).length,
   highlightedBlanks:blanks.filter(painted).length,emptyBlanks:empty.length,
   visibleEmptyBlanks:empty.filter(shown).length,figures:all("#text .fig").length,
   findings:all("aside.findings li").length,sections:toc.length,brokenLinks:broken,
   scripts:document.scripts.length,textChars:t?t.textContent.length:0,
   target:target,targetFound:!!el,targetIsTarget:!!el&&el===document.querySelector(":target"),
   targetTop:r?r.top:null,scrollBefore:before,scrollY:window.scrollY,viewportWidth:innerWidth,
   viewportHeight:innerHeight,overflowX:document.documentElement.scrollWidth-innerWidth,
   hash:location.hash};
  document.getElementById("rm-selftest").textContent=JSON.stringify(facts);
 },100);
}
var done=false;function once(){if(!done){done=true;run();}}
window.addEventListener("load",function(){
 if(document.fonts&&document.fonts.ready)document.fonts.ready.then(once);
 setTimeout(once,1000);});
})();
