import Foundation
import HangarCore
import SQLKit
import Secrets
import Storage

/// The catalog's use cases: each validates its input, then reads and writes in one
/// transaction, and throws `HangarError` for anything the caller must fix.
public struct CatalogService: Sendable {
    public let database: any Database
    /// Seals and opens connection keys.
    public let secrets: SecretBox
    /// Where every committed change of a connection or model is announced (only here).
    let events: CatalogEvents

    public init(database: any Database, secrets: SecretBox, events: CatalogEvents = .silent) {
        self.database = database
        self.secrets = secrets
        self.events = events
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    /// Runs a write and turns a unique-constraint race (two requests inserting the same
    /// value at once on PostgreSQL) into the same 409 the pre-checks give.
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await database.write(body)
        } catch StorageError.uniqueViolation {
            throw HangarError(
                .conflict, code: .duplicate,
                message: "Another record already uses this value; choose a different one and retry.")
        }
    }
}
