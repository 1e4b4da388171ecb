import SQLKit

public enum DatabaseEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}

/// One query layer over two engines. Reads may run concurrently; `write` runs its body in a
/// transaction that commits when the body returns and rolls back when it throws.
public protocol Database: Sendable {
    var engine: DatabaseEngine { get }
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
}

/// Failures the storage layer recognises on both engines, so callers never parse driver errors.
public enum StorageError: Error, Sendable, Equatable {
    case uniqueViolation(String)
    case foreignKeyViolation(String)
    /// The database cannot be reached or refuses connections; the request may succeed later.
    case unavailable(String)
}
