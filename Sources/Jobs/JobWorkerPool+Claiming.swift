import Foundation
import HangarCore

extension JobWorkerPool {
    /// Ends the runs whose lease expired, then claims due jobs of the kinds with free slots.
    /// Returns the runs to start, and how long until a job waiting out a retry delay is due.
    func claimAvailable() async -> (runs: [JobRun], nextDue: Duration?) {
        var claimed: [JobRun] = []
        var nextDue: Duration?
        do {
            let work = try await queue.pendingWork()
            let kinds = work.queuedKinds
            nextDue = work.nextDue.flatMap(Timestamp.parse).map(Self.delay(until:))
            if work.expired {
                // Our own leases may be the expired ones (this process was starved): renew
                // them first, so only runs nobody makes end.
                await renewLeases()
                for job in try await queue.endAbandonedRuns(all: false, retry: retry, hooks: handlers) {
                    logger.warning(
                        "job's lease expired (its worker is gone)",
                        metadata: [
                            "job": "\(job.id)", "state": "\(job.state)", "run_after": "\(job.runAfter ?? "")",
                        ])
                    if let due = job.runAfter.flatMap(Timestamp.parse).map(Self.delay(until:)) {
                        nextDue = nextDue.map { min($0, due) } ?? due
                    }
                }
            }
            for kind in kinds.sorted() {
                guard let handler = handlers[kind], !isStopping else { continue }
                let free = await handler.concurrency - state.withLock { $0.running[kind, default: 0] }
                guard free > 0 else { continue }
                let stored = try await queue.claim(kind: kind, limit: free, owner: owner, lease: leaseDuration, hooks: handlers)
                for job in stored {
                    let run = JobRun(job)
                    let previous = state.withLock { state in
                        defer {
                            state.runs[job.job.id] = run
                            state.running[kind, default: 0] += 1
                        }
                        return state.runs[job.job.id]
                    }
                    // Our earlier run of it lost its lease and is stopping.
                    previous?.stop(.lost)
                    claimed.append(run)
                }
            }
        } catch {
            logger.warning("could not claim jobs", metadata: ["error": "\(error)"])
        }
        return (claimed, nextDue)
    }

    /// From now to `date`, a little past it: the database compares in milliseconds, and a
    /// wake-up that comes a hair early would find nothing due and wait for the poll.
    static func delay(until date: Date) -> Duration {
        .milliseconds(max(0, Int64((date.timeIntervalSinceNow * 1000).rounded(.up))) + 5)
    }

    /// Renews the leases of this pool's jobs every third of the lease.
    func keepLeases() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: leaseDuration / 3)
            if !Task.isCancelled { await renewLeases() }
        }
    }

    /// A job the renewal no longer finds under this owner (canceled, or taken over after our
    /// lease lapsed) is stopped here.
    func renewLeases() async {
        let runs = state.withLock { $0.runs }
        guard !runs.isEmpty else { return }
        do {
            let held = try await queue.renewLeases(ids: Array(runs.keys), owner: owner, lease: leaseDuration)
            for (id, run) in runs where !held.contains(id) {
                logger.info("job is no longer ours (canceled or taken over); stopping it", metadata: ["job": "\(id)"])
                run.stop(.lost)
            }
        } catch {
            logger.warning("could not renew job leases", metadata: ["error": "\(error)"])
        }
    }
}
