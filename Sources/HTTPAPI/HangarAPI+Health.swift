import Foundation
import Storage

extension HangarAPI {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let started = ContinuousClock.now
        var failure: String?
        do {
            try await database.read { sql in try await sql.raw("SELECT 1 AS ok").run() }
        } catch {
            failure = "The database does not answer; check DATABASE_URL or the data directory."
        }
        let elapsed = ContinuousClock.now - started
        let latency = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let body = Components.Schemas.Health(
            status: failure == nil ? .ok : .unavailable, version: version,
            database: .init(
                engine: database.engine == .sqlite ? .sqlite : .postgres, ok: failure == nil,
                latencyMs: (latency * 1000).rounded() / 1000, error: failure))
        return failure == nil ? .ok(.init(body: .json(body))) : .serviceUnavailable(.init(body: .json(body)))
    }
}
