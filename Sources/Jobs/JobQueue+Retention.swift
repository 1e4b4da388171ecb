import Foundation
import HangarCore
import Storage

extension JobQueue {
    /// Deletes the jobs that finished (succeeded, failed or canceled) more than `retention`
    /// ago; returns how many. Queued and running jobs stay whatever their age. Runs in short
    /// transactions of `batch` jobs, so a large backlog never holds the writer for long; safe
    /// to run from several replicas at once.
    @discardableResult
    public func pruneFinished(olderThan retention: Duration, now: Date = Date(), batch: Int = 500) async throws -> Int {
        let cutoff = Timestamp.format(now.addingTimeInterval(-retention.timeInterval))
        let engine = database.engine
        var total = 0
        while true {
            let deleted = try await shielded {
                try await database.write { sql in
                    try await JobQueries.pruneFinished(before: cutoff, limit: max(1, batch), engine: engine, on: sql)
                }
            }
            total += deleted
            if deleted < batch { return total }
        }
    }
}
