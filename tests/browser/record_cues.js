// Injected by the browser tests before any page script: records what the session says
// and chimes, so a test can check the cues without speakers.
window.__cues = { spoken: [], chimes: 0 };
if ("speechSynthesis" in window) {
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (utterance) => {
    window.__cues.spoken.push(utterance.text);
    try { speak(utterance); } catch (error) { /* no voices in a headless browser */ }
  };
}
const Original = window.AudioContext;
if (Original) {
  window.AudioContext = class extends Original {
    createOscillator() { window.__cues.chimes += 1; return super.createOscillator(); }
  };
}
