import HangarCore

extension JobWorkerPool {
    /// Re-queues jobs whose lease expired, then claims queued jobs of the kinds with free
    /// slots. Returns the runs to start.
    func claimAvailable() async -> [JobRun] {
        var claimed: [JobRun] = []
        do {
            let work = try await queue.pendingWork()
            var kinds = work.queuedKinds
            if work.expired {
                // Our own leases may be the expired ones (this process was starved): renew
                // them first, so only jobs nobody runs go back to the queue.
                await renewLeases()
                let requeued = try await queue.requeueAbandoned(all: false, hooks: handlers)
                for job in requeued {
                    logger.warning("job's lease expired (its worker is gone); re-queued", metadata: ["job": "\(job.id)"])
                    kinds.insert(job.kind)
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
        return claimed
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
