import Foundation

extension JobWorkerPool {
    /// Deletes finished jobs older than the retention in effect; returns how many, or nil when
    /// the pool keeps jobs forever or the database could not be reached (logged; the next
    /// round tries again).
    @discardableResult
    public func pruneFinishedJobs() async -> Int? {
        guard let retention else { return nil }
        do {
            let pruned = try await queue.pruneFinished(olderThan: await retention())
            if pruned > 0 { logger.info("pruned finished jobs", metadata: ["count": "\(pruned)"]) }
            return pruned
        } catch {
            logger.warning("could not prune finished jobs", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Prunes every `interval`; the first round comes after one interval, since whoever
    /// starts the pool prunes once before (the server does, before it serves requests).
    func pruneEvery(_ interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if !Task.isCancelled { await pruneFinishedJobs() }
        }
    }
}
