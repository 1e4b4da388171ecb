import Foundation
import HangarCore
import Jobs
import Logging
import SQLKit
import Storage

/// The one writer of `model_runtime` and the one place that publishes `runtime` events: a
/// state is written, and announced, only when it changes.
public final class RuntimeStatuses: Sendable {
    public static let eventType = "runtime"

    let database: any Database
    let bus: EventBus?
    let logger: Logger

    public init(database: any Database, bus: EventBus?, logger: Logger) {
        self.database = database
        self.bus = bus
        self.logger = logger
    }

    /// Every known state, with the catalog models each belongs to.
    public func all() async throws -> [RuntimeState] {
        try await database.read { sql in
            let placements = try await RuntimeQueries.placements(on: sql)
            return try await RuntimeQueries.all(on: sql).map { row in
                var state = row.state
                state.modelIDs = RuntimeQueries.modelIDs(providerID: state.providerID, key: state.name, in: placements)
                return state
            }
        }
    }

    /// Sets one state (a start, its end, a stop).
    func set(providerID: String, name: String, _ status: RuntimeStatus, message: String? = nil, cause: String? = nil, jobID: String? = nil)
        async throws
    {
        let key = RuntimeQueries.key(name)
        try await change(providerID: providerID) { rows in
            var row = rows[key] ?? .init(state: .init(providerID: providerID, name: key, status: .stopped, updatedAt: ""), cause: nil)
            row.state.status = status
            row.state.message = message
            row.state.jobID = jobID
            row.cause = cause
            if status != .running {
                row.state.expiresAt = nil
                row.state.sizeVRAM = nil
            }
            rows[key] = row
        }
    }

    /// A model just made on a server: `stopped` there unless Hangar already knows better.
    func placed(providerID: String, name: String) async throws {
        let key = RuntimeQueries.key(name)
        try await change(providerID: providerID) { rows in
            if rows[key] == nil {
                rows[key] = .init(state: .init(providerID: providerID, name: key, status: .stopped, updatedAt: ""), cause: nil)
            }
        }
    }

    /// What the server's `/api/ps` says: listed models run; the others that ran have stopped
    /// (unless `only` the listed ones are meant). A `loading` model is left to its start, and a
    /// start's error stays until the next action.
    func observed(providerID: String, running: [OllamaRunningModel], only: Bool = false) async throws {
        let seen = Dictionary(running.map { (RuntimeQueries.key($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        try await change(providerID: providerID) { rows in
            for (key, model) in seen {
                var row = rows[key] ?? .init(state: .init(providerID: providerID, name: key, status: .running, updatedAt: ""), cause: nil)
                row.state.status = .running
                row.state.message = nil
                row.state.jobID = nil
                row.state.expiresAt = model.expiresAt
                row.state.sizeVRAM = model.sizeVRAM
                row.cause = nil
                rows[key] = row
            }
            for (key, var row) in rows where !only && seen[key] == nil {
                switch row.state.status {
                case .running: break
                case .error where row.cause == "poll": break
                default: continue
                }
                row.state.status = .stopped
                row.state.message = nil
                row.state.expiresAt = nil
                row.state.sizeVRAM = nil
                row.cause = nil
                rows[key] = row
            }
        }
    }

    /// The server did not answer: what was running there is in doubt.
    func unreachable(providerID: String, message: String) async throws {
        try await change(providerID: providerID) { rows in
            for (key, var row) in rows where row.state.status == .running {
                row.state.status = .error
                row.state.message = message
                row.cause = "poll"
                rows[key] = row
            }
        }
    }

    /// Reads the server's rows, lets `update` change them, and writes and announces the ones
    /// that differ, in one transaction.
    private func change(providerID: String, _ update: @Sendable @escaping (inout [String: RuntimeQueries.Row]) -> Void) async throws {
        let body: @Sendable (any SQLDatabase, EventRecorder?) async throws -> Void = { sql, events in
            let before = Dictionary(
                try await RuntimeQueries.all(providerID: providerID, on: sql).map { ($0.state.name, $0) }, uniquingKeysWith: { a, _ in a })
            var after = before
            update(&after)
            let changed = after.filter { key, row in before[key].map { !Self.same($0, row) } ?? true }
            guard !changed.isEmpty else { return }
            let placements = try await RuntimeQueries.placements(on: sql)
            let now = Timestamp.now()
            for (_, var row) in changed.sorted(by: { $0.key < $1.key }) {
                row.state.updatedAt = now
                try await RuntimeQueries.upsert(row, on: sql)
                var state = row.state
                state.modelIDs = RuntimeQueries.modelIDs(providerID: providerID, key: state.name, in: placements)
                events?.record(
                    type: Self.eventType, action: "updated", subjectID: "\(providerID)/\(state.name)", data: Self.json(state))
            }
        }
        if let bus {
            try await bus.write { sql, events in try await body(sql, events) }
        } else {
            try await database.write { sql in try await body(sql, nil) }
        }
    }

    /// Equal apart from when it was written.
    static func same(_ a: RuntimeQueries.Row, _ b: RuntimeQueries.Row) -> Bool {
        var a = a
        a.state.updatedAt = b.state.updatedAt
        return a == b
    }

    static func json(_ value: some Encodable) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
