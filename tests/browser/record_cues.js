// Injected by the browser tests before any page script: records what the session says
// and chimes, and when each sound starts and ends, so a test can check the cues (and that
// no two overlap) without speakers.
window.__cues = { spoken: [], chimes: 0, flashes: 0, sounds: [] };
function __heard(what, text) {
  const sound = { what, text, start: performance.now(), end: null };
  window.__cues.sounds.push(sound);
  return sound;
}
if ("speechSynthesis" in window) {
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (utterance) => {
    window.__cues.spoken.push(utterance.text);
    const sound = __heard("voice", utterance.text);
    utterance.addEventListener("end", () => { sound.end = performance.now(); });
    utterance.addEventListener("error", () => { sound.end = performance.now(); });
    try { speak(utterance); } catch (error) { /* no voices in a headless browser */ }
  };
}
const __play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  const text = new URL(this.src, location.href).searchParams.get("text") || this.src;
  window.__cues.spoken.push(text);
  const sound = __heard("audio", text);
  const done = () => { if (sound.end === null) sound.end = performance.now(); };
  this.addEventListener("ended", done);
  this.addEventListener("pause", done);
  this.addEventListener("error", done);
  return __play.call(this);
};
const Original = window.AudioContext;
if (Original) {
  window.AudioContext = class extends Original {
    createOscillator() {
      window.__cues.chimes += 1;
      const sound = __heard("chime", "");
      sound.end = sound.start + 650;
      return super.createOscillator();
    }
  };
}
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target.id === "session" && change.target.classList.contains("flash")) {
      window.__cues.flashes += 1;
    }
  }
}).observe(document, { attributes: true, attributeFilter: ["class"], subtree: true });
