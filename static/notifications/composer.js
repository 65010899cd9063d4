// Live length count for the composer, by the same GSM 03.38 rules as notifications/text.py.
(function () {
  const BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  const EXTENSION = "^{}\\[~]|€\f";
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
  document.addEventListener("DOMContentLoaded", function () {
    const body = document.getElementById("body");
    const out = document.getElementById("count");
    if (!body || !out) return;
    const update = function () {
      const c = count(body.value);
      out.textContent = c.characters + " " + out.dataset.templateCharacters + " · " +
        c.segments + " " + out.dataset.templateSegments + " (" + c.encoding + ")";
    };
    body.addEventListener("input", update);
    update();
  });
})();
