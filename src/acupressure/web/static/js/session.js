// The hands-free session: plays the server's timeline of cues with a countdown, speech,
// a chime and the screen kept awake. Keys: Space pauses, arrows move between steps.
//
// Sound is one queue: each cue's chime, then its words, then the next cue's. The server
// scheduled the words so they fit before the next cue (`say`, `say_seconds`); the queue
// makes sure nothing is cut off even when a voice is slower than that estimate. Words are
// said by the browser's own voice, or, when it has none, by the app (espeak-ng WAV files).
"use strict";

(function () {
  const root = document.getElementById("session");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const PHASES = {
    announce: "Find the point", switch_side: "Other side", press: "Press",
    change_direction: "Change direction", release: "Release", rest: "Rest",
    next: "Next step", done: "Done",
  };
  const OPENINGS = ["announce", "switch_side"];
  let data = null;        // the JSON twin of this page (timeline, routine, speed)
  let speed = Number(root.dataset.speed) || 1;
  let cursor = 0;         // index of the next event to fire
  let base = 0;           // session seconds reached before the current run
  let mark = null;        // performance.now() when the current run started; null = paused
  let current = null;     // the last event fired
  let phaseEvent = null;  // the last event that started a phase (not a direction change)
  const completed = new Set();
  let timer = null;
  let audio = null;       // the Web Audio context for the chime
  let wakeLock = null;
  let startedAt = null;

  // -- how cues reach the person --------------------------------------------------------

  function cueMode() {
    const chosen = document.querySelector("input[name=cue_mode]:checked");
    return chosen ? chosen.value : "full";
  }

  function hasVoice() {
    // Headless and bare Linux browsers have no voice: then the app speaks (espeak-ng WAVs).
    return "speechSynthesis" in window && window.speechSynthesis.getVoices().length > 0;
  }
  let browserVoice = hasVoice(); // Chromium lists its voices late: asked again at the start
  if ("speechSynthesis" in window) {
    window.speechSynthesis.addEventListener("voiceschanged", () => { browserVoice = hasVoice(); });
  }

  const sound = { queue: [], playing: null, stopNow: null };

  function enqueue(item) {
    const mode = cueMode();
    if (mode === "flash") { flash(); return; }
    const say = mode === "chime" ? "" : item.say;
    const chimes = item.chime || (mode === "chime" && item.say);
    if (!say && !chimes) return;
    sound.queue.push({ say, chime: chimes, high: item.high });
    // faster than real time (a demo) the words cannot keep up: keep only the latest few
    if (speed > 1) while (sound.queue.length > 2) sound.queue.shift();
    pump();
  }

  function pump() {
    if (sound.playing || !sound.queue.length) return;
    const item = sound.queue.shift();
    sound.playing = item;
    play(item).then(() => {
      if (sound.playing === item) sound.playing = null;
      pump();
    });
  }

  function silence() {
    sound.queue.length = 0;
    if (sound.stopNow) sound.stopNow();
    sound.playing = null;
  }

  async function play(item) {
    if (item.chime) await chime(item.high);
    if (item.say && sound.playing === item) await say(item.say);
  }

  function chime(high) {
    return new Promise((resolve) => {
      try {
        audio = audio || new (window.AudioContext || window.webkitAudioContext)();
        const now = audio.currentTime;
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = "sine";
        osc.frequency.setValueAtTime(high ? 880 : 660, now);
        gain.gain.setValueAtTime(0.0001, now);
        gain.gain.exponentialRampToValueAtTime(0.25, now + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.6);
        osc.connect(gain).connect(audio.destination);
        osc.start(now);
        osc.stop(now + 0.65);
      } catch (error) {
        // no Web Audio here: the spoken and written cues still work
      }
      window.setTimeout(resolve, 700); // the words wait for the chime
    });
  }

  function say(text) {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        sound.stopNow = null;
        resolve();
      };
      // never wait for ever on a voice that does not report its end
      const guard = window.setTimeout(finish, 4000 + text.length * 150);
      const end = () => { window.clearTimeout(guard); finish(); };
      if (browserVoice) {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.rate = 0.95;
        utterance.onend = end;
        utterance.onerror = end;
        sound.stopNow = () => { window.speechSynthesis.cancel(); end(); };
        window.speechSynthesis.speak(utterance);
      } else {
        const player = new Audio("/audio/cue.wav?text=" + encodeURIComponent(text));
        player.addEventListener("ended", end);
        player.addEventListener("error", () => { noSound(); end(); });
        sound.stopNow = () => { player.pause(); end(); };
        player.play().catch(() => { noSound(); end(); });
      }
    });
  }

  function noSound() {
    $("sound-status").textContent = "The app could not play its spoken cues. "
      + "Read them on the screen, or choose the screen flash.";
  }

  function flash() {
    root.classList.remove("flash");
    void root.offsetWidth; // restart the animation
    root.classList.add("flash");
    window.setTimeout(() => root.classList.remove("flash"), 900);
  }

  function soundCheck() {
    const has = hasVoice();
    browserVoice = has;
    const mode = cueMode();
    const status = $("sound-status");
    if (mode === "flash") {
      status.textContent = "The screen flashes at every change; no sound is played.";
      flash();
      return;
    }
    status.textContent = mode === "chime"
      ? "Playing the chime that marks every change."
      : has
        ? "Playing a test cue with this browser's voice."
        : "This browser has no voice of its own: the app speaks the cues (espeak-ng).";
    enqueue({ chime: true, high: false, say: "This is how the cues will sound." });
  }

  // -- time -----------------------------------------------------------------------------

  function position() {
    if (mark === null) return base;
    return base + ((performance.now() - mark) / 1000) * speed;
  }

  async function keepAwake() {
    const status = $("wake-status");
    if (!("wakeLock" in navigator)) {
      status.textContent = "This browser cannot keep the screen on: set the screen to stay on "
        + "longer, or tap it now and then.";
      return;
    }
    if (document.visibilityState !== "visible") return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      status.textContent = "The screen stays on during the session.";
    } catch (error) {
      wakeLock = null; // refused (battery saver, permissions): the session still runs
      status.textContent = "The browser did not allow keeping the screen on (battery saver or "
        + "settings): tap the screen now and then.";
    }
  }

  function letSleep() {
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }

  function highlight(stepIndex) {
    document.querySelectorAll(".chart .mark.current, .step.current").forEach((node) => {
      node.classList.remove("current");
    });
    const item = $("step-" + (stepIndex + 1));
    if (!item) return;
    item.classList.add("current");
    const code = item.dataset.point;
    const side = item.dataset.side;
    document.querySelectorAll(".chart .mark").forEach((node) => {
      const sameSide = side === "both" || side === "midline" || node.dataset.side === side
        || node.dataset.side === "midline";
      if (node.dataset.code === code && sameSide) node.classList.add("current");
    });
    $("step-no").textContent = String(stepIndex + 1);
    const dot = document.querySelector(".chart .mark.current");
    if (dot) dot.scrollIntoView({ block: "center" });
  }

  function showPhase() {
    // what is happening now, in words: also after a pause, never a stale "Paused"
    $("phase").textContent = phaseEvent ? (PHASES[phaseEvent.kind] || phaseEvent.kind) : "Get ready";
    const finding = $("finding");
    const detail = phaseEvent && OPENINGS.includes(phaseEvent.kind) ? phaseEvent.detail : "";
    finding.hidden = !detail;
    $("finding-text").textContent = detail || "";
  }

  function fire(event) {
    current = event;
    if (event.kind !== "change_direction") phaseEvent = event;
    if (event.kind === "next" || event.kind === "done") completed.add(event.step);
    highlight(event.step);
    showPhase();
    $("cue").textContent = event.text;
    enqueue({ say: event.say, chime: event.chime, high: event.kind === "press" || event.kind === "done" });
  }

  function tick() {
    const now = position();
    while (cursor < data.timeline.length && data.timeline[cursor].at <= now) {
      fire(data.timeline[cursor]);
      cursor += 1;
    }
    const until = phaseEvent ? phaseEvent.until : 0;
    $("countdown").textContent = String(Math.max(0, Math.ceil(until - now)));
    $("progress").value = Math.min(now, data.total);
    if (cursor >= data.timeline.length && now >= data.total) finish();
  }

  function run() {
    const resumed = mark === null && phaseEvent !== null;
    mark = performance.now();
    $("pause").textContent = "Pause";
    $("pause").setAttribute("aria-pressed", "false");
    timer = window.setInterval(tick, 100);
    keepAwake();
    showPhase();
    if (resumed && OPENINGS.includes(phaseEvent.kind) && position() < phaseEvent.until) {
      // the pause cut into "find it": say the whole instruction again
      enqueue({ say: phaseEvent.say || phaseEvent.text, chime: false, high: false });
    }
    tick();
  }

  function pause() {
    base = position();
    mark = null;
    window.clearInterval(timer);
    timer = null;
    $("pause").textContent = "Resume";
    $("pause").setAttribute("aria-pressed", "true");
    $("phase").textContent = "Paused: " + (phaseEvent ? (PHASES[phaseEvent.kind] || "") : "");
    silence();
    letSleep();
  }

  function togglePause() {
    if (mark === null) run(); else pause();
  }

  function setSpeed(value) {
    const next = Number(value);
    if (!(next > 0)) return;
    if (mark !== null) {
      base = position();
      mark = performance.now();
    }
    speed = next;
  }

  function stepStart(step) {
    const index = data.timeline.findIndex((event) => event.step === step);
    return index < 0 ? null : index;
  }

  function jumpTo(step) {
    const steps = data.routine.steps.length;
    if (step < 0 || step >= steps) return;
    const index = stepStart(step);
    if (index === null) return;
    const running = mark !== null;
    silence();
    cursor = index;
    base = data.timeline[index].at;
    mark = running ? performance.now() : null;
    tick();
  }

  function move(delta) {
    if (!current) return;
    let target = current.step + delta;
    if (delta < 0) {
      // "more than 3 s into this step" means the person's seconds, whatever the speed
      const start = data.timeline[stepStart(current.step)].at;
      if ((position() - start) / speed > 3) target = current.step;
    }
    jumpTo(target);
  }

  function finish() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    mark = null;
    letSleep();
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("keyup", swallowSpaceUp);
    $("running").hidden = true;
    root.classList.remove("is-running");
    $("steps_completed").value = String(completed.size);
    $("started_at").value = startedAt.toISOString();
    $("ended_at").value = new Date().toISOString();
    $("after").hidden = false;
    const first = $("after").querySelector("input[type=radio]");
    if (first) first.focus();
  }

  function onKey(event) {
    const tag = (event.target && event.target.tagName) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
    if (event.key === " " || event.code === "Space") {
      event.preventDefault();
      togglePause();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      move(1);
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      move(-1);
    }
  }

  function swallowSpaceUp(event) {
    // a focused button would also "click" on Space key-up and undo the toggle
    if ((event.key === " " || event.code === "Space") && event.target.tagName === "BUTTON") {
      event.preventDefault();
    }
  }

  function refuse(ids) {
    // Only the advice stays: no steps, no charts, nothing to press after a red flag.
    $("before").hidden = true;
    Array.from(root.children).forEach((child) => {
      if (!child.classList.contains("controls-panel")) child.hidden = true;
    });
    let first = null;
    ids.forEach((id) => {
      const block = document.querySelector('[data-question="' + CSS.escape(id) + '"]');
      if (!block) return;
      block.hidden = false;
      first = first || block;
    });
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.scrollIntoView({ block: "start" });
      first.focus();
    }
  }

  // A stop before the first step is kept in the diary as what it was: nothing pressed.
  function recordStop(ids) {
    const status = $("stop-recorded");
    const reasons = ids.map((id) => {
      const block = document.querySelector('[data-question="' + CSS.escape(id) + '"] .stop-reason');
      return block ? block.textContent.trim() : "";
    }).filter(Boolean);
    const pain = $("before").querySelector("input[name=pain_before_choice]:checked");
    const now = new Date().toISOString();
    const entry = {
      started_at: now,
      ended_at: now,
      origin: "guided",
      routine: $("after").querySelector("input[name=routine]").value,
      steps_planned: Number(root.dataset.steps),
      steps_completed: 0,
      pain_before: pain ? Number(pain.value) : null,
      note: root.dataset.stopNote + reasons.join(" "),
    };
    fetch("/api/diary/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(entry),
    }).then((response) => {
      status.textContent = response.ok
        ? "Kept in your diary as a session stopped before the first step: nothing was pressed, and it is not counted as a session done."
        : "This stop could not be saved in your diary; nothing was pressed.";
      status.hidden = false;
    }).catch(() => {
      status.textContent = "This stop could not be saved in your diary; nothing was pressed.";
      status.hidden = false;
    });
  }

  function timelineUrl() {
    // full or short words come from the server's timeline; chime and flash keep its timing
    const url = new URL(root.dataset.timelineUrl, window.location.href);
    const mode = cueMode();
    if (mode === "full" || mode === "short") url.searchParams.set("cues", mode);
    url.searchParams.set("speed", String(speed));
    return url.pathname + url.search;
  }

  // Clinic mode: the practitioner is told that a red flag stopped a session.
  function report(flagged) {
    const url = root.dataset.rescreenUrl;
    if (!url) return;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ red_flags: flagged }),
    }).catch(() => {});
  }

  async function start(event) {
    event.preventDefault();
    const form = $("before");
    const flagged = Array.from(form.querySelectorAll("input[name=rescreen]:checked"), (i) => i.value);
    if (flagged.length) {
      refuse(flagged);
      report(flagged);
      recordStop(flagged);
      return;
    }
    const pain = form.querySelector("input[name=pain_before_choice]:checked");
    $("pain_before").value = pain ? pain.value : "";
    let response = null;
    try {
      response = await fetch(timelineUrl(), { headers: { Accept: "application/json" } });
    } catch (error) {
      response = null; // the app is not running any more
    }
    if (!response || !response.ok) {
      const problem = $("load-error");
      problem.textContent = "The session could not be loaded. Check that the app is still running, then reload the page.";
      problem.hidden = false;
      return;
    }
    $("load-error").hidden = true;
    data = await response.json();
    browserVoice = hasVoice();
    startedAt = new Date();
    form.hidden = true;
    $("running").hidden = false;
    const aids = [];
    if (cueMode() !== "flash" && cueMode() !== "chime") {
      aids.push(browserVoice ? "Cues are spoken by this browser's voice."
        : "This browser has no voice: the app speaks the cues.");
    }
    $("aids").textContent = aids.join(" ");
    document.addEventListener("keydown", onKey);
    document.addEventListener("keyup", swallowSpaceUp);
    $("pause").addEventListener("click", togglePause);
    $("next").addEventListener("click", () => move(1));
    $("back").addEventListener("click", () => move(-1));
    $("end").addEventListener("click", finish);
    root.classList.add("is-running");
    $("pause").focus();
    run();
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && mark !== null) keepAwake();
  });
  $("before").addEventListener("submit", start);
  $("sound-check").addEventListener("click", soundCheck);
  document.querySelectorAll("select.speed").forEach((select) => {
    select.addEventListener("change", () => {
      setSpeed(select.value);
      document.querySelectorAll("select.speed").forEach((other) => { other.value = select.value; });
    });
  });
})();
