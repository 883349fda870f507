// XAI lab: draw an object with a mouse, pen or finger; each finished stroke is sent as a PNG.
(function () {
  var LINE_WIDTH = 18; // canvas pixels: about 3 of the model's 40x40 pixels, like the samples' strokes

  function start() {
    var form = document.getElementById("cam-form");
    var canvas = document.getElementById("cam-canvas");
    if (!form || !canvas) return;
    // Choosing where the image comes from only shows that panel; it sends nothing. (Not an
    // hx-trigger filter: htmx evaluates those as strings, which the CSP forbids.)
    form.querySelectorAll('input[name="source"]').forEach(function (input) {
      input.addEventListener("change", function (event) { event.stopPropagation(); });
    });
    var field = document.getElementById("id_drawing");
    var drawSource = form.querySelector('input[name="source"][value="draw"]');
    var ctx = canvas.getContext("2d");
    var last = null;

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height),
      };
    }

    function line(from, to) {
      ctx.strokeStyle = "#ffffff";
      ctx.fillStyle = "#ffffff";
      ctx.lineWidth = LINE_WIDTH;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      last = point(event);
      line(last, last); // a tap leaves a dot
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!last) return;
      var next = point(event);
      line(last, next);
      last = next;
    });
    function finish() {
      if (!last) return;
      last = null;
      // Transparent ground, opaque strokes: the server reads the ink from the alpha channel.
      field.value = canvas.toDataURL("image/png");
      drawSource.checked = true;
      form.requestSubmit();
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);

    document.getElementById("cam-clear").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      field.value = "";
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
