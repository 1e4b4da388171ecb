import Foundation
import HangarCore
import SQLKit
import Storage

/// Job rows written straight into the table, as a crashed worker or an old server left them.
public enum TestJobs {
    /// Inserts a job of `state`; a finished one gets `finishedAt` (default: now), a running one
    /// `owner`'s lease until `leaseExpiresAt`. Returns its id.
    @discardableResult
    public static func insert(
        _ database: any Database, kind: String = "test", target: String, state: JobState, attempts: Int = 1,
        createdAt: Date = Date(), finishedAt: Date? = nil, owner: String? = nil, leaseExpiresAt: Date? = nil
    ) async throws -> String {
        let id = "job_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
        let created = Timestamp.format(createdAt)
        let finished = state.isActive ? nil : Timestamp.format(finishedAt ?? Date())
        let started = state == .queued ? nil : created
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO jobs (id, kind, target, state, progress, attempts, lease_owner, lease_expires_at,
                                  created_at, started_at, finished_at, updated_at)
                VALUES (\(bind: id), \(bind: kind), \(bind: target), \(bind: state.rawValue), '{}', \(bind: attempts),
                        \(bind: owner), \(bind: leaseExpiresAt.map(Timestamp.format)), \(bind: created), \(bind: started),
                        \(bind: finished), \(bind: finished ?? created))
                """
            ).run()
        }
        return id
    }

    /// The ids of every job, sorted.
    public static func ids(_ database: any Database) async throws -> [String] {
        try await database.read { sql in
            try await sql.raw("SELECT id FROM jobs ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
        }
    }
}

extension Date {
    /// `days` before now.
    public static func daysAgo(_ days: Double) -> Date { Date().addingTimeInterval(-days * 86_400) }
}
