import Foundation
import HangarCore
import HangarOpenAPI
import Storage

extension HangarAPI {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let started = ContinuousClock.now
        var failure: String?
        if !(await Self.databaseAnswers(database, within: .seconds(2))) {
            failure = "The database does not answer; check DATABASE_URL or the data directory."
        }
        let elapsed = ContinuousClock.now - started
        let latency = elapsed.milliseconds
        let body = Components.Schemas.Health(
            status: failure == nil ? .ok : .unavailable, version: version,
            database: .init(
                engine: database.engine == .sqlite ? .sqlite : .postgres, ok: failure == nil,
                latencyMs: (latency * 1000).rounded() / 1000, error: failure))
        return failure == nil ? .ok(.init(body: .json(body))) : .serviceUnavailable(.init(body: .json(body)))
    }

    /// Pings the database, giving up after `limit` so a probe never waits on a dead server.
    static func databaseAnswers(_ database: any Database, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                (try? await database.read { sql in try await sql.raw("SELECT 1 AS ok").run() }) != nil
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
