// Live length count for the composer and the template editor, by the same rules as
// notifications/text.py: placeholders filled in as the page says (the longest names), the
// opt-out line added when the text has no STOP, then GSM 03.38 segments.
(function () {
  const BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  const EXTENSION = "^{}\\[~]|€\f";
  const STOP = /(^|[^A-Za-z])STOP(?![A-Za-z])/;
  function count(text) {
    const chars = Array.from(text);
    const gsm = chars.every((c) => BASIC.includes(c) || EXTENSION.includes(c));
    const units = gsm
      ? chars.reduce((n, c) => n + (EXTENSION.includes(c) ? 2 : 1), 0)
      : text.length; // UTF-16 code units, as UCS-2 counts them
    const single = gsm ? 160 : 70;
    const multi = gsm ? 153 : 67;
    const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
    return { characters: chars.length, segments, encoding: gsm ? "GSM-7" : "UCS-2" };
  }
  function asSent(body, values, optOut) {
    let text = body.replace(/\{\{|\}\}|\{(\w*)\}/g, function (match, name) {
      if (match === "{{") return "{";
      if (match === "}}") return "}";
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
    if (!STOP.test(text)) text = (text.trimEnd() + " " + optOut).trimStart();
    return text;
  }
  document.addEventListener("DOMContentLoaded", function () {
    const body = document.getElementById("body");
    const out = document.getElementById("count");
    if (!body || !out) return;
    const values = out.dataset.values ? JSON.parse(out.dataset.values) : {};
    const update = function () {
      const c = count(asSent(body.value, values, out.dataset.optOut || ""));
      const tooLong = c.segments > Number(out.dataset.maxSegments || Infinity);
      // Dutch and English both say one thing, many things: the singular only for 1.
      const noun = function (n, one, many) { return n + " " + (n === 1 ? one : many); };
      out.textContent = noun(c.characters, out.dataset.character, out.dataset.characters) +
        " · " + noun(c.segments, out.dataset.segment, out.dataset.segments) +
        " (" + c.encoding + ")" + (tooLong ? " · " + out.dataset.tooLong : "");
    };
    body.addEventListener("input", update);
    update();
  });
})();
