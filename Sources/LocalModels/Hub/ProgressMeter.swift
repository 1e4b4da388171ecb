import Synchronization

/// Turns byte counts into progress reports (downloads, and Ollama pulls): throttled to one per interval, with a speed
/// averaged over a sliding window so the ETA does not jump with every chunk.
public final class ProgressMeter: Sendable {
    private let interval: Duration
    private let window: Duration
    private let state = Mutex(State())

    private struct State {
        var lastReport: ContinuousClock.Instant?
        var samples: [(at: ContinuousClock.Instant, bytes: Int64)] = []
    }

    /// Samples closer than this add nothing to the average and would only grow the list.
    private static let sampleSpacing: Duration = .milliseconds(100)

    public init(interval: Duration, window: Duration = .seconds(5)) {
        self.interval = interval
        self.window = window
    }

    /// The report to send now, or nil when the last one is too recent. `force` is for the first
    /// and the last report, which always go out.
    public func report(bytesDone: Int64, total: Int64?, attempt: Int, force: Bool = false, now: ContinuousClock.Instant = .now)
        -> DownloadProgress?
    {
        state.withLock { state in
            Self.record(bytesDone, at: now, in: &state, window: window)
            if !force, let last = state.lastReport, now - last < interval { return nil }
            state.lastReport = now
            let speed = Self.speed(state.samples)
            var progress = DownloadProgress(bytesDone: bytesDone, bytesTotal: total, bytesPerSecond: speed, attempt: attempt)
            if let total {
                progress.percent = total > 0 ? min(100, max(0, Double(bytesDone) / Double(total) * 100)) : 100
                if bytesDone >= total {
                    progress.etaSeconds = 0
                } else if let speed, speed > 0 {
                    progress.etaSeconds = Double(total - bytesDone) / speed
                }
            }
            return progress
        }
    }

    private static func record(_ bytes: Int64, at now: ContinuousClock.Instant, in state: inout State, window: Duration) {
        // A restart from zero makes the old samples describe another transfer.
        if let last = state.samples.last, bytes < last.bytes { state.samples.removeAll() }
        // The newest sample floats: it is replaced until it is far enough from the one before.
        let count = state.samples.count
        if count >= 2, now - state.samples[count - 2].at < sampleSpacing {
            state.samples[count - 1] = (now, bytes)
        } else {
            state.samples.append((now, bytes))
        }
        // Keep one sample older than the window as the left edge of the average.
        while state.samples.count > 2, now - state.samples[1].at >= window { state.samples.removeFirst() }
    }

    private static func speed(_ samples: [(at: ContinuousClock.Instant, bytes: Int64)]) -> Double? {
        guard let first = samples.first, let last = samples.last else { return nil }
        let elapsed = last.at - first.at
        guard elapsed >= .milliseconds(200) else { return nil }
        let (seconds, attoseconds) = elapsed.components
        return Double(last.bytes - first.bytes) / (Double(seconds) + Double(attoseconds) / 1e18)
    }
}
