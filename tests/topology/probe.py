"""What the topology test measures in the browser itself: EventSources on the UI's own stream
(GET /api/events, through nginx) that record, with the page's clock, when each job event
arrives, and the moment the person clicks Save in the model dialog (the download starts)."""

from __future__ import annotations

INSTALL = """
window.__topology = {t0: null, streams: [], sources: []};
document.addEventListener('click', (event) => {
  const save = event.target.closest && event.target.closest('[data-testid="modal-save"]');
  if (save && window.__topology.t0 === null) window.__topology.t0 = performance.now();
}, true);
"""

# Opens one more EventSource; answers its index once it is open (-1 after 5 s without).
OPEN_STREAM = """
const done = arguments[arguments.length - 1];
const probe = window.__topology;
const rec = {opens: 0, errors: 0, progress: [], statuses: []};
const index = probe.streams.length;
probe.streams.push(rec);
const source = new EventSource('/api/events');
probe.sources.push(source);
let answered = false;
const answer = (value) => { if (!answered) { answered = true; done(value); } };
source.addEventListener('open', () => { rec.opens += 1; answer(index); });
source.addEventListener('error', () => { rec.errors += 1; });
source.addEventListener('job', (event) => {
  const now = performance.now();
  let payload;
  try { payload = JSON.parse(event.data); } catch { return; }
  const job = payload.data || {};
  if (payload.action === 'progress') {
    // delay: how long after the server stored it (one machine, one clock).
    rec.progress.push({t: now, delay: job.updated_at ? Date.now() - Date.parse(job.updated_at) : null});
  } else if (payload.action === 'status') {
    rec.statuses.push({t: now, state: job.state, job: job.id});
  }
});
setTimeout(() => answer(-1), 5000);
"""

READ = "return {t0: window.__topology.t0, now: performance.now(), streams: window.__topology.streams};"

NOW = "return performance.now();"

CLOSE = "for (const source of window.__topology.sources) source.close();"


def first_progress_ms(probe: dict) -> list[float]:
    """Per stream, milliseconds from the click on Save to its first progress event."""
    return [stream["progress"][0]["t"] - probe["t0"] for stream in probe["streams"] if stream["progress"]]


def late_events(probe: dict, until: float, limit_ms: float) -> list[tuple[int, float, float]]:
    """(stream, page time, delay) of the progress events received before until that arrived
    more than limit_ms after the server stored them."""
    return [(index, event["t"], event["delay"]) for index, stream in enumerate(probe["streams"])
            for event in stream["progress"] if event["t"] < until and (event["delay"] or 0) > limit_ms]


def longest_gap_ms(stream: dict) -> float:
    """The longest silence between two progress events of a stream (the hand-over, seen live)."""
    times = [event["t"] for event in stream["progress"]]
    return max((b - a for a, b in zip(times, times[1:])), default=0.0)


def states(stream: dict, job_id: str) -> list[str]:
    return [s["state"] for s in stream["statuses"] if s["job"] == job_id]
