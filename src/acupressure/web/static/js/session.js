// The hands-free session: plays the server's timeline of cues with a countdown, speech,
// a chime and the screen kept awake. Keys: Space pauses, arrows move between steps.
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
  let data = null;        // the JSON twin of this page (timeline, routine, speed)
  let cursor = 0;         // index of the next event to fire
  let base = 0;           // session seconds reached before the current run
  let mark = null;        // performance.now() when the current run started; null = paused
  let current = null;     // the last event fired
  const completed = new Set();
  let timer = null;
  let audio = null;
  let wakeLock = null;
  let startedAt = null;

  function position() {
    if (mark === null) return base;
    return base + ((performance.now() - mark) / 1000) * data.speed;
  }

  function chime(high) {
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
  }

  function speak(text) {
    if (!("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.95;
    window.speechSynthesis.speak(utterance);
  }

  async function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
    } catch (error) {
      wakeLock = null; // refused (battery saver, permissions): the session still runs
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

  function fire(event) {
    current = event;
    if (event.kind === "next" || event.kind === "done") completed.add(event.step);
    highlight(event.step);
    $("phase").textContent = PHASES[event.kind] || event.kind;
    $("cue").textContent = event.text;
    chime(event.kind === "press" || event.kind === "done");
    speak(event.text);
  }

  function tick() {
    const now = position();
    while (cursor < data.timeline.length && data.timeline[cursor].at <= now) {
      fire(data.timeline[cursor]);
      cursor += 1;
    }
    const left = current ? Math.max(0, Math.ceil(current.until - now)) : 0;
    $("countdown").textContent = String(left);
    $("progress").value = Math.min(now, data.total);
    if (cursor >= data.timeline.length && now >= data.total) finish();
  }

  function run() {
    mark = performance.now();
    $("pause").textContent = "Pause";
    $("pause").setAttribute("aria-pressed", "false");
    timer = window.setInterval(tick, 100);
    keepAwake();
    tick();
  }

  function pause() {
    base = position();
    mark = null;
    window.clearInterval(timer);
    timer = null;
    $("pause").textContent = "Resume";
    $("pause").setAttribute("aria-pressed", "true");
    $("phase").textContent = "Paused";
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    letSleep();
  }

  function togglePause() {
    if (mark === null) run(); else pause();
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
      if ((position() - start) / data.speed > 3) target = current.step;
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

  async function start(event) {
    event.preventDefault();
    const form = $("before");
    const flagged = Array.from(form.querySelectorAll("input[name=rescreen]:checked"), (i) => i.value);
    if (flagged.length) {
      refuse(flagged);
      return;
    }
    const pain = form.querySelector("input[name=pain_before_choice]:checked");
    $("pain_before").value = pain ? pain.value : "";
    let response = null;
    try {
      response = await fetch(root.dataset.timelineUrl, { headers: { Accept: "application/json" } });
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
    startedAt = new Date();
    form.hidden = true;
    $("running").hidden = false;
    const aids = [];
    if (!("speechSynthesis" in window)) aids.push("This browser cannot speak the cues; read them here.");
    if (!("wakeLock" in navigator)) aids.push("This browser cannot keep the screen awake.");
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
})();
