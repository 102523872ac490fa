// Photo viewer on the claim page: field boxes drawn in the photo's own pixels, zoom and rotate buttons.
(function () {
  document.querySelectorAll(".doc").forEach(function (doc) {
    var img = doc.querySelector("img"), svg = doc.querySelector("svg"), frame = doc.querySelector(".frame");
    var scale = 1, turn = 0;
    function fit() { svg.setAttribute("viewBox", "0 0 " + img.naturalWidth + " " + img.naturalHeight); }
    if (img.complete) fit(); else img.addEventListener("load", fit);
    function apply() { frame.style.transform = "rotate(" + turn + "deg) scale(" + scale + ")"; }
    doc.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () { scale *= parseFloat(b.dataset.zoom); apply(); });
    });
    doc.querySelectorAll("[data-rotate]").forEach(function (b) {
      b.addEventListener("click", function () { turn = (turn + 90) % 360; apply(); });
    });
  });
})();
